"""Bolt-only tests: what the contract suite cannot say about a server-backed store.

They run against the session's ArcadeDB (or the Neo4j named by GEOKG_TEST_BOLT_URI).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from neo4j import GraphDatabase

from graph.errors import StoreUnavailable
from graph.model import Extraction, RelationType
from graph.store import open_store
from graph.store.aggregate import aggregate
from graph.store.base import StoreConfig
from graph.store.bolt import BoltStore, cypher
from graph.store.bolt import changes as bolt_changes
from graph.store.bolt import write as bolt_write
from tests.configs import memory_config, store_config
from tests.fixtures.arcadedb import free_port
from tests.fixtures.bolt_server import BoltServer
from tests.store.factories import BASE, COUNTRY, ORG, PERSON, doc, ent, fact

R = RelationType
KAZ = ent(COUNTRY, "Kazakhstan", "Kazakh", key="KAZ")
RUS = ent(COUNTRY, "Russia", "Russian", key="RUS")
CSTO = ent(ORG, "Collective Security Treaty Organization", "CSTO", key="csto")
BASE201 = ent(BASE, "201st Military Base", "201st base")
HOSTILE = 'x\'}) DETACH DELETE n // "q" back\\slash Ünïcødé 東京'


def raw(config: StoreConfig, statement: str) -> list[dict[str, Any]]:
    """Rows of one inspection statement, read straight through the driver."""
    auth = (config.neo4j_user, config.neo4j_password)
    with GraphDatabase.driver(config.neo4j_uri, auth=auth) as driver:
        records, _, _ = driver.execute_query(statement, database_=config.neo4j_database)
    return [dict(r) for r in records]


@pytest.fixture
def bolt(bolt_config: StoreConfig) -> Iterator[BoltStore]:
    store = BoltStore(bolt_config, retry_seconds=3.0)
    yield store
    store.close()


def sample(n: int = 0) -> Extraction:
    return doc(
        fact(KAZ, R.MEMBER_OF, CSTO, f"Kazakhstan is a member of the CSTO ({n})."),
        fact(
            RUS,
            R.OPERATES,
            BASE201,
            f"Russia runs the 201st Military Base ({n}).",
            date="2024-02-01",
        ),
        fact(RUS, R.BORDERS, KAZ, f"Russia borders Kazakhstan ({n})."),
        url=f"https://news.example/{n}",
        title=f"Story {n}",
        published="2024-02-10",
    )


def test_factory_opens_a_bolt_store_and_sets_the_schema_up(bolt_config: StoreConfig) -> None:
    store = open_store(bolt_config)
    try:
        assert isinstance(store, BoltStore) and store.ping()
        store.stats()  # first use creates constraints and indexes
        constraints = {
            (tuple(r["labelsOrTypes"]), tuple(r["properties"]))
            for r in raw(bolt_config, cypher.SHOW_CONSTRAINTS)
        }
        assert (("Entity",), ("id",)) in constraints
        assert (("Document",), ("id",)) in constraints
    finally:
        store.close()


def test_dialect_follows_the_server(bolt: BoltStore, bolt_server: BoltServer) -> None:
    expected = "arcadedb" if bolt_server.restartable else "neo4j"
    assert bolt.dialect.name == expected
    assert bolt.batch_size >= 1


def test_graph_reads_well_in_neo4j_browser(bolt: BoltStore, bolt_config: StoreConfig) -> None:
    bolt.upsert(sample())
    nodes = raw(bolt_config, cypher.NODE_PROPERTIES)
    rels = raw(bolt_config, cypher.RELATIONSHIP_PROPERTIES)
    for row in nodes + rels:
        for key, value in row["props"].items():
            items = value if isinstance(value, list) else [value]
            assert all(isinstance(v, str | int | float | bool) for v in items), key
            for v in items:  # no JSON documents hidden in strings
                if isinstance(v, str) and v[:1] in "[{":
                    with pytest.raises(ValueError):
                        json.loads(v)
    entity = next(r for r in nodes if "Entity" in r["labels"] and r["props"]["id"] == KAZ.id)
    assert set(entity["labels"]) == {"Entity", "Country"}
    assert entity["props"]["name"] == "Kazakhstan"
    assert entity["props"]["aliases"] == ["Kazakhstan", "Kazakh"]
    document = next(r for r in nodes if "Document" in r["labels"])
    assert document["props"]["title"] == "Story 0"
    types = {r["type"] for r in rels}
    assert types == {"MENTIONS", "MEMBER_OF", "OPERATES", "BORDERS"}
    operates = next(r["props"] for r in rels if r["type"] == "OPERATES")
    assert operates["ev_text"] == ["Russia runs the 201st Military Base (0)."]
    assert operates["ev_date"] == ["2024-02-01"] and operates["evidence_count"] == 1
    assert operates["doc_ids"] == [document["props"]["id"]]
    mentions = [r["props"] for r in rels if r["type"] == "MENTIONS"]
    assert len(mentions) == 4 and all(m["count"] >= 1 for m in mentions)


def test_injection_attempt_round_trips_and_deletes_nothing(
    bolt: BoltStore, bolt_config: StoreConfig
) -> None:
    bolt.upsert(sample())
    before = raw(bolt_config, cypher.COUNT_ALL)[0]
    odd = ent(PERSON, HOSTILE, key="hostile")
    ex = doc(
        fact(odd, R.VISITED, KAZ, f"{HOSTILE} visited Kazakhstan."),
        title=HOSTILE,
        url="https://x.example/?q=') DETACH DELETE n //",
    )
    feed = raw(bolt_config, cypher.COUNT_CHANGES)[0]
    bolt.upsert(ex)
    after = raw(bolt_config, cypher.COUNT_ALL)[0]
    # one document, one person, a VISITED edge and two MENTIONS more; nothing gone
    assert after == {"nodes": before["nodes"] + 2, "rels": before["rels"] + 3}
    # the feed (outside COUNT_ALL) gained the person and the relation
    assert raw(bolt_config, cypher.COUNT_CHANGES)[0]["changes"] == feed["changes"] + 2
    assert bolt.get_entity(odd.id).name == HOSTILE
    assert bolt.search_entities(HOSTILE)[0].id == odd.id
    assert bolt.get_document(ex.document.id).title == HOSTILE
    bolt.delete_document(ex.document.id)
    assert raw(bolt_config, cypher.COUNT_ALL)[0] == before


def test_upsert_many_matches_one_by_one_and_reloads_as_unchanged(
    bolt: BoltStore, bolt_config: StoreConfig, tmp_path: Any
) -> None:
    putin = ent(PERSON, "Vladimir Putin", "Putin")
    docs = [sample(n) for n in range(5)]
    docs.append(doc(fact(putin, R.VISITED, KAZ, "Vladimir Putin visited Kazakhstan.")))
    docs.append(doc(fact(ent(PERSON, "Putin"), R.VISITED, RUS, "Putin flew home to Russia.")))
    docs.append(doc(fact(KAZ, R.MEMBER_OF, CSTO, "Kazakhstan left?"), url="https://news.example/1"))
    memory = open_store(memory_config(tmp_path / "g.json"))
    try:
        expected = [memory.upsert(d) for d in docs]
        got = bolt.upsert_many(docs, per_tx=4)
        assert got == expected
        assert got[6].merged == {"person:putin": putin.id}
        assert got[7].status == "updated" and got[7].replaced == [docs[1].document.id]
        assert bolt.export_json() == memory.export_json()
    finally:
        memory.close()
    counts = raw(bolt_config, cypher.COUNT_ALL)
    current = [d for d in docs if d is not docs[1]]  # docs[1] was replaced by url
    assert {r.status for r in bolt.upsert_many(current)} == {"unchanged"}
    assert raw(bolt_config, cypher.COUNT_ALL) == counts


def test_resolution_finds_an_entity_by_any_of_its_keys(bolt: BoltStore, tmp_path: Any) -> None:
    nato = ent(ORG, "North Atlantic Treaty Organization", "NATO", "OTAN", key="nato")
    otan = ent(ORG, "OTAN", key="otan")
    first = doc(fact(RUS, R.OPPOSES, nato, "Russia opposes NATO."))
    second = doc(fact(KAZ, R.OPPOSES, otan, "Kazakhstan criticised the OTAN."))
    memory = open_store(memory_config(tmp_path / "g.json"))
    try:
        for store in (bolt, memory):
            store.upsert(first)
            assert store.upsert(second).merged == {otan.id: nato.id}  # by its second acronym
        assert bolt.export_json() == memory.export_json()
    finally:
        memory.close()


def test_unreachable_server_gives_store_unavailable_naming_the_uri() -> None:
    uri = f"bolt://127.0.0.1:{free_port()}"
    config = store_config(store="neo4j", neo4j_uri=uri, neo4j_password="s3cret-pw")
    store = BoltStore(config, retry_seconds=1.0)
    try:
        with pytest.raises(StoreUnavailable) as info:
            store.stats()
        assert uri in str(info.value) and "s3cret-pw" not in str(info.value)
        assert store.ping() is False
    finally:
        store.close()


class _StopBeforeDocument:
    """A transaction that stops the server once the document's entities are written."""

    def __init__(self, tx: Any, server: BoltServer) -> None:
        self.tx, self.server = tx, server

    def run(self, statement: str, **params: Any) -> Any:
        if statement == cypher.CREATE_DOCUMENTS and self.server.arcadedb is not None:
            self.server.stop()
        return self.tx.run(statement, **params)


def test_server_stopped_mid_ingest_then_back(
    bolt: BoltStore, bolt_server: BoltServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not bolt_server.restartable:
        pytest.skip("stopping the server needs the ArcadeDB test server, not an external one")
    bolt.upsert(sample(1))
    before = bolt.stats()
    real_upsert = bolt_write.upsert_batch

    def upsert_then_outage(tx: Any, extractions: Any, *rest: Any) -> Any:
        return real_upsert(_StopBeforeDocument(tx, bolt_server), extractions, *rest)

    monkeypatch.setattr(bolt_write, "upsert_batch", upsert_then_outage)
    ex = sample(2)
    try:
        with pytest.raises(StoreUnavailable) as info:
            bolt.upsert(ex)
        assert bolt.uri in str(info.value)
        assert bolt.config.neo4j_password not in str(info.value)
        assert bolt.ping() is False
    finally:
        bolt_server.start()  # same ports, same data directory
    monkeypatch.setattr(bolt_write, "upsert_batch", real_upsert)
    # The same store object works again, and nothing of the failed document was kept.
    assert bolt.stats() == before
    assert [d.id for d in bolt.documents()] == [sample(1).document.id]
    assert {c.doc_id for c in bolt.changes(limit=1000).changes} == {sample(1).document.id}
    assert bolt.upsert(ex).status == "created"
    assert bolt.stats().documents == 2
    (member,) = bolt.relations(type=R.MEMBER_OF)
    assert member.evidence_count == 2


# --- time, provenance and the change feed -------------------------------------------

JOINED = doc(
    fact(KAZ, R.MEMBER_OF, CSTO, "Kazakhstan is a member of the CSTO."),
    published="2021-03-01",
    url="https://news.example.com/2021/kaz",
)
LEFT = doc(
    fact(KAZ, R.MEMBER_OF, CSTO, "Kazakhstan suspended its CSTO membership.", ends=True),
    published="2024-02-23",
    publisher="Wire Service",
)


def feed(store: BoltStore) -> list[tuple[str, str, str]]:
    """The whole change feed as (kind, what, document), in seq order."""
    return [
        (c.kind, c.entity or f"{c.source}-{c.type}->{c.target}", c.doc_id)
        for c in store.changes(limit=10_000).changes
    ]


def test_time_and_sources_are_plain_properties(bolt: BoltStore, bolt_config: StoreConfig) -> None:
    bolt.upsert(JOINED)
    rels = raw(bolt_config, cypher.RELATIONSHIP_PROPERTIES)
    (plain,) = [r["props"] for r in rels if r["type"] == "MEMBER_OF"]
    assert plain["ev_ends"] == [False] and plain["ends"] == 0 and plain["ended"] is False
    assert "span_starts" not in plain and "ended_on" not in plain  # no end: no spans
    assert (plain["source_names"], plain["source_counts"]) == (["example.com"], [1])
    bolt.upsert(LEFT)
    rels = raw(bolt_config, cypher.RELATIONSHIP_PROPERTIES)
    (ended,) = [r["props"] for r in rels if r["type"] == "MEMBER_OF"]
    assert ended["ev_ends"] == [False, True]  # appended in the order written
    assert (ended["ends"], ended["ended"], ended["ended_on"]) == (1, True, "2024-02-23")
    assert ended["ended_docs"] == [LEFT.document.id]
    assert (ended["span_starts"], ended["span_ends"]) == (["2021-03-01"], ["2024-02-23"])
    assert ended["source_names"] == ["Wire Service", "example.com"]
    publishers = {
        r["props"]["id"]: r["props"].get("publisher")
        for r in raw(bolt_config, cypher.NODE_PROPERTIES)
        if "Document" in r["labels"]
    }
    assert publishers == {JOINED.document.id: "example.com", LEFT.document.id: "Wire Service"}


def test_relations_stored_before_ends_existed_read_and_grow(
    bolt: BoltStore, bolt_config: StoreConfig
) -> None:
    """A relation written by an earlier version (no ev_ends, no time aggregates)."""
    bolt.upsert(JOINED)
    auth = (bolt_config.neo4j_user, bolt_config.neo4j_password)
    with GraphDatabase.driver(bolt_config.neo4j_uri, auth=auth) as driver:
        driver.execute_query(
            "MATCH ()-[r:MEMBER_OF]->() REMOVE r.ev_ends, r.ends, r.ended, r.source_names, "
            "r.source_counts",
            database_=bolt_config.neo4j_database,
        )
    (old,) = bolt.relations()
    assert old.ended is None and old.sources == {} and old.evidence[0].ends is False
    assert [r.source for r in bolt.relations(as_of="2022-01-01")] == [KAZ.id]
    bolt.upsert(LEFT)
    (rel,) = bolt.relations()
    assert rel.ended is not None and rel.ended.on == "2024-02-23"
    assert sorted(ev.ends for ev in rel.evidence) == [False, True]
    assert rel.sources == {"example.com": 1, "Wire Service": 1}


def test_relation_pages_are_cut_after_the_time_filter(bolt: BoltStore) -> None:
    countries = [ent(COUNTRY, f"Land{i}", key=f"L{chr(65 + i)}X") for i in range(5)]
    for i, country in enumerate(countries):
        bolt.upsert(
            doc(
                fact(
                    country, R.MEMBER_OF, CSTO, f"Land{i} is in the CSTO.", confidence=0.5 + i / 10
                ),
                published="2020-01-01" if i % 2 else "2030-01-01",
            )
        )
    held = [r.source for r in bolt.relations(as_of="2021-01-01", limit=100)]
    assert held == [countries[3].id, countries[1].id]
    assert [r.source for r in bolt.relations(as_of="2021-01-01", limit=1, offset=1)] == held[1:]


def test_paths_as_of_take_a_longer_way_round_an_ended_relation(bolt: BoltStore) -> None:
    """The direct relation ended; the two-hop one through Russia held all along."""
    bolt.upsert(JOINED)
    bolt.upsert(LEFT)
    bolt.upsert(
        doc(
            fact(KAZ, R.BORDERS, RUS, "Kazakhstan borders Russia."),
            fact(RUS, R.MEMBER_OF, CSTO, "Russia is in the CSTO."),
            published="2020-01-01",
        )
    )
    (direct,) = bolt.shortest_paths(KAZ.id, CSTO.id, as_of="2022-01-01")
    assert [n.id for n in direct.nodes] == [KAZ.id, CSTO.id]
    (around,) = bolt.shortest_paths(KAZ.id, CSTO.id, as_of="2025-01-01")
    assert [n.id for n in around.nodes] == [KAZ.id, RUS.id, CSTO.id]
    assert all(e.ended is None for e in around.relations)
    assert bolt.shortest_paths(KAZ.id, CSTO.id, max_hops=1, as_of="2025-01-01") == []


def test_a_batch_logs_each_document_as_one_by_one_writes_do(
    bolt: BoltStore, bolt_config: StoreConfig
) -> None:
    docs = [JOINED, LEFT, doc(fact(RUS, R.MEMBER_OF, CSTO, "Russia is in the CSTO."))]
    for ex in docs:
        bolt.upsert(ex)
    for ex in docs[::-1]:
        bolt.delete_document(ex.document.id)
    one_by_one = feed(bolt)
    auth = (bolt_config.neo4j_user, bolt_config.neo4j_password)
    with GraphDatabase.driver(bolt_config.neo4j_uri, auth=auth) as driver:
        driver.execute_query(
            "MATCH (c:Change) DETACH DELETE c", database_=bolt_config.neo4j_database
        )
    bolt.upsert_many(docs)
    for ex in docs[::-1]:
        bolt.delete_document(ex.document.id)
    assert feed(bolt) == one_by_one
    assert one_by_one[:5] == [
        ("entity_created", KAZ.id, JOINED.document.id),
        ("entity_created", CSTO.id, JOINED.document.id),
        ("relation_created", f"{KAZ.id}-MEMBER_OF->{CSTO.id}", JOINED.document.id),
        ("evidence_added", f"{KAZ.id}-MEMBER_OF->{CSTO.id}", LEFT.document.id),
        ("relation_ended", f"{KAZ.id}-MEMBER_OF->{CSTO.id}", LEFT.document.id),
    ]
    seqs = [c.seq for c in bolt.changes(limit=10_000).changes]
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))  # no gaps, no repeats


def test_a_replaced_document_logs_its_removal_first(bolt: BoltStore) -> None:
    first = doc(fact(KAZ, R.MEMBER_OF, CSTO, "Kazakhstan joined the CSTO."), url="u://story")
    second = doc(fact(RUS, R.MEMBER_OF, CSTO, "Russia joined the CSTO."), url="u://story")
    bolt.upsert(first)
    before = len(feed(bolt))
    assert bolt.upsert(second).replaced == [first.document.id]
    old, new = first.document.id, second.document.id
    assert feed(bolt)[before:] == [
        ("relation_removed", f"{KAZ.id}-MEMBER_OF->{CSTO.id}", old),
        ("entity_removed", KAZ.id, old),
        ("entity_removed", CSTO.id, old),
        ("entity_created", RUS.id, new),
        ("entity_created", CSTO.id, new),
        ("relation_created", f"{RUS.id}-MEMBER_OF->{CSTO.id}", new),
    ]


def test_bad_cursor_and_since_are_clear_errors(bolt: BoltStore) -> None:
    for bad in ("abc", "-1", "1.5", ""):
        with pytest.raises(ValueError, match="cursor"):
            bolt.changes(cursor=bad)
    with pytest.raises(ValueError, match="since"):
        bolt.changes(since="last tuesday")
    assert bolt.changes().cursor == "0" and bolt.changes(cursor="7").cursor == "7"


class _Recording:
    """A transaction that notes every statement it runs."""

    def __init__(self, tx: Any, seen: list[str]) -> None:
        self.tx, self.seen = tx, seen

    def run(self, statement: str, **params: Any) -> Any:
        self.seen.append(statement)
        return self.tx.run(statement, **params)


def test_every_write_takes_the_change_counter_once(
    bolt: BoltStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What makes seq order commit order: every write with changes takes the counter;
    first where the server locks (writers queue there), else just before the changes."""
    seen: list[str] = []
    real_upsert, real_delete = bolt_write.upsert_batch, bolt_write.delete_document

    def check(statements: list[str]) -> None:
        assert statements.count(cypher.LOCK_CHANGE_COUNTER) == 1
        if bolt.dialect.counter_first:
            assert statements[0] == cypher.LOCK_CHANGE_COUNTER
        else:
            assert statements[-3] == cypher.LOCK_CHANGE_COUNTER
        assert statements[-2:] == [cypher.CREATE_CHANGES, cypher.SET_CHANGE_COUNTER]

    def upsert(tx: Any, *args: Any) -> Any:
        seen.clear()
        result = real_upsert(_Recording(tx, seen), *args)
        check(seen)
        return result

    def delete(tx: Any, *args: Any) -> Any:
        seen.clear()
        result = real_delete(_Recording(tx, seen), *args)
        check(seen)
        return result

    monkeypatch.setattr(bolt_write, "upsert_batch", upsert)
    monkeypatch.setattr(bolt_write, "delete_document", delete)
    bolt.upsert(JOINED)
    bolt.upsert_many([LEFT])
    bolt.delete_document(LEFT.document.id)
    assert len(feed(bolt)) == 7  # 3 + 2 written, 2 on delete


def test_cypher_and_python_as_of_agree_with_holds_on(bolt: BoltStore) -> None:
    """Relation pages filter in Cypher (`cypher.HOLDS_ON`), walks in Python: both must
    answer as `Aggregates.holds_on` does, over stated, ended, resumed, same-day and
    end-only histories."""
    histories = {
        "stated": [("2020-01-01", False)],
        "ended": [("2020-01-01", False), ("2022-01-01", True)],
        "resumed": [("2020-01-01", False), ("2022-01-01", True), ("2023-01-01", False)],
        "same-day": [("2021-01-01", False), ("2021-01-01", True)],
        "end-only": [("2021-01-01", True)],
        "twice-ended": [("2020-01-01", False), ("2021-01-01", True), ("2022-01-01", True)],
    }
    hub = ent(ORG, "Hub Organisation", key="hub")
    for n, (name, events) in enumerate(histories.items()):
        member = ent(COUNTRY, f"Member {name}", key=f"M{chr(65 + n)}X")
        for k, (date, ends) in enumerate(events):
            sentence = f"Member {name} and the hub, statement {k}."
            bolt.upsert(doc(fact(member, R.MEMBER_OF, hub, sentence, ends=ends), published=date))
    everything = bolt.relations(limit=100)
    assert len(everything) == len(histories)
    for as_of in (
        "2019-06-01",
        "2020-01-01",
        "2021-01-01",
        "2021-06-01",
        "2022-01-01",
        "2024-01-01",
    ):
        expected = sorted(r.source for r in everything if aggregate(r.evidence).holds_on(as_of))
        assert sorted(r.source for r in bolt.relations(as_of=as_of, limit=100)) == expected
        walked = bolt.neighbors(hub.id, as_of=as_of, limit=100).edges
        assert sorted(e.source for e in walked) == expected, as_of


def test_feed_times_never_fall_behind_under_a_clock_stepping_back(
    bolt: BoltStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    bolt.upsert(JOINED)
    (*_, last) = bolt.changes(limit=1000).changes

    class Past(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> Past:
            return cls(2001, 1, 1, tzinfo=tz)

    monkeypatch.setattr(bolt_changes, "datetime", Past)
    bolt.upsert(LEFT)
    later = bolt.changes(cursor=str(last.seq)).changes
    assert later and all(c.at == last.at for c in later)  # held at the last time
    assert [c.seq for c in bolt.changes(since=last.at).changes][-len(later) :] == [
        c.seq for c in later
    ]
