"""Property: whatever the order of upserts and deletes, the memory store ends up holding
exactly what the surviving documents support, as if they had been ingested afresh, and
its change feed, replayed, gives the same entities, relations and ends."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.model import Extraction, RelationType
from graph.store.memory import MemoryStore
from graph.store.memory.query import _node_paths
from graph.store.netgraph import NetGraph
from tests.store.factories import COUNTRY, ORG, doc, ent, fact

R = RelationType
ENTITIES = [ent(COUNTRY, f"Land {c}", key=f"L{c}X") for c in "ABCDE"] + [
    ent(ORG, "Pact", key="pact"),
    ent(ORG, "League", key="league"),
]
COUNTRIES, ORGS = ENTITIES[:5], ENTITIES[5:]


@st.composite
def documents(draw: st.DrawFn) -> Extraction:
    facts = []
    for n in range(draw(st.integers(1, 3))):
        a, b = draw(st.sampled_from(COUNTRIES)), draw(st.sampled_from(COUNTRIES + ORGS))
        if b.type is COUNTRY and a.id != b.id:
            kind = draw(st.sampled_from([R.BORDERS, R.ALLIED_WITH, R.OPPOSES]))
        elif b.type is ORG:
            kind = draw(st.sampled_from([R.MEMBER_OF, R.OPPOSES]))
        else:
            continue
        conf = draw(st.sampled_from([0.3, 0.6, 0.9]))
        ends = draw(st.sampled_from([False, False, True]))
        sentence = f"{a.name} and {b.name}, note {n}."
        facts.append(fact(a, kind, b, sentence, confidence=conf, ends=ends))
    url = draw(st.sampled_from([None, None, "https://a.example/1", "https://www.b.example/2"]))
    published = draw(st.sampled_from([None, "2021-01-01", "2023-06-01"]))
    extra = draw(st.lists(st.sampled_from(ENTITIES), max_size=2, unique_by=lambda e: e.id))
    text = " ".join(e.name for e in extra)
    return doc(*facts, entities=extra, text=text, url=url, published=published)


def replay(store: MemoryStore) -> tuple[set[str], set[str], set[str]]:
    """Entities, relations and ended relations as the change feed tells them."""
    entities: set[str] = set()
    relations: set[str] = set()
    ended: set[str] = set()
    for c in store.changes(limit=100_000).changes:
        rel = f"{c.source} {c.type} {c.target}"
        if c.kind == "entity_created":
            assert c.entity not in entities
            entities.add(str(c.entity))
        elif c.kind == "entity_removed":
            entities.remove(str(c.entity))
        elif c.kind == "relation_created":
            assert rel not in relations
            relations.add(rel)
        elif c.kind == "relation_removed":
            relations.remove(rel)
            ended.discard(rel)
        elif c.kind == "relation_ended":
            assert rel not in ended
            ended.add(rel)
        elif c.kind == "relation_resumed":
            ended.remove(rel)
        else:
            assert rel in relations
    return entities, relations, ended


def fresh(extractions: list[Extraction], path: Path) -> MemoryStore:
    store = MemoryStore(path)
    for ex in extractions:
        store.upsert(ex)
    return store


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=st.lists(st.tuples(st.booleans(), documents()), min_size=1, max_size=8))
def test_any_history_equals_a_fresh_ingest_of_the_survivors(
    tmp_path_factory: pytest.TempPathFactory, ops: list[tuple[bool, Extraction]]
) -> None:
    root = tmp_path_factory.mktemp("prop")
    store = MemoryStore(root / "a.json")
    alive: dict[str, Extraction] = {}
    for delete, ex in ops:
        res = store.upsert(ex)
        url = ex.document.url
        if ex.document.id in alive:
            assert (res.status, res.replaced) == ("unchanged", [])
        else:
            stale = [d for d, e in alive.items() if url is not None and e.document.url == url]
            assert res.replaced == stale
            for old in stale:
                del alive[old]
            alive[ex.document.id] = ex
        if delete:
            store.delete_document(ex.document.id)
            del alive[ex.document.id]
    expected = fresh(list(alive.values()), root / "b.json")
    got, want = store.export_json(), expected.export_json()
    assert got["relations"] == want["relations"]
    assert got["documents"] == want["documents"]
    assert [n["id"] for n in got["nodes"]] == [n["id"] for n in want["nodes"]]  # type: ignore[attr-defined]
    assert store.stats() == expected.stats()
    assert MemoryStore(root / "a.json").export_json() == got  # and the file agrees
    stored = store.relations(limit=1000)
    assert replay(store) == (
        {n.id for n in store.search_entities(limit=1000)},
        {f"{r.source} {r.type} {r.target}" for r in stored},
        {f"{r.source} {r.type} {r.target}" for r in stored if r.ended},
    )


@settings(max_examples=60, deadline=None)
@given(
    edges=st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7)), min_size=1, max_size=14),
    ends=st.tuples(st.integers(0, 7), st.integers(0, 7)),
    max_hops=st.integers(1, 5),
)
def test_shortest_paths_match_networkx(
    edges: list[tuple[int, int]], ends: tuple[int, int], max_hops: int
) -> None:
    lands = [ent(COUNTRY, f"Land {i}", key=f"L{chr(65 + i)}X") for i in range(8)]
    mg = NetGraph()
    for a, b in edges:
        if a != b:
            mg.upsert(doc(fact(lands[a], R.OPPOSES, lands[b], f"{a} vs {b}.")))
    source, target = (lands[i].id for i in ends)
    if source not in mg.g or target not in mg.g:
        return
    undirected = nx.Graph(mg.g.to_undirected())
    try:
        want = sorted(nx.all_shortest_paths(undirected, source, target))
    except nx.NetworkXNoPath:
        want = []
    if want and len(want[0]) - 1 > max_hops:
        want = []
    assert _node_paths(mg, source, target, max_hops) == want
