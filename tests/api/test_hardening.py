"""What a hostile or unlucky client found (issue 12), against a real app and a real uvicorn.

Each test failed before the fix it names: analytics computed once per graph version
off the event loop with a time budget; static names the file system refuses; idle and
half-sent connections; the key checked before the body; security headers everywhere;
protocol 400s as problem documents; local API docs; evidence capped and paged.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

import graph.analytics
from api.app import create_app
from api.client import Client, NotFound, RelationType
from api.schemas import DEFAULT_EVIDENCE
from api.server import server_config
from api.settings import Settings
from graph.extract import Extractor
from graph.model import Extraction
from graph.store.base import GraphStore
from tests.api.conftest import API_KEY, store_of
from tests.api.live import LiveServer
from tests.api.sample import CSTO, IDS, KAZ, sample_extractions
from tests.store.factories import doc, fact

PROBLEM = "application/problem+json"


def _settings(tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "store": "memory",
        "memory_path": str(tmp_path / "graph.sqlite"),
        "api_keys": API_KEY,
    }
    return Settings(**(values | overrides))


@pytest.fixture
def slow_rank(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Rankings take 0.8 s each; the list records every computation."""
    calls: list[str] = []
    rank = graph.analytics._rank

    def slow(g: Any, measure: Any) -> Any:
        calls.append(measure)
        time.sleep(0.8)
        return rank(g, measure)

    monkeypatch.setattr(graph.analytics, "_rank", slow)
    yield calls


@contextmanager
def _live(settings: Settings, extractor: Extractor) -> Iterator[tuple[str, GraphStore]]:
    """A real uvicorn configured as `geokg serve` configures it: (base URL, its store)."""
    app = create_app(settings, extractor=extractor)
    with LiveServer(app, config=server_config(app, settings, log_level="warning")) as server:
        yield server.url, store_of(app)


def test_concurrent_centrality_computes_once_per_version_off_the_loop(
    tmp_path: Path, extractor: Extractor, slow_rank: list[str]
) -> None:
    with _live(_settings(tmp_path), extractor) as (base, store):
        first, second = sample_extractions()
        store.upsert(first)
        url = "/analytics/centrality?measure=betweenness"
        answers: list[int] = []

        def ask() -> None:
            with httpx.Client(base_url=base, timeout=30) as http:
                answers.append(http.get(url).status_code)

        def burst(probe: httpx.Client) -> float:
            """Three concurrent requests; the slowest /health answer meanwhile."""
            threads = [threading.Thread(target=ask) for _ in range(3)]
            for t in threads:
                t.start()
            slowest = 0.0
            while any(t.is_alive() for t in threads):
                start = time.perf_counter()
                assert probe.get("/health").status_code == 200
                slowest = max(slowest, time.perf_counter() - start)
                time.sleep(0.02)
            for t in threads:
                t.join()
            return slowest

        with httpx.Client(base_url=base, timeout=5) as probe:
            probe.get("/health")  # connected before the burst: only the server is timed
            health = burst(probe)
            assert answers == [200, 200, 200]
            assert slow_rank == ["betweenness"]  # one computation shared by three callers
            assert health < 0.3  # the event loop stayed free
            assert probe.get(url).status_code == 200 and slow_rank == ["betweenness"]  # reused
            store.upsert(second)  # a new graph version: computed once more, not three times
            burst(probe)
            assert slow_rank == ["betweenness", "betweenness"]


def test_centrality_over_budget_is_503_with_retry_after(
    tmp_path: Path, extractor: Extractor, slow_rank: list[str]
) -> None:
    app = create_app(_settings(tmp_path, analytics_budget=0.1), extractor=extractor)
    with TestClient(app) as client:
        store_of(app).upsert(sample_extractions()[0])
        busy = client.get("/analytics/centrality")
        assert busy.status_code == 503 and busy.headers["content-type"] == PROBLEM
        assert int(busy.headers["retry-after"]) >= 1
        assert "still being computed" in busy.json()["detail"]
        time.sleep(1.0)  # the computation went on; the next call takes its result
        done = client.get("/analytics/centrality")
        assert done.status_code == 200 and done.json()["items"]
        assert slow_rank == ["degree"]


def test_sampled_betweenness_says_so(
    tmp_path: Path, extractor: Extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(_settings(tmp_path), extractor=extractor)
    with TestClient(app) as client:
        for extraction in sample_extractions():
            store_of(app).upsert(extraction)
        exact = client.get("/analytics/centrality?measure=betweenness").json()
        assert exact["sampled"] is None
        monkeypatch.setattr(graph.analytics, "BETWEENNESS_BUDGET", 1)
        monkeypatch.setattr(graph.analytics, "BETWEENNESS_MIN_SAMPLE", 2)
        store_of(app).delete_document(sample_extractions()[1].document.id)  # new version
        estimated = client.get("/analytics/centrality?measure=betweenness").json()
        assert estimated["sampled"] == 2


def test_bad_static_names_are_404_not_500(tmp_path: Path, extractor: Extractor) -> None:
    app = create_app(_settings(tmp_path), extractor=extractor)
    with TestClient(app) as client:  # raises if the app fails
        for name in ("a" * 300 + ".js", "%2e%2e%2fsettings.py", "x" * 5000, "app.js%00.css"):
            answer = client.get(f"/static/{name}")
            assert answer.status_code == 404, name
            assert answer.headers["content-type"] == PROBLEM


def test_key_is_checked_before_the_body(tmp_path: Path, extractor: Extractor) -> None:
    app = create_app(_settings(tmp_path), extractor=extractor)
    with TestClient(app) as client:
        malformed = {"content": b'{"text": ', "headers": {"content-type": "application/json"}}
        assert client.post("/documents", **malformed).status_code == 401  # type: ignore[arg-type]
        wrong = client.post(
            "/documents",
            content=b'{"text": ',
            headers={"content-type": "application/json", "X-API-Key": "nope"},
        )
        assert wrong.status_code == 403
        keyed = client.post(
            "/documents",
            content=b'{"text": ',
            headers={"content-type": "application/json", "X-API-Key": API_KEY},
        )
        assert keyed.status_code == 422  # with the key, the body is judged


@pytest.mark.parametrize(
    "path", ["/health", "/entities", "/docs", "/redoc", "/openapi.json", "/nowhere", "/"]
)
def test_security_headers_on_every_answer(tmp_path: Path, extractor: Extractor, path: str) -> None:
    app = create_app(_settings(tmp_path), extractor=extractor)
    with TestClient(app) as client:
        answer = client.get(path)
        assert answer.headers["x-content-type-options"] == "nosniff"
        csp = answer.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "http" not in csp


def test_docs_pages_load_nothing_from_elsewhere(tmp_path: Path, extractor: Extractor) -> None:
    app = create_app(_settings(tmp_path), extractor=extractor)
    with TestClient(app) as client:
        for page in ("/docs", "/redoc"):
            html = client.get(page).text
            assert "http" not in html and "<script>" not in html  # no CDN, no inline script
            for asset in (part.split('"')[0] for part in html.split('src="')[1:]):
                fetched = client.get(asset)
                assert fetched.status_code == 200 and len(fetched.content) > 100, asset
        assert client.get("/docs/assets/../../settings.py").status_code == 404


def _raw(url: str, payload: bytes, wait: float) -> bytes:
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=wait) as sock:
        sock.sendall(payload)
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except TimeoutError:
            return b"<still open>"
        return b"".join(chunks)


def test_protocol_errors_are_problem_documents(tmp_path: Path, extractor: Extractor) -> None:
    with _live(_settings(tmp_path), extractor) as (base, _):
        answer = _raw(base, b"GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n", 5)
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 400")
        assert b"content-type: application/problem+json" in head.lower()
        assert b'"status":400' in body


def test_idle_and_half_sent_connections_are_closed(tmp_path: Path, extractor: Extractor) -> None:
    settings = _settings(tmp_path, header_timeout=0.5, keep_alive_timeout=0.5)
    with _live(settings, extractor) as (base, _):
        results: list[bytes] = []

        def hold(payload: bytes) -> None:
            results.append(_raw(base, payload, wait=5))

        payloads = [b""] * 10 + [b"GET /health HTTP/1.1\r\nHost: x\r\n"] * 10
        threads = [threading.Thread(target=hold, args=(p,)) for p in payloads]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert b"<still open>" not in results  # every socket closed by the server
        assert time.perf_counter() - start < 4


def _much_reported() -> list[Extraction]:
    """One relation stated by 12 documents (12 evidence sentences)."""
    return [
        doc(fact(KAZ, RelationType.MEMBER_OF, CSTO, f"Kazakhstan is in the CSTO ({n}).", rule="r"))
        for n in range(12)
    ]


def test_evidence_is_capped_and_paged(tmp_path: Path, extractor: Extractor) -> None:
    with _live(_settings(tmp_path), extractor) as (base, store):
        for extraction in _much_reported():
            store.upsert(extraction)
        one_doc = _much_reported()[0].document.id
        with httpx.Client(base_url=base) as http:
            rel = http.get("/relations", params={"source": IDS["kaz"]}).json()["items"][0]
            assert rel["evidence_count"] == 12 and len(rel["evidence"]) == DEFAULT_EVIDENCE
            more = http.get("/relations", params={"source": IDS["kaz"], "evidence_limit": 10})
            assert len(more.json()["items"][0]["evidence"]) == 10
            assert http.get("/relations", params={"evidence_limit": 501}).status_code == 422
            detail = http.get(f"/documents/{one_doc}", params={"evidence_limit": 0}).json()
            assert detail["relations"][0]["evidence"] == []
        with Client(base) as kg:
            assert len(kg.relations(source=IDS["kaz"], evidence_limit=5).items[0].evidence) == 5
            page = kg.evidence(IDS["kaz"], "MEMBER_OF", IDS["csto"], limit=5, offset=10)
            assert len(page.items) == 2 and page.next_offset is None
            every = list(kg.iter_evidence(IDS["kaz"], RelationType.MEMBER_OF, IDS["csto"], 5))
            assert sorted(e.text for e in every) == sorted(
                x.relations[0].evidence[0].text for x in _much_reported()
            )
            with pytest.raises(NotFound):
                kg.evidence(IDS["kaz"], "OPPOSES", IDS["csto"])
