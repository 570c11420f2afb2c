"""The Neo4j Browser kit: the style file, and every starter query run over Bolt.

The seeds are ingested into the Bolt store on the test server (ArcadeDB, or the
Neo4j named by GEOKG_TEST_BOLT_URI), with two dated documents on Armenia and the
CSTO (the seeds give no dates); each query of neo4j/starter-queries.cypher runs
with the parameters its `:param` lines give, and its rows are checked against what
the store's own API answers for the same graph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from neo4j import GraphDatabase

from graph.extract import Extractor
from graph.ingest import ingest, read_sources
from graph.model import EntityType, RelationType
from graph.store import open_store
from graph.store.base import GraphStore, StoreConfig
from tests.store.factories import COUNTRY, ORG, doc, ent, fact

REPO = Path(__file__).resolve().parent.parent
KIT = REPO / "neo4j"
PAGE_GRAPH_JS = REPO / "api" / "static" / "graph.js"


@dataclass
class Starter:
    title: str
    params: dict[str, str]
    cypher: str


def starters() -> list[Starter]:
    """The queries of the starter file, split on its `// == title ==` headings."""
    text = (KIT / "starter-queries.cypher").read_text(encoding="utf-8")
    found = []
    for block in re.split(r"^// == ", text, flags=re.M)[1:]:
        title, _, body = block.partition("\n")
        params = dict(re.findall(r"^:param (\w+) => '([^']*)'$", body, flags=re.M))
        lines = [ln for ln in body.splitlines() if not ln.startswith((":", "//"))]
        found.append(Starter(title.strip(" ="), params, "\n".join(lines).strip().rstrip(";")))
    return found


STARTERS = {s.title: s for s in starters()}


def test_the_starter_file_has_every_query_the_kit_promises() -> None:
    assert set(STARTERS) == {
        "Neighbourhood of an entity",
        "Members of an organisation",
        "Who visited a base",
        "Evidence of a relation",
        "Shortest path between two entities",
        "Relations that held on a date",
        "Latest changes for an entity",
    }
    for starter in STARTERS.values():
        assert starter.params, f"{starter.title}: no :param line"
        for name in starter.params:
            assert f"${name}" in starter.cypher, f"{starter.title}: ${name} unused"
        assert "'" not in starter.cypher, f"{starter.title}: a literal instead of a parameter"


def _grass_rules() -> dict[str, dict[str, str]]:
    text = (KIT / "geokg.grass").read_text(encoding="utf-8")
    rules = {}
    for selector, body in re.findall(r"^([\w.]+) \{\n(.*?)^\}", text, flags=re.M | re.S):
        rules[selector] = dict(re.findall(r"^\s*([\w-]+):\s*(.+);$", body, flags=re.M))
    return rules


def test_grass_styles_every_entity_and_relation_type_like_the_page() -> None:
    rules = _grass_rules()
    page_colours = dict(
        re.findall(r"(\w+): \{ color: \"(#[0-9a-fA-F]{6})\"", PAGE_GRAPH_JS.read_text())
    )
    for entity_type in EntityType:
        rule = rules[f"node.{entity_type.value}"]
        assert rule["caption"] == "'{name}'"
        assert rule["color"].lower() == page_colours[entity_type.value].lower()
    for relation_type in RelationType:
        assert rules[f"relationship.{relation_type.value}"]["caption"] == "'<type>'"


@pytest.fixture(scope="module")
def seeded_bolt(bolt_server: Any, seeds_dir: Path) -> Iterator[tuple[GraphStore, StoreConfig]]:
    from tests.fixtures.bolt_server import clear_graph

    bolt_server.start()
    clear_graph(bolt_server)
    config = bolt_server.config()
    store = open_store(config)
    report = ingest(store, read_sources([str(seeds_dir)]), Extractor())
    assert report.created >= 2 and not report.failures, report.to_json()
    for dated in DATED:
        store.upsert(dated)
    yield store, config
    store.close()


ARMENIA = ent(COUNTRY, "Armenia", key="ARM")
CSTO = ent(ORG, "Collective Security Treaty Organization", "CSTO", key="csto")
DATED = [
    doc(
        fact(ARMENIA, RelationType.MEMBER_OF, CSTO, "Armenia is a member of the CSTO."),
        published="2021-03-01",
        url="https://news.example.com/2021/arm",
    ),
    doc(
        fact(ARMENIA, RelationType.MEMBER_OF, CSTO, "Armenia froze its CSTO role.", ends=True),
        published="2024-02-23",
        publisher="Wire Service",
    ),
]


def run(config: StoreConfig, starter: Starter, **params: str) -> list[dict[str, Any]]:
    """The starter's rows with its `:param` values (or those given)."""
    with (
        GraphDatabase.driver(
            config.neo4j_uri, auth=(config.neo4j_user, config.neo4j_password)
        ) as driver,
        driver.session(database=config.neo4j_database) as session,
    ):
        values = {**starter.params, **params}
        return [record.data() for record in session.run(starter.cypher, values)]


def resolve(store: GraphStore, value: str) -> Any:
    return store.get_entity(store.search_entities(value, limit=1)[0].id)


def test_neighbourhood(seeded_bolt: tuple[GraphStore, StoreConfig]) -> None:
    store, config = seeded_bolt
    starter = STARTERS["Neighbourhood of an entity"]
    entity = resolve(store, starter.params["entity"])
    rows = run(config, starter)
    expected = store.neighbors(entity.id)
    assert {r["neighbour"] for r in rows} == {n.name for n in expected.nodes if n.id != entity.id}
    assert len(rows) == sum(entity.relation_counts.values()) > 0


def test_members_of_an_organisation(seeded_bolt: tuple[GraphStore, StoreConfig]) -> None:
    store, config = seeded_bolt
    starter = STARTERS["Members of an organisation"]
    org = resolve(store, starter.params["organisation"])
    rows = run(config, starter)
    members = store.relations(target=org.id, type=RelationType.MEMBER_OF, limit=500)
    assert sorted(r["member"] for r in rows) == sorted(
        store.get_entity(m.source).name for m in members
    )
    assert len(rows) >= 2 and all(0 < r["confidence"] <= 1 for r in rows)


def test_who_visited_a_base(seeded_bolt: tuple[GraphStore, StoreConfig]) -> None:
    store, config = seeded_bolt
    starter = STARTERS["Who visited a base"]
    base = resolve(store, starter.params["base"])
    rows = run(config, starter)
    visits = store.relations(target=base.id, type=RelationType.VISITED)
    assert [r["visitor"] for r in rows] == sorted(store.get_entity(v.source).name for v in visits)
    assert rows and all(r["base"] == base.name and r["sentences"] for r in rows)


def test_evidence_of_a_relation(seeded_bolt: tuple[GraphStore, StoreConfig]) -> None:
    store, config = seeded_bolt
    starter = STARTERS["Evidence of a relation"]
    source = resolve(store, starter.params["source"])
    target = resolve(store, starter.params["target"])
    rows = run(config, starter)
    (relation,) = store.relations(
        source=source.id, target=target.id, type=RelationType(starter.params["relation"])
    )
    assert sorted(r["sentence"] for r in rows) == sorted(ev.text for ev in relation.evidence)
    assert all(r["document"] and r["doc_id"] in relation.doc_ids for r in rows)
    assert [r["confidence"] for r in rows] == sorted((r["confidence"] for r in rows), reverse=True)


def test_shortest_path(seeded_bolt: tuple[GraphStore, StoreConfig]) -> None:
    store, config = seeded_bolt
    starter = STARTERS["Shortest path between two entities"]
    start = resolve(store, starter.params["from"])
    end = resolve(store, starter.params["to"])
    rows = run(config, starter)
    expected = store.shortest_paths(start.id, end.id, max_hops=6)
    assert len(rows) == 1 and expected
    (row,) = rows
    assert row["hops"] == len(expected[0].relations) >= 2
    assert row["names"][0] == start.name and row["names"][-1] == end.name
    assert set(row["relations"]) <= {t.value for t in RelationType}


def test_relations_that_held_on_a_date(seeded_bolt: tuple[GraphStore, StoreConfig]) -> None:
    store, config = seeded_bolt
    starter = STARTERS["Relations that held on a date"]
    entity = resolve(store, starter.params["entity"])
    as_of = starter.params["as_of"]
    rows = run(config, starter)
    held = store.neighbors(entity.id, as_of=as_of)
    edges = [e for e in held.edges if entity.id in (e.source, e.target)]
    assert {r["neighbour"] for r in rows} == {n.name for n in held.nodes if n.id != entity.id}
    assert len(rows) == len(edges) > 0
    assert all(r["first_seen"] <= as_of for r in rows)
    # after its end the membership is gone, as the store says
    later = run(config, starter, as_of="2025-01-01")
    assert len(later) == len(store.relations(source=entity.id, as_of="2025-01-01")) == 0


def test_latest_changes_for_an_entity(seeded_bolt: tuple[GraphStore, StoreConfig]) -> None:
    store, config = seeded_bolt
    starter = STARTERS["Latest changes for an entity"]
    entity = resolve(store, starter.params["entity"])
    rows = run(config, starter)
    feed = store.changes(entity=entity.id, limit=10_000).changes
    assert [r["seq"] for r in rows] == [c.seq for c in reversed(feed[-20:])]
    assert [r["kind"] for r in rows] == [c.kind for c in reversed(feed[-20:])]
    assert len(rows) == min(20, len(feed)) > 0
    assert all(entity.id in (r["entity"], r["source"], r["target"]) for r in rows)
