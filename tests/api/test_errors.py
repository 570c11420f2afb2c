"""The error table: every status with its problem body, and what it leaves stored."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import cast

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from graph.extract import Extractor
from tests.api.conftest import API_KEY, OTHER_KEY, STORE_KINDS, make_settings, store_of
from tests.api.problems import assert_problem

TEXT = "Kazakhstan is a member of the Collective Security Treaty Organization."


def _doc_count(client: TestClient) -> int:
    count: int = client.get("/stats").json()["documents"]
    return count


def test_writes_need_a_key(empty_api: TestClient) -> None:
    body = assert_problem(empty_api.post("/documents", json={"text": TEXT}), 401)
    assert "X-API-Key" in body["detail"]
    assert_problem(empty_api.delete("/documents/doc:0000000000000000"), 401)
    assert _doc_count(empty_api) == 0


def test_wrong_key_is_403(empty_api: TestClient) -> None:
    wrong = {"X-API-Key": "not-a-key"}
    assert_problem(empty_api.post("/documents", json={"text": TEXT}, headers=wrong), 403)
    assert_problem(empty_api.delete("/documents/doc:0000000000000000", headers=wrong), 403)
    assert _doc_count(empty_api) == 0


def test_every_configured_key_is_accepted(empty_api: TestClient) -> None:
    for key in (API_KEY, OTHER_KEY):
        response = empty_api.delete("/documents/doc:0000000000000000", headers={"X-API-Key": key})
        assert_problem(response, 404)  # past the key check: the document is unknown


@pytest.fixture
def no_keys_api(request: pytest.FixtureRequest, extractor: Extractor) -> Iterator[TestClient]:
    app = create_app(make_settings("memory", request, api_keys=""), extractor=extractor)
    with TestClient(app) as client:
        yield client


def test_without_configured_keys_writes_are_refused(no_keys_api: TestClient) -> None:
    assert_problem(no_keys_api.post("/documents", json={"text": TEXT}), 401)
    response = no_keys_api.post("/documents", json={"text": TEXT}, headers={"X-API-Key": ""})
    assert_problem(response, 401)
    response = no_keys_api.post("/documents", json={"text": TEXT}, headers={"X-API-Key": "any"})
    assert_problem(response, 403)
    assert no_keys_api.get("/entities").status_code == 200  # reads stay open


def test_reads_can_require_a_key(request: pytest.FixtureRequest, extractor: Extractor) -> None:
    settings = make_settings("memory", request, read_requires_key=True)
    with TestClient(create_app(settings, extractor=extractor)) as client:
        assert_problem(client.get("/entities"), 401)
        assert_problem(client.get("/stats", headers={"X-API-Key": "nope"}), 403)
        assert client.get("/stats", headers={"X-API-Key": API_KEY}).status_code == 200
        assert client.get("/health").status_code == 200  # probes stay open
        schema = client.get("/openapi.json").json()
        assert schema["paths"]["/stats"]["get"]["security"] == [{"ApiKey": []}]


def test_invalid_body_is_422_naming_the_field(empty_api: TestClient) -> None:
    headers = {"X-API-Key": API_KEY}
    cases = [
        ({"text": ""}, "text"),
        ({"title": "no text"}, "text"),
        ({"text": TEXT, "colour": "red"}, "colour"),
        ({"text": TEXT, "published": "last week"}, "published"),
        ({"text": TEXT, "published": "2024-13-45"}, "published"),
        ({"text": " \n\t "}, "text"),
        ({"text": 42}, "text"),
    ]
    for body, field in cases:
        problem = assert_problem(empty_api.post("/documents", json=body, headers=headers), 422)
        assert field in {str(e["loc"][-1]) for e in problem["errors"]}, problem
        assert field in problem["detail"]
    response = empty_api.post(
        "/documents", content=b"{not json", headers={**headers, "content-type": "application/json"}
    )
    assert_problem(response, 422)
    response = empty_api.post(
        "/documents", content=b"\xff\xfe{", headers={**headers, "content-type": "application/json"}
    )
    assert_problem(response, 422)
    assert _doc_count(empty_api) == 0


@pytest.fixture
def small_body_api(request: pytest.FixtureRequest, extractor: Extractor) -> Iterator[TestClient]:
    settings = make_settings("memory", request, max_body_bytes=1000)
    with TestClient(create_app(settings, extractor=extractor)) as client:
        yield client


def test_declared_oversized_body_is_413(small_body_api: TestClient) -> None:
    response = small_body_api.post(
        "/documents", json={"text": "x" * 2000}, headers={"X-API-Key": API_KEY}
    )
    body = assert_problem(response, 413)
    assert "1000 bytes" in body["detail"]
    assert _doc_count(small_body_api) == 0


def test_streamed_oversized_body_is_413(small_body_api: TestClient) -> None:
    sent: list[int] = []

    def chunks() -> Iterator[bytes]:  # no Content-Length: sent chunked
        yield b'{"text": "'
        for _ in range(50):
            sent.append(1)
            yield b"y" * 100
        yield b'"}'

    response = small_body_api.post(
        "/documents",
        content=chunks(),
        headers={"X-API-Key": API_KEY, "content-type": "application/json"},
    )
    assert_problem(response, 413)
    assert _doc_count(small_body_api) == 0


def test_body_under_the_limit_is_accepted(small_body_api: TestClient) -> None:
    response = small_body_api.post(
        "/documents", json={"text": TEXT}, headers={"X-API-Key": API_KEY}
    )
    assert response.status_code == 201, response.text


def test_unknown_route_and_method(empty_api: TestClient) -> None:
    assert_problem(empty_api.get("/nowhere"), 404)
    response = empty_api.put("/documents", json={"text": TEXT})
    assert_problem(response, 405)
    assert set(response.headers["allow"].replace(" ", "").split(",")) == {"GET", "POST"}


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.mark.skipif("bolt" not in STORE_KINDS, reason="needs the Bolt store module")
def test_unreachable_bolt_store_is_503(
    request: pytest.FixtureRequest, extractor: Extractor
) -> None:
    uri = f"bolt://127.0.0.1:{_closed_port()}"
    settings = make_settings(
        "memory", request, store="neo4j", neo4j_uri=uri, neo4j_retry_seconds=0.5
    )
    with TestClient(create_app(settings, extractor=extractor)) as client:
        ready = client.get("/ready")
        assert ready.status_code == 503 and ready.json()["ready"] is False
        assert client.get("/health").status_code == 200
        for path in ("/entities", "/stats", "/entities/country:KAZ", "/documents"):
            assert_problem(client.get(path), 503)
        response = client.post("/documents", json={"text": TEXT}, headers={"X-API-Key": API_KEY})
        assert_problem(response, 503)


@pytest.mark.skipif("bolt" not in STORE_KINDS, reason="needs the Bolt store module")
def test_bolt_server_going_away_and_back(
    request: pytest.FixtureRequest, extractor: Extractor
) -> None:
    server = request.getfixturevalue("bolt_server")
    if not server.restartable:
        pytest.skip("an external Bolt server cannot be stopped by the tests")
    settings = make_settings("bolt", request, neo4j_retry_seconds=0.5)
    with TestClient(create_app(settings, extractor=extractor)) as client:
        assert client.get("/ready").json()["ready"] is True
        server.stop()
        try:
            assert client.get("/ready").status_code == 503
            assert_problem(client.get("/stats"), 503)
        finally:
            server.start()
        assert client.get("/ready").json()["ready"] is True
        assert store_of(cast(FastAPI, client.app)).ping()
