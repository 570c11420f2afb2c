"""Read endpoints over the sample graph, on every store."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.schemas import Page
from graph.model import EntityDetail, EntitySummary, StoredRelation, Subgraph
from tests.api.problems import assert_problem
from tests.api.sample import IDS

KAZ, RUS, CSTO, BASE, TJK = IDS["kaz"], IDS["rus"], IDS["csto"], IDS["base"], IDS["tjk"]


def test_search_forgives_typos_and_ranks(sample_api: TestClient) -> None:
    response = sample_api.get("/entities", params={"q": "kazakstan"})
    assert response.status_code == 200
    page = Page[EntitySummary].model_validate(response.json())
    assert page.items and page.items[0].id == KAZ


def test_search_filters_by_type(sample_api: TestClient) -> None:
    page = Page[EntitySummary].model_validate(
        sample_api.get("/entities", params={"type": "Person", "limit": 50}).json()
    )
    assert {e.id for e in page.items} == {IDS["putin"], IDS["tokayev"]}


def test_entity_pages_walk_every_entity_once(sample_api: TestClient) -> None:
    seen: list[str] = []
    offset: int | None = 0
    while offset is not None:
        response = sample_api.get("/entities", params={"limit": 2, "offset": offset})
        page = Page[EntitySummary].model_validate(response.json())
        assert len(page.items) <= 2
        seen += [e.id for e in page.items]
        offset = page.next_offset
    assert sorted(seen) == sorted(IDS.values())


def test_entity_by_id_with_colon(sample_api: TestClient) -> None:
    response = sample_api.get(f"/entities/{KAZ}")
    assert response.status_code == 200
    entity = EntityDetail.model_validate(response.json())
    assert entity.id == KAZ and entity.name == "Kazakhstan"
    assert "Kazakh" in entity.aliases
    assert entity.doc_count == 2
    assert entity.relation_counts.get("MEMBER_OF") == 1
    # The colon may also arrive percent-encoded.
    assert sample_api.get("/entities/country%3AKAZ").json()["id"] == KAZ


def test_unknown_entity_is_404(sample_api: TestClient) -> None:
    body = assert_problem(sample_api.get("/entities/country:XXX"), 404)
    assert "country:XXX" in body["detail"]
    assert_problem(sample_api.get("/entities/country:XXX/neighbors"), 404)


def test_neighbors_depth_and_direction(sample_api: TestClient) -> None:
    one = Subgraph.model_validate(sample_api.get(f"/entities/{CSTO}/neighbors").json())
    assert {n.id for n in one.nodes} == {CSTO, KAZ, RUS}
    two = Subgraph.model_validate(
        sample_api.get(f"/entities/{CSTO}/neighbors", params={"depth": 2}).json()
    )
    assert {BASE, IDS["putin"], IDS["tokayev"]} <= {n.id for n in two.nodes}
    outgoing = Subgraph.model_validate(
        sample_api.get(f"/entities/{RUS}/neighbors", params={"direction": "out"}).json()
    )
    assert {(e.type, e.target) for e in outgoing.edges} >= {("MEMBER_OF", CSTO), ("OPERATES", BASE)}
    touching = [e for e in outgoing.edges if RUS in (e.source, e.target)]
    assert all(e.source == RUS or e.type == "ALLIED_WITH" for e in touching)
    assert IDS["putin"] not in {n.id for n in outgoing.nodes}


def test_neighbors_filters(sample_api: TestClient) -> None:
    members = Subgraph.model_validate(
        sample_api.get(f"/entities/{RUS}/neighbors", params={"relation": "OPERATES"}).json()
    )
    assert {e.type for e in members.edges} == {"OPERATES"}
    strong = Subgraph.model_validate(
        sample_api.get(f"/entities/{KAZ}/neighbors", params={"min_confidence": 0.5}).json()
    )
    assert all(e.confidence >= 0.5 for e in strong.edges)
    assert "ALLIED_WITH" not in {e.type for e in strong.edges}


@pytest.mark.parametrize(
    ("path", "params"),
    [
        (f"/entities/{KAZ}/neighbors", {"depth": 4}),
        (f"/entities/{KAZ}/neighbors", {"depth": 0}),
        (f"/entities/{KAZ}/neighbors", {"direction": "sideways"}),
        (f"/entities/{KAZ}/neighbors", {"min_confidence": 1.5}),
        ("/entities", {"limit": 501}),
        ("/entities", {"offset": -1}),
        ("/entities", {"type": "Planet"}),
        ("/relations", {"type": "LIKES"}),
        ("/paths", {"source": KAZ, "target": RUS, "max_hops": 7}),
        ("/paths", {"source": KAZ}),
        ("/subgraph", {"ids": [KAZ], "depth": 4}),
        ("/documents", {"limit": 0}),
        ("/analytics/centrality", {"measure": "fame"}),
    ],
)
def test_out_of_range_parameters_are_422(
    sample_api: TestClient, path: str, params: dict[str, Any]
) -> None:
    body = assert_problem(sample_api.get(path, params=params), 422)
    named = {str(e["loc"][-1]) for e in body["errors"]}
    assert named & (set(params) | {"source", "target"}), body


def test_relations_carry_evidence(sample_api: TestClient) -> None:
    response = sample_api.get("/relations", params={"source": RUS, "type": "OPERATES"})
    page = Page[StoredRelation].model_validate(response.json())
    assert [(r.source, r.target) for r in page.items] == [(RUS, BASE)]
    evidence = page.items[0].evidence[0]
    assert evidence.text == "Russia runs the 201st Military Base."
    assert evidence.doc_id.startswith("doc:") and evidence.rule == "test-rule"


def test_relations_confidence_and_paging(sample_api: TestClient) -> None:
    strong = Page[StoredRelation].model_validate(
        sample_api.get("/relations", params={"min_confidence": 0.85, "limit": 100}).json()
    )
    assert strong.items and all(r.confidence >= 0.85 for r in strong.items)
    first = sample_api.get("/relations", params={"limit": 3}).json()
    assert len(first["items"]) == 3 and first["next_offset"] == 3
    rest = sample_api.get("/relations", params={"limit": 100, "offset": 3}).json()
    assert rest["next_offset"] is None
    assert len(first["items"]) + len(rest["items"]) == 8


def test_paths_between_entities(sample_api: TestClient) -> None:
    response = sample_api.get("/paths", params={"source": TJK, "target": CSTO})
    body = response.json()
    assert response.status_code == 200 and body["paths"], body
    path = body["paths"][0]
    assert [n["id"] for n in path["nodes"]] == [TJK, BASE, RUS, CSTO]
    assert [r["type"] for r in path["relations"]] == ["LOCATED_IN", "OPERATES", "MEMBER_OF"]
    too_short = sample_api.get("/paths", params={"source": TJK, "target": CSTO, "max_hops": 2})
    assert too_short.json()["paths"] == []
    assert_problem(sample_api.get("/paths", params={"source": TJK, "target": "org:nope"}), 404)


def test_subgraph_for_drawing(sample_api: TestClient) -> None:
    response = sample_api.get("/subgraph", params={"ids": [KAZ, TJK], "depth": 1})
    graph = Subgraph.model_validate(response.json())
    ids = {n.id for n in graph.nodes}
    assert {KAZ, TJK, CSTO, BASE} <= ids
    assert all(e.source in ids and e.target in ids for e in graph.edges)


def test_documents_list_and_detail(sample_api: TestClient) -> None:
    listing = sample_api.get("/documents").json()
    assert len(listing["items"]) == 2 and listing["next_offset"] is None
    by_title = {d["title"]: d for d in listing["items"]}
    summit = by_title["Summit"]
    assert summit["relation_count"] == 4
    detail = sample_api.get(f"/documents/{summit['id']}").json()
    assert {e["id"] for e in detail["entities"]} >= {IDS["putin"], IDS["tokayev"], KAZ, RUS}
    assert {r["type"] for r in detail["relations"]} == {"LEADER_OF", "MET_WITH", "ALLIED_WITH"}
    assert_problem(sample_api.get("/documents/doc:0000000000000000"), 404)


def test_stats_count_by_type(sample_api: TestClient) -> None:
    stats = sample_api.get("/stats").json()
    assert stats["documents"] == 2
    assert stats["entities"]["Country"] == 3 and stats["entities"]["Person"] == 2
    assert stats["relations"]["MEMBER_OF"] == 2 and stats["evidence"] == 8


@pytest.mark.parametrize("measure", ["degree", "betweenness", "pagerank"])
def test_centrality(sample_api: TestClient, measure: str) -> None:
    body = sample_api.get("/analytics/centrality", params={"measure": measure}).json()
    scores = [e["score"] for e in body["items"]]
    assert body["measure"] == measure and len(scores) == len(IDS)
    assert scores == sorted(scores, reverse=True)
    countries = sample_api.get(
        "/analytics/centrality", params={"measure": measure, "type": "Country", "limit": 2}
    ).json()["items"]
    assert len(countries) == 2 and {e["type"] for e in countries} == {"Country"}


def test_degree_centrality_ranks_the_hub_first(sample_api: TestClient) -> None:
    top = sample_api.get("/analytics/centrality", params={"measure": "degree"}).json()["items"]
    assert top[0]["id"] == RUS  # related to four others, more than any other entity


def test_health_and_ready(sample_api: TestClient) -> None:
    assert sample_api.get("/health").json() == {"status": "ok"}
    ready = sample_api.get("/ready")
    assert ready.status_code == 200 and ready.json()["ready"] is True
