"""The `GraphStore` contract: search, neighbours, relations, paths, documents, export."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.errors import NotFound
from graph.model import RelationType
from graph.store.base import GraphStore
from tests.store.factories import BASE, COUNTRY, ORG, PERSON, doc, ent, fact

R = RelationType
KAZ = ent(COUNTRY, "Kazakhstan", "Kazakh", key="KAZ")
KGZ = ent(COUNTRY, "Kyrgyzstan", key="KGZ")
RUS = ent(COUNTRY, "Russia", "Russian", key="RUS")
CHN = ent(COUNTRY, "China", "Chinese", key="CHN")
USA = ent(COUNTRY, "United States", "US", key="USA")
CSTO = ent(ORG, "Collective Security Treaty Organization", "CSTO", key="csto")
NATO = ent(ORG, "NATO", "North Atlantic Treaty Organization", key="nato")
TOKAYEV = ent(PERSON, "Kassym-Jomart Tokáyev", "Tokáyev")
BASE201 = ent(BASE, "201st Military Base", "201st base")


@pytest.fixture
def world(store: GraphStore) -> GraphStore:
    return build_world(store)


def build_world(store: GraphStore) -> GraphStore:
    """Three documents: a small, connected graph with one isolated pair."""
    store.upsert(
        doc(
            fact(KAZ, R.MEMBER_OF, CSTO, "Kazakhstan is a member of the CSTO.", confidence=0.9),
            fact(RUS, R.MEMBER_OF, CSTO, "Russia leads the CSTO.", confidence=0.5),
            fact(
                TOKAYEV,
                R.LEADER_OF,
                KAZ,
                "Tokáyev is president of Kazakhstan.",
                properties={"role": "president"},
            ),
            url="https://a.example/1",
            title="One",
            published="2022-01-06",
        )
    )
    store.upsert(
        doc(
            fact(RUS, R.BORDERS, KAZ, "Russia borders Kazakhstan.", confidence=0.95),
            fact(RUS, R.OPERATES, BASE201, "Russia runs the 201st Military Base.", confidence=0.7),
            fact(KGZ, R.MEMBER_OF, CSTO, "Kyrgyzstan is in the CSTO.", confidence=0.3),
            url="https://a.example/2",
            title="Two",
        )
    )
    store.upsert(doc(fact(USA, R.OPPOSES, CHN, "The US opposes China.", confidence=0.6)))
    return store


def ids(items: list) -> list[str]:  # type: ignore[type-arg]
    return [i.id for i in items]


def test_search_is_typo_diacritic_and_case_tolerant(world: GraphStore) -> None:
    assert ids(world.search_entities("kazakstan"))[0] == KAZ.id
    assert ids(world.search_entities("tokayev"))[0] == TOKAYEV.id
    assert ids(world.search_entities("TOKÁYEV"))[0] == TOKAYEV.id
    assert ids(world.search_entities("csto"))[0] == CSTO.id  # by alias
    assert world.search_entities("zzzzqqq") == []


def test_search_ranks_exact_before_prefix_before_substring(world: GraphStore) -> None:
    hits = world.search_entities("russia")
    assert hits[0].id == RUS.id and hits[0].score is not None
    assert ids(world.search_entities("us"))[:2] == [USA.id, RUS.id]  # exact, then substring
    assert ids(world.search_entities("sta"))[0] == USA.id  # word prefix before substring
    assert ids(world.search_entities("to"))[0] == TOKAYEV.id
    assert ids(world.search_entities("kyrgy"))[0] == KGZ.id
    scores = [h.score or 0 for h in world.search_entities("stan")]
    assert scores == sorted(scores, reverse=True)


def test_search_type_filter_paging_and_listing(world: GraphStore) -> None:
    countries = world.search_entities(None, type=COUNTRY, limit=100)
    assert {c.type for c in countries} == {COUNTRY}
    assert len(countries) == 5
    listing = world.search_entities(None, limit=100)
    assert len(listing) == 8
    keys = [(-e.doc_count, e.name) for e in listing]
    assert keys == sorted(keys)
    assert [e.doc_count for e in listing[:4]] == [2, 2, 2, 1]  # CSTO, Kazakhstan, Russia
    page = world.search_entities(None, limit=3, offset=3)
    assert ids(page) == ids(listing[3:6])
    assert world.search_entities("Kazakhstan", type=ORG) == []


def test_neighbors_depth_filters_and_limit(world: GraphStore) -> None:
    sub = world.neighbors(KAZ.id)
    assert sub.nodes[0].id == KAZ.id
    assert set(ids(sub.nodes)) == {KAZ.id, CSTO.id, RUS.id, TOKAYEV.id}
    edge_keys = {(e.source, e.type, e.target) for e in sub.edges}
    assert (KAZ.id, R.MEMBER_OF, CSTO.id) in edge_keys
    assert (KAZ.id, R.BORDERS, RUS.id) in edge_keys
    assert all(e.source in ids(sub.nodes) and e.target in ids(sub.nodes) for e in sub.edges)

    out = world.neighbors(KAZ.id, direction="out")
    assert set(ids(out.nodes)) == {KAZ.id, CSTO.id, RUS.id}  # BORDERS is symmetric
    inbound = world.neighbors(KAZ.id, direction="in")
    assert set(ids(inbound.nodes)) == {KAZ.id, TOKAYEV.id, RUS.id}
    members = world.neighbors(CSTO.id, relation=R.MEMBER_OF, min_confidence=0.4)
    assert set(ids(members.nodes)) == {CSTO.id, KAZ.id, RUS.id}
    assert {e.type for e in members.edges} == {R.MEMBER_OF}
    assert min(e.confidence for e in members.edges) >= 0.4

    deep = world.neighbors(TOKAYEV.id, depth=2)
    assert {CSTO.id, RUS.id} <= set(ids(deep.nodes))
    assert BASE201.id not in ids(deep.nodes)
    assert BASE201.id in ids(world.neighbors(TOKAYEV.id, depth=3).nodes)
    limited = world.neighbors(CSTO.id, limit=2)
    assert limited.nodes[0].id == CSTO.id and len(limited.nodes) == 3
    with pytest.raises(NotFound):
        world.neighbors("country:XXX")


def test_relations_filters_and_evidence(world: GraphStore) -> None:
    members = world.relations(type=R.MEMBER_OF)
    assert len(members) == 3
    assert {r.target for r in members} == {CSTO.id}
    strong = world.relations(type=R.MEMBER_OF, min_confidence=0.6)
    assert [r.source for r in strong] == [KAZ.id]
    (lead,) = world.relations(source=TOKAYEV.id)
    assert lead.properties == {"role": "president"}
    assert lead.evidence[0].text == "Tokáyev is president of Kazakhstan."
    assert lead.first_seen == "2022-01-06"
    # symmetric: either end matches
    assert [r.type for r in world.relations(source=KAZ.id, type=R.BORDERS)] == [R.BORDERS]
    assert [r.type for r in world.relations(target=RUS.id, type=R.BORDERS)] == [R.BORDERS]
    assert len(world.relations(source=RUS.id, target=KAZ.id)) == 1
    everything = world.relations(limit=100)
    assert len(everything) == 7
    assert world.relations(limit=2, offset=6) == everything[6:]


def test_shortest_paths(world: GraphStore) -> None:
    paths = world.shortest_paths(TOKAYEV.id, BASE201.id)
    assert len(paths) == 1
    (path,) = paths
    assert ids(path.nodes) == [TOKAYEV.id, KAZ.id, RUS.id, BASE201.id]
    assert [r.type for r in path.relations] == [R.LEADER_OF, R.BORDERS, R.OPERATES]
    two = world.shortest_paths(KAZ.id, KGZ.id)
    assert [ids(p.nodes) for p in two] == [[KAZ.id, CSTO.id, KGZ.id]]
    both = world.shortest_paths(TOKAYEV.id, CSTO.id)
    assert sorted(ids(p.nodes)[1] for p in both) == [KAZ.id]
    assert world.shortest_paths(TOKAYEV.id, BASE201.id, max_hops=2) == []
    assert world.shortest_paths(KAZ.id, CHN.id) == []
    with pytest.raises(NotFound):
        world.shortest_paths(KAZ.id, "country:XXX")


def test_subgraph_around_ids(world: GraphStore) -> None:
    sub = world.subgraph([USA.id, BASE201.id], depth=1)
    assert set(ids(sub.nodes)) == {USA.id, CHN.id, BASE201.id, RUS.id}
    assert {(e.source, e.target) for e in sub.edges} == {(USA.id, CHN.id), (RUS.id, BASE201.id)}
    bare = world.subgraph([KAZ.id, CSTO.id], depth=0)
    assert set(ids(bare.nodes)) == {KAZ.id, CSTO.id}
    assert [e.type for e in bare.edges] == [R.MEMBER_OF]
    with pytest.raises(NotFound):
        world.subgraph(["country:XXX"])


def test_documents_and_document_detail(world: GraphStore) -> None:
    docs = world.documents()
    assert len(docs) == 3
    assert [d.title for d in docs] == [None, "Two", "One"]  # newest ingested first
    first = docs[2]
    assert (first.url, first.published) == ("https://a.example/1", "2022-01-06")
    assert (first.entity_count, first.relation_count) == (4, 3)
    assert world.documents(limit=1, offset=1)[0].id == docs[1].id
    detail = world.get_document(first.id)
    assert {e.id for e in detail.entities} == {KAZ.id, RUS.id, CSTO.id, TOKAYEV.id}
    assert {r.type for r in detail.relations} == {R.MEMBER_OF, R.LEADER_OF}
    with pytest.raises(NotFound):
        world.get_document("doc:ffffffffffffffff")


def test_stats(world: GraphStore) -> None:
    s = world.stats()
    assert s.documents == 3
    assert s.entities == {"Country": 5, "Organisation": 1, "Person": 1, "MilitaryBase": 1}
    assert s.relations == {
        "MEMBER_OF": 3,
        "LEADER_OF": 1,
        "BORDERS": 1,
        "OPERATES": 1,
        "OPPOSES": 1,
    }
    assert s.evidence == 7
    assert world.ping() is True


def test_exports(world: GraphStore) -> None:
    data = world.export_json()
    assert {"nodes", "relations", "documents"} <= set(data)
    assert len(data["nodes"]) == 8  # type: ignore[arg-type]
    rels = data["relations"]
    assert isinstance(rels, list) and len(rels) == 7
    assert all(r["evidence"] for r in rels)
    assert len(data["documents"]) == 3  # type: ignore[arg-type]

    graph = nx.parse_graphml(world.export_graphml())
    assert graph.number_of_nodes() == 8 and graph.number_of_edges() == 7
    assert graph.nodes[KAZ.id]["name"] == "Kazakhstan"

    g = world.to_networkx()
    assert isinstance(g, nx.MultiDiGraph)
    assert g.nodes[CSTO.id]["type"] == "Organisation" and g.nodes[CSTO.id]["name"] == CSTO.name
    edge = g.edges[KAZ.id, CSTO.id, "MEMBER_OF"]
    assert edge["confidence"] == pytest.approx(0.9) and edge["evidence_count"] == 1
    assert g.number_of_edges() == 7
