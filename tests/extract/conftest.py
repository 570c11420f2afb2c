"""One real spaCy-backed `Extractor` for the whole test session (loading costs ~1 s)."""

from __future__ import annotations

import pytest

from graph.extract import Extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()
