"""The `store` fixture: every contract test runs once per store implementation."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph.store import open_store
from graph.store.base import GraphStore
from tests.configs import memory_config

# "bolt" runs against the session's ArcadeDB (or GEOKG_TEST_BOLT_URI); it never skips.
STORE_KINDS = ["memory", "bolt"]


@pytest.fixture(params=STORE_KINDS)
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[GraphStore]:
    """A fresh, empty store of each kind."""
    if request.param == "memory":
        path = tmp_path_factory.mktemp("memstore") / "graph.sqlite"
        config = memory_config(path)
    else:
        config = request.getfixturevalue("bolt_config")
    opened = open_store(config)
    try:
        yield opened
    finally:
        opened.close()
