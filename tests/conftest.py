"""Shared test fixtures. Fixture modules live in tests/fixtures/ and load as plugins."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest_plugins = ["tests.fixtures.bolt_server"]

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session", autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """No test touches the user's own store: GEOKG_HOME points at a temporary folder."""
    old = os.environ.get("GEOKG_HOME")
    os.environ["GEOKG_HOME"] = str(tmp_path_factory.mktemp("geokg-home"))
    yield
    if old is None:
        os.environ.pop("GEOKG_HOME", None)
    else:
        os.environ["GEOKG_HOME"] = old
