"""Fixtures for the API tests: apps over every store, built from real parts.

`sample_api` (per module and store kind) serves the hand-built graph of
`tests.api.sample`; `empty_api` (per test and store kind) serves an empty store.
Both share one real `Extractor`, so spaCy loads once per session.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.extract import Extractor
from graph.store.base import GraphStore
from tests.api.live import LiveServer
from tests.api.sample import sample_extractions

__all__ = ["API_KEY", "STORE_KINDS", "make_settings", "serve_sample", "store_of"]

API_KEY = "test-key-1"
OTHER_KEY = "test-key-2"

# The Bolt store joins the matrix as soon as its module exists.
STORE_KINDS = ["memory"] + (["bolt"] if importlib.util.find_spec("graph.store.bolt") else [])


def make_settings(kind: str, request: pytest.FixtureRequest, **overrides: Any) -> Settings:
    """Settings for a fresh, empty store of `kind` ("memory" or "bolt")."""
    values: dict[str, Any] = {"api_keys": f"{API_KEY},{OTHER_KEY}", "read_requires_key": False}
    if kind == "memory":
        tmp = request.getfixturevalue("tmp_path_factory").mktemp("apistore")
        values |= {"store": "memory", "memory_path": str(tmp / "graph.sqlite")}
    else:
        from tests.fixtures.bolt_server import clear_graph

        server = request.getfixturevalue("bolt_server")
        server.start()
        clear_graph(server)
        values |= {
            "store": "neo4j",
            "neo4j_uri": server.uri,
            "neo4j_user": server.user,
            "neo4j_password": server.password,
            "neo4j_database": server.database,
        }
    return Settings(**(values | overrides))


def store_of(app: FastAPI) -> GraphStore:
    """The store a running app (inside its lifespan) serves."""
    store: GraphStore = app.state.store_holder.get()
    return store


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="module", params=STORE_KINDS)
def sample_api(request: pytest.FixtureRequest, extractor: Extractor) -> Iterator[TestClient]:
    """A TestClient over the sample graph, once per module and store kind. Read only."""
    app = create_app(make_settings(request.param, request), extractor=extractor)
    with TestClient(app) as client:
        store = store_of(app)
        for extraction in sample_extractions():
            store.upsert(extraction)
        yield client


@contextmanager
def serve_sample(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor) -> Iterator[str]:
    """A real uvicorn serving the sample graph (memory store); yields its base URL."""
    path = tmp_path_factory.mktemp("livestore") / "graph.sqlite"
    settings = Settings(
        store="memory", memory_path=str(path), api_keys=API_KEY, read_requires_key=False
    )
    app = create_app(settings, extractor=extractor)
    with LiveServer(app) as server:
        store = store_of(app)
        for extraction in sample_extractions():
            store.upsert(extraction)
        yield server.url


@pytest.fixture(scope="session")
def live_url(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor) -> Iterator[str]:
    """Base URL of a real uvicorn serving the sample graph for the session. Read only."""
    with serve_sample(tmp_path_factory, extractor) as url:
        yield url


@pytest.fixture(params=STORE_KINDS)
def empty_api(request: pytest.FixtureRequest, extractor: Extractor) -> Iterator[TestClient]:
    """A TestClient over an empty store of each kind, for tests that write."""
    app = create_app(make_settings(request.param, request), extractor=extractor)
    with TestClient(app) as client:
        yield client
