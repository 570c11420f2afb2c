"""Time, provenance and the change feed over HTTP: `as_of`, `min_sources`, `contested`
and `GET /changes`, on every store.

Documents are written through `POST /documents` (the real extractor) with texts that
carry dates; the ended membership is hand-built, so the test does not depend on which
phrasings the extractor reads as an end.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph.model import RelationType
from tests.api.conftest import API_KEY, store_of
from tests.api.problems import assert_problem
from tests.store.factories import COUNTRY, ORG, doc, ent, fact

KEY = {"X-API-Key": API_KEY}
ARM = ent(COUNTRY, "Armenia", key="ARM")
CSTO = ent(ORG, "Collective Security Treaty Organization", "CSTO", key="csto")
JOINED = doc(
    fact(ARM, RelationType.MEMBER_OF, CSTO, "Armenia is a member of the CSTO."),
    published="2021-03-01",
    url="https://news.example.com/2021/arm",
)
FROZEN = doc(
    fact(
        ARM,
        RelationType.MEMBER_OF,
        CSTO,
        "Armenia froze its participation in the CSTO.",
        ends=True,
    ),
    published="2024-02-23",
    url="https://www.wire.example.org/2024/arm",
)
RUS = ent(COUNTRY, "Russia", key="RUS")
STILL_MEMBER = doc(
    fact(RUS, RelationType.MEMBER_OF, CSTO, "Russia is a member of the CSTO."),
    published="2022-01-01",
    url="https://news.example.net/2022/rus",
)
MEMBERS = "Kazakhstan and Russia are members of the Collective Security Treaty Organization."


def write(api: TestClient, text: str, **fields: Any) -> str:
    answer = api.post("/documents", json={"text": text, **fields}, headers=KEY)
    assert answer.status_code == 201, answer.text
    doc_id: str = answer.json()["id"]
    return doc_id


def get(api: TestClient, path: str, **params: Any) -> Any:
    answer = api.get(path, params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()


def pairs(api: TestClient, **params: Any) -> set[tuple[str, str]]:
    page = get(api, "/relations", limit=500, **params)
    return {(r["source"], r["target"]) for r in page["items"]}


@pytest.fixture
def frozen_api(empty_api: TestClient) -> TestClient:
    """A store holding Armenia's CSTO membership, stated in 2021 and frozen in 2024."""
    store = store_of(empty_api.app)  # type: ignore[arg-type]
    store.upsert(JOINED)
    store.upsert(FROZEN)
    return empty_api


def test_as_of_keeps_what_held_on_the_date(empty_api: TestClient) -> None:
    write(empty_api, MEMBERS, published="2023-04-10")
    kaz_csto = ("country:KAZ", "org:csto")
    assert kaz_csto in pairs(empty_api, type="MEMBER_OF")
    assert pairs(empty_api, type="MEMBER_OF", as_of="2023-01-01") == set()
    assert kaz_csto in pairs(empty_api, type="MEMBER_OF", as_of="2023-04-10")
    before = get(empty_api, "/entities/org:csto/neighbors", as_of="2022-12-31")
    assert [n["id"] for n in before["nodes"]] == ["org:csto"] and before["edges"] == []
    after = get(empty_api, "/entities/org:csto/neighbors", as_of="2024-01-01")
    assert {"country:KAZ", "country:RUS"} <= {n["id"] for n in after["nodes"]}


def test_an_ended_relation_is_marked_and_left_out_after_its_end(frozen_api: TestClient) -> None:
    (rel,) = get(frozen_api, "/relations", type="MEMBER_OF", evidence_limit=10)["items"]
    assert rel["ended"] == {"on": "2024-02-23", "doc_ids": [FROZEN.document.id]}
    assert rel["contested"] is True
    assert (rel["first_seen"], rel["last_seen"]) == ("2021-03-01", "2021-03-01")
    assert sorted(ev["ends"] for ev in rel["evidence"]) == [False, True]
    assert rel["sources"] == {"example.com": 1, "example.org": 1}

    assert pairs(frozen_api, as_of="2022-06-01") == {(ARM.id, CSTO.id)}
    assert pairs(frozen_api, as_of="2024-02-23") == set()
    (edge,) = get(frozen_api, f"/entities/{ARM.id}/neighbors")["edges"]
    assert edge["ended"]["on"] == "2024-02-23"
    then = get(frozen_api, f"/entities/{ARM.id}/neighbors", as_of="2022-01-01")
    assert [e["target"] for e in then["edges"]] == [CSTO.id]
    assert get(frozen_api, f"/entities/{ARM.id}/neighbors", as_of="2025-01-01")["edges"] == []


def test_paths_and_subgraph_as_of(frozen_api: TestClient) -> None:
    path = {"source": ARM.id, "target": CSTO.id}
    assert len(get(frozen_api, "/paths", **path, as_of="2022-01-01")["paths"]) == 1
    assert get(frozen_api, "/paths", **path, as_of="2025-01-01")["paths"] == []
    assert len(get(frozen_api, "/subgraph", ids=[ARM.id], as_of="2023-01-01")["edges"]) == 1
    assert get(frozen_api, "/subgraph", ids=[ARM.id], as_of="2025-01-01")["edges"] == []


def test_contested_filters_relations(frozen_api: TestClient) -> None:
    write(frozen_api, MEMBERS, published="2023-04-10")
    assert pairs(frozen_api, contested=True) == {(ARM.id, CSTO.id)}
    uncontested = pairs(frozen_api, contested=False)
    assert ("country:KAZ", "org:csto") in uncontested and (ARM.id, CSTO.id) not in uncontested


def test_min_sources_counts_publishers(empty_api: TestClient) -> None:
    write(empty_api, MEMBERS, url="https://www.example.org/a", published="2023-04-10")
    write(empty_api, f"{MEMBERS} Officials said so.", publisher="Wire Service")
    alone = "Tajikistan is a member of the Collective Security Treaty Organization."
    write(empty_api, alone, url="https://news.example.org/b")
    by_pair = {
        (r["source"], r["target"]): r
        for r in get(empty_api, "/relations", type="MEMBER_OF")["items"]
    }
    assert by_pair[("country:KAZ", "org:csto")]["sources"] == {"example.org": 1, "Wire Service": 1}
    assert by_pair[("country:TJK", "org:csto")]["sources"] == {"example.org": 1}
    twice = pairs(empty_api, type="MEMBER_OF", min_sources=2)
    assert ("country:KAZ", "org:csto") in twice and ("country:TJK", "org:csto") not in twice
    near = get(empty_api, "/entities/org:csto/neighbors", min_sources=2)
    assert "country:TJK" not in {n["id"] for n in near["nodes"]}
    documents = {d["url"]: d for d in get(empty_api, "/documents")["items"]}
    assert documents["https://www.example.org/a"]["publisher"] == "example.org"


BAD_PARAMS = [
    ("/relations", {"as_of": "2024-13-01"}, "as_of"),
    ("/relations", {"as_of": "yesterday"}, "as_of"),
    ("/relations", {"min_sources": "-1"}, "min_sources"),
    ("/relations", {"contested": "perhaps"}, "contested"),
    ("/entities/country:KAZ/neighbors", {"as_of": "2024-02-30"}, "as_of"),
    ("/entities/country:KAZ/neighbors", {"min_sources": "many"}, "min_sources"),
    ("/paths", {"source": "a", "target": "b", "as_of": "1.5.2024"}, "as_of"),
    ("/subgraph", {"ids": "a", "as_of": "2024"}, "as_of"),
    ("/changes", {"since": "last tuesday"}, "since"),
    ("/changes", {"cursor": "not-a-cursor"}, "cursor"),
    ("/changes", {"limit": "0"}, "limit"),
]


@pytest.mark.parametrize(("path", "params", "name"), BAD_PARAMS)
def test_bad_parameters_are_422_problems(
    empty_api: TestClient, path: str, params: dict[str, str], name: str
) -> None:
    body = assert_problem(empty_api.get(path, params=params), 422)
    assert name in body["detail"]
    assert [e["loc"] for e in body["errors"]] == [["query", name]]


# --- the change feed ------------------------------------------------------------------


def changes(api: TestClient, **params: Any) -> dict[str, Any]:
    page: dict[str, Any] = get(api, "/changes", limit=500, **params)
    return page


def test_a_write_and_its_delete_appear_in_the_feed(empty_api: TestClient) -> None:
    start = changes(empty_api)
    assert start["changes"] == [] and start["more"] is False
    doc_id = write(empty_api, MEMBERS, published="2023-04-10")
    written = changes(empty_api, cursor=start["cursor"])
    kinds = {(c["kind"], c["entity"] or c["target"]) for c in written["changes"]}
    assert {("entity_created", "country:KAZ"), ("relation_created", "org:csto")} <= kinds
    assert {c["doc_id"] for c in written["changes"]} == {doc_id}
    seqs = [c["seq"] for c in written["changes"]]
    assert seqs == sorted(seqs)

    assert empty_api.delete(f"/documents/{doc_id}", headers=KEY).status_code == 204
    removed = changes(empty_api, cursor=written["cursor"])["changes"]
    assert {c["kind"] for c in removed} == {"entity_removed", "relation_removed"}
    assert {c["doc_id"] for c in removed} == {doc_id}
    assert {c["entity"] for c in removed if c["entity"]} >= {"country:KAZ", "org:csto"}


def test_the_feed_pages_by_cursor_and_filters(empty_api: TestClient) -> None:
    write(empty_api, MEMBERS, published="2023-04-10")
    everything = changes(empty_api)["changes"]
    seen: list[int] = []
    cursor = None
    while True:
        page = get(empty_api, "/changes", limit=2, **({"cursor": cursor} if cursor else {}))
        seen += [c["seq"] for c in page["changes"]]
        cursor = page["cursor"]
        if not page["more"]:
            break
    assert seen == [c["seq"] for c in everything]

    russia = changes(empty_api, entity="country:RUS")["changes"]
    assert russia and all("country:RUS" in (c["entity"], c["source"], c["target"]) for c in russia)
    assert changes(empty_api, since="2999-01-01T00:00:00Z")["changes"] == []
    first_at = everything[0]["at"]
    assert len(changes(empty_api, since=first_at)["changes"]) == len(everything)


def test_an_end_appears_in_the_feed(empty_api: TestClient) -> None:
    store = store_of(empty_api.app)  # type: ignore[arg-type]
    store.upsert(JOINED)
    mark = changes(empty_api)["cursor"]
    store.upsert(FROZEN)
    after = changes(empty_api, cursor=mark)["changes"]
    assert [(c["kind"], c["doc_id"]) for c in after] == [
        ("evidence_added", FROZEN.document.id),
        ("relation_ended", FROZEN.document.id),
    ]
    assert after[-1]["source"] == ARM.id and after[-1]["type"] == "MEMBER_OF"
