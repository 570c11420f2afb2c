"""The Python client against a real uvicorn: typed answers, pages, errors, retries."""

from __future__ import annotations

import datetime as dt
import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.types import Receive, Scope, Send

from api.client import (
    Change,
    ChangePage,
    Client,
    ClientError,
    NotFound,
    RetryPolicy,
    Unauthorized,
    Unavailable,
    ValidationError,
)
from api.schemas import CentralityResult, DocumentWritten, Health, Page, Paths, Ready
from graph.model import DocumentDetail, EntityDetail, EntitySummary, Stats, Subgraph
from tests.api.conftest import API_KEY
from tests.api.live import LiveServer
from tests.api.sample import IDS

KAZ, RUS, CSTO, TJK = IDS["kaz"], IDS["rus"], IDS["csto"], IDS["tjk"]
FAST = RetryPolicy(retries=2, backoff=0.01)


@pytest.fixture
def kg(live_url: str) -> Iterator[Client]:
    with Client(live_url, retry=FAST) as client:
        yield client


def test_answers_are_the_server_models(kg: Client) -> None:
    page = kg.search_entities("kazakstan")
    assert isinstance(page, Page) and isinstance(page.items[0], EntitySummary)
    assert page.items[0].id == KAZ
    entity = kg.get_entity(KAZ)
    assert isinstance(entity, EntityDetail) and entity.doc_count == 2
    graph = kg.neighbors(CSTO, depth=1)
    assert isinstance(graph, Subgraph) and {n.id for n in graph.nodes} == {CSTO, KAZ, RUS}
    paths = kg.shortest_paths(TJK, CSTO, max_hops=3)
    assert isinstance(paths, Paths) and len(paths.paths[0].relations) == 3
    assert {n.id for n in kg.subgraph([KAZ], depth=1).nodes} >= {KAZ, CSTO}
    stats = kg.stats()
    assert isinstance(stats, Stats) and stats.documents >= 2
    ranked = kg.centrality("pagerank", limit=3)
    assert isinstance(ranked, CentralityResult) and len(ranked.items) == 3
    assert kg.health() == Health()
    assert kg.ready() == Ready(ready=True, store="memory")
    relations = kg.relations(source=RUS, type="OPERATES")
    assert relations.items[0].evidence[0].text == "Russia runs the 201st Military Base."


def test_iterators_walk_every_page(kg: Client) -> None:
    entities = [e.id for e in kg.iter_entities(page_size=2)]
    assert len(entities) == len(set(entities)) and set(entities) >= set(IDS.values())
    relations = list(kg.iter_relations(page_size=3))
    assert len(relations) >= 8
    assert {r.type for r in kg.iter_relations(type="MEMBER_OF", page_size=1)} == {"MEMBER_OF"}
    documents = [d.id for d in kg.iter_documents(page_size=1)]
    assert len(documents) == len(set(documents)) >= 2


def test_problems_become_exceptions(kg: Client, live_url: str) -> None:
    with pytest.raises(NotFound) as missing:
        kg.get_entity("country:XXX")
    assert missing.value.status == 404 and missing.value.problem is not None
    assert "country:XXX" in str(missing.value)
    with pytest.raises(ValidationError) as invalid:
        kg.neighbors(KAZ, depth=4)
    assert invalid.value.status == 422 and "depth" in str(invalid.value)
    with pytest.raises(Unauthorized) as no_key:
        kg.add_document("Russia is a member of the CSTO.")
    assert no_key.value.status == 401
    with Client(live_url, api_key="wrong") as wrong, pytest.raises(Unauthorized) as bad_key:
        wrong.delete_document("doc:0000000000000000")
    assert bad_key.value.status == 403
    assert all(issubclass(e, ClientError) for e in (NotFound, Unauthorized, Unavailable))


def test_write_read_delete(live_url: str) -> None:
    text = "Kazakhstan and Russia are members of the Collective Security Treaty Organization."
    with Client(live_url, api_key=API_KEY) as kg:
        written = kg.add_document(text, title="Members", published="2024-02-03")
        assert isinstance(written, DocumentWritten) and written.status == "created"
        assert kg.add_document(text, title="Members", published="2024-02-03").status in {
            "unchanged",
            "updated",
        }
        detail = kg.get_document(written.id)
        assert isinstance(detail, DocumentDetail) and detail.title == "Members"
        assert kg.delete_document(written.id) is None
        with pytest.raises(NotFound):
            kg.get_document(written.id)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_unreachable_server_is_unavailable_after_retries() -> None:
    with Client(f"http://127.0.0.1:{_closed_port()}", retry=FAST, timeout=2) as kg:
        start = time.monotonic()
        with pytest.raises(Unavailable) as gone:
            kg.health()
        assert time.monotonic() - start >= 0.01 + 0.02  # both back-off waits happened
    assert gone.value.status is None and "cannot reach" in str(gone.value)


class CountingApp:
    """A tiny ASGI app answering 503 problems `failures` times, then `{"status": "ok"}`."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.calls: list[str] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        self.calls.append(scope["method"])
        failing = len(self.calls) <= self.failures
        status = 503 if failing else 200
        body: dict[str, Any] = (
            {"title": "Service Unavailable", "status": 503, "detail": "store away"}
            if failing
            else {"status": "ok"}
        )
        kind = b"application/problem+json" if failing else b"application/json"
        await send(
            {"type": "http.response.start", "status": status, "headers": [(b"content-type", kind)]}
        )
        await send({"type": "http.response.body", "body": json.dumps(body).encode()})


def test_gets_retry_and_recover() -> None:
    app = CountingApp(failures=2)
    with LiveServer(app) as server, Client(server.url, retry=FAST) as kg:
        assert kg.health() == Health()
    assert app.calls == ["GET", "GET", "GET"]


def test_gets_give_up_after_their_retries() -> None:
    app = CountingApp(failures=10)
    with (
        LiveServer(app) as server,
        Client(server.url, retry=FAST) as kg,
        pytest.raises(Unavailable) as away,
    ):
        kg.stats()
    assert away.value.status == 503 and away.value.problem is not None
    assert away.value.problem.detail == "store away"
    assert app.calls == ["GET"] * 3


def test_writes_never_retry() -> None:
    app = CountingApp(failures=10)
    with LiveServer(app) as server, Client(server.url, api_key="k", retry=FAST) as kg:
        with pytest.raises(Unavailable):
            kg.add_document("Russia is a member of the CSTO.")
        with pytest.raises(Unavailable):
            kg.delete_document("doc:0000000000000000")
    assert app.calls == ["POST", "DELETE"]


def test_importing_the_client_stays_light() -> None:
    code = (
        "import sys, api.client; "
        "print([m for m in ('fastapi', 'starlette', 'spacy', 'neo4j', 'uvicorn') "
        "if m in sys.modules])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


async def _wrong_shape(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] != "http":
        return
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": b'{"unexpected": true}'})


def test_answers_of_the_wrong_shape_are_client_errors() -> None:
    with (
        LiveServer(_wrong_shape) as server,
        Client(server.url, retry=FAST) as kg,
        pytest.raises(ClientError) as odd,
    ):
        kg.stats()
    assert type(odd.value) is ClientError and "unexpected answer" in str(odd.value)


def test_every_failure_is_a_client_error(live_url: str) -> None:
    from api.client import ClientError, EntityType, RelationType, ValidationError

    with Client(live_url) as kg:
        with pytest.raises(ValidationError, match="text"):
            kg.add_document("")  # refused before sending, as the client's own error
        with pytest.raises(ValidationError, match="published"):
            kg.add_document("Text.", published="yesterday")
        # The enums travel with the client, and plain strings work too.
        assert kg.search_entities("kazakstan", EntityType.COUNTRY).items
        assert kg.search_entities("kazakstan", "Country").items
        assert (
            kg.relations(type=RelationType.MEMBER_OF).items == kg.relations(type="MEMBER_OF").items
        )
    with pytest.raises(ClientError):
        Client("http://[::1").close()


def test_as_of_min_sources_and_contested(kg: Client) -> None:
    # The sample's first document is dated 2024-05-02, its second 2024-06-01.
    early = {r.type for r in kg.relations(as_of="2024-05-15", limit=100).items}
    assert early == {"MEMBER_OF", "OPERATES", "LOCATED_IN"}
    later = {r.type for r in kg.iter_relations(as_of=dt.date(2024, 6, 1), page_size=2)}
    assert {"LEADER_OF", "MET_WITH"} <= later
    assert {n.id for n in kg.neighbors(KAZ, as_of="2024-05-15").nodes} == {KAZ, CSTO}
    assert kg.shortest_paths(TJK, CSTO, as_of="2024-01-01").paths == []
    assert kg.subgraph([KAZ], as_of=dt.date(2024, 1, 1)).edges == []
    (member,) = kg.relations(source=KAZ, type="MEMBER_OF").items
    assert member.sources == {"example.org": 1} and not member.contested
    assert member.ended is None
    assert kg.relations(min_sources=2).items == []
    assert kg.neighbors(KAZ, min_sources=2).edges == []
    assert kg.relations(contested=True).items == []
    assert len(kg.relations(contested=False, limit=100).items) >= 8
    with pytest.raises(ValidationError, match="as_of"):
        kg.relations(as_of="2024-02-30")


def _feed_end(kg: Client) -> str:
    """The cursor of the change feed's current end."""
    page = kg.changes(limit=500)
    while page.more:
        page = kg.changes(cursor=page.cursor, limit=500)
    return page.cursor


def test_the_change_feed(live_url: str) -> None:
    text = "Kyrgyzstan is a member of the Collective Security Treaty Organization."
    with Client(live_url, api_key=API_KEY) as kg:
        start = _feed_end(kg)
        written = kg.add_document(text, published="2023-09-01", publisher="Wire Service")
        mine = list(kg.iter_changes(cursor=start, page_size=1))
        assert {c.doc_id for c in mine} >= {written.id}
        created = {(c.kind, c.entity) for c in mine if c.doc_id == written.id}
        assert ("entity_created", "country:KGZ") in created
        pages = kg.changes(cursor=start, limit=1)
        assert isinstance(pages, ChangePage) and len(pages.changes) == 1 and pages.more
        assert all(isinstance(c, Change) for c in mine)
        kyrgyz = list(kg.iter_changes(entity="country:KGZ"))
        assert kyrgyz and all("country:KGZ" in (c.entity, c.source, c.target) for c in kyrgyz)
        assert list(kg.iter_changes(since=dt.datetime(2999, 1, 1, tzinfo=dt.UTC))) == []

        kg.delete_document(written.id)
        gone = [c for c in kg.iter_changes(entity="country:KGZ") if c.doc_id == written.id]
        assert {c.kind for c in gone} >= {"entity_created", "entity_removed", "relation_removed"}
        with pytest.raises(ValidationError, match="cursor"):
            kg.changes(cursor="not-a-cursor")


def test_following_the_feed_waits_for_new_changes(live_url: str) -> None:
    text = "Belarus is a member of the Collective Security Treaty Organization."
    with Client(live_url, api_key=API_KEY) as kg:
        feed = kg.iter_changes(cursor=_feed_end(kg), follow=True, interval=0.05)
        written: list[str] = []

        def write_later() -> None:
            time.sleep(0.3)  # the feed is polling its end by then
            written.append(kg.add_document(text, published="2023-09-01").id)

        writer = threading.Thread(target=write_later)
        writer.start()
        first = next(feed)
        writer.join()
        assert first.doc_id == written[0]
        kg.delete_document(written[0])
