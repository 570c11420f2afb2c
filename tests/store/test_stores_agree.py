"""The two stores answer the same questions identically over the same documents."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph.model import EntityType
from graph.store import open_store
from graph.store.base import GraphStore, StoreConfig
from tests.configs import memory_config
from tests.store import test_contract as c
from tests.store import test_contract_queries as q
from tests.store.factories import PERSON, doc, ent, fact


@pytest.fixture
def both(
    bolt_config: StoreConfig, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[GraphStore]]:
    path = tmp_path_factory.mktemp("agree") / "graph.sqlite"
    stores = [
        open_store(memory_config(path)),
        open_store(bolt_config),
    ]
    try:
        for store in stores:
            q.build_world(store)
        yield stores
    finally:
        for store in stores:
            store.close()


def answers(store: GraphStore) -> dict[str, object]:
    ids = [q.KAZ.id, q.CSTO.id, q.TOKAYEV.id, q.BASE201.id, q.USA.id]
    return {
        "stats": store.stats(),
        "export": store.export_json(),
        "search": [
            store.search_entities(t) for t in ("kaz", "kazakstan", "us", "sta", "tokáyev", "csto")
        ],
        "listing": store.search_entities(None, limit=100),
        "countries": store.search_entities(None, type=EntityType.COUNTRY, limit=2, offset=1),
        "entities": [store.get_entity(i) for i in ids],
        "neighbors": [store.neighbors(i, depth=d) for i in ids for d in (1, 2)],
        "relations": store.relations(limit=100),
        "paths": store.shortest_paths(q.TOKAYEV.id, q.KGZ.id),
        "subgraph": store.subgraph([q.USA.id, q.KAZ.id]),
        "documents": store.documents(),
        "document": [store.get_document(d.id) for d in store.documents()],
    }


def test_memory_and_bolt_answer_alike(both: list[GraphStore]) -> None:
    memory, bolt = (answers(s) for s in both)
    for key in memory:
        assert memory[key] == bolt[key], key


def test_memory_and_bolt_write_alike(both: list[GraphStore]) -> None:
    """The same writes (resolution, replacement, deletion) give the same results and graph."""
    R = c.R
    andrei, anton = ent(PERSON, "Andrei Belousov"), ent(PERSON, "Anton Belousov")
    steps = [
        doc(c.PUTIN_RUS, c.KAZ_IN_CSTO, url="u://1"),
        doc(fact(ent(PERSON, "Putin"), R.VISITED, c.KAZ, "Putin visited Kazakhstan.")),
        doc(fact(andrei, R.VISITED, c.ARM, "Andrei Belousov visited Armenia.")),
        doc(fact(anton, R.VISITED, c.ARM, "Anton Belousov visited Armenia.")),
        doc(fact(ent(PERSON, "Belousov"), R.VISITED, c.RUS, "Belousov visited Russia.")),
        doc(c.ARM_IN_CSTO, c.PUTIN_RUS, url="u://1"),
        doc(c.ARM_IN_CSTO, c.PUTIN_RUS, url="u://1"),
    ]
    results = [[s.upsert(ex) for ex in steps] for s in both]
    assert results[0] == results[1]
    assert [r.status for r in results[0]] == ["created"] * 5 + ["updated", "unchanged"]
    for s in both:
        s.delete_document(steps[2].document.id)
    memory, bolt = (s.export_json() for s in both)
    assert memory == bolt
