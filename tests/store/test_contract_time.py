"""Time, provenance and the change feed, on every store.

A membership stated in 2021 and frozen in 2024, a deployment started then withdrawn
and resumed, a minister replaced: each asked as of dates before, between and after.
"""

from __future__ import annotations

import threading

import pytest

from graph.model import Extraction, RelationType
from graph.store.base import GraphStore
from tests.store.factories import COUNTRY, ORG, PERSON, doc, ent, fact

R = RelationType
ARM = ent(COUNTRY, "Armenia", key="ARM")
USA = ent(COUNTRY, "United States", "U.S.", key="USA")
NER = ent(COUNTRY, "Niger", key="NER")
RUS = ent(COUNTRY, "Russia", key="RUS")
CSTO = ent(ORG, "Collective Security Treaty Organization", "CSTO", key="csto")
MOD = ent(ORG, "Ministry of Defence of Armenia", key="arm-mod")
OLD = ent(PERSON, "Davit Tonoyan")
NEW = ent(PERSON, "Suren Papikyan")

JOINED = doc(
    fact(ARM, R.MEMBER_OF, CSTO, "Armenia is a member of the CSTO."),
    published="2021-03-01",
    url="https://news.example.com/2021/arm",
)
FROZEN = doc(
    fact(ARM, R.MEMBER_OF, CSTO, "Armenia froze its participation in the CSTO.", ends=True),
    published="2024-02-23",
    url="https://www.wire.example.org/2024/arm",
)


def member_of(store: GraphStore, as_of: str | None = None) -> list[tuple[str, str]]:
    return [(r.source, r.target) for r in store.relations(type=R.MEMBER_OF, as_of=as_of)]


def test_membership_frozen_holds_before_and_not_after(store: GraphStore) -> None:
    store.upsert(JOINED)
    store.upsert(FROZEN)
    assert member_of(store, "2020-12-31") == []
    assert member_of(store, "2022-06-01") == [(ARM.id, CSTO.id)]
    assert member_of(store, "2024-02-23") == []
    assert member_of(store, "2025-01-01") == []
    (rel,) = store.relations(type=R.MEMBER_OF)  # without as_of: every relation, marked
    assert rel.ended is not None and rel.ended.on == "2024-02-23"
    assert rel.ended.doc_ids == [FROZEN.document.id]
    assert (rel.first_seen, rel.last_seen) == ("2021-03-01", "2021-03-01")
    assert rel.contested
    assert sorted(ev.ends for ev in rel.evidence) == [False, True]
    assert all(ev.date for ev in rel.evidence)  # each evidence item carries its date


def test_neighbours_paths_and_subgraph_as_of(store: GraphStore) -> None:
    store.upsert(JOINED)
    store.upsert(FROZEN)
    then = store.neighbors(ARM.id, as_of="2022-01-01")
    assert [n.id for n in then.nodes] == [ARM.id, CSTO.id]
    now = store.neighbors(ARM.id, as_of="2025-01-01")
    assert [n.id for n in now.nodes] == [ARM.id] and now.edges == []
    (edge,) = store.neighbors(ARM.id).edges
    assert edge.ended is not None and edge.ended.on == "2024-02-23"
    assert store.shortest_paths(ARM.id, CSTO.id, as_of="2025-01-01") == []
    assert len(store.shortest_paths(ARM.id, CSTO.id, as_of="2022-01-01")) == 1
    assert store.subgraph([ARM.id], as_of="2025-01-01").edges == []
    assert len(store.subgraph([ARM.id], as_of="2023-01-01").edges) == 1


def test_deployment_withdrawn_then_resumed(store: GraphStore) -> None:
    store.upsert(
        doc(fact(USA, R.DEPLOYED_TO, NER, "U.S. troops are in Niger."), published="2019-05-01")
    )
    store.upsert(
        doc(
            fact(
                USA,
                R.DEPLOYED_TO,
                NER,
                "The U.S. completed the withdrawal of its troops from Niger.",
                ends=True,
            ),
            published="2024-08-05",
        )
    )
    deployed = [
        (r.source, r.target) for r in store.relations(type=R.DEPLOYED_TO, as_of="2024-08-04")
    ]
    assert deployed == [(USA.id, NER.id)]
    assert store.relations(type=R.DEPLOYED_TO, as_of="2024-09-01") == []
    store.upsert(
        doc(fact(USA, R.DEPLOYED_TO, NER, "U.S. troops returned to Niger."), published="2026-01-10")
    )
    assert store.relations(type=R.DEPLOYED_TO, as_of="2025-01-01") == []
    (rel,) = store.relations(type=R.DEPLOYED_TO, as_of="2026-02-01")
    assert rel.ended is None and rel.contested  # current again, its history kept
    (rel,) = store.relations(type=R.DEPLOYED_TO)
    assert rel.ended is None and rel.last_seen == "2026-01-10"


def test_minister_replaced(store: GraphStore) -> None:
    store.upsert(
        doc(
            fact(OLD, R.LEADER_OF, MOD, "Davit Tonoyan heads the Ministry of Defence of Armenia."),
            published="2018-05-11",
        )
    )
    store.upsert(
        doc(
            fact(
                OLD,
                R.LEADER_OF,
                MOD,
                "Davit Tonoyan was replaced by Suren Papikyan as defence minister.",
                ends=True,
            ),
            fact(
                NEW,
                R.LEADER_OF,
                MOD,
                "Suren Papikyan now heads the Ministry of Defence of Armenia.",
            ),
            published="2020-11-20",
        )
    )

    def leaders(as_of: str) -> list[str]:
        return [r.source for r in store.relations(target=MOD.id, type=R.LEADER_OF, as_of=as_of)]

    assert leaders("2017-01-01") == []
    assert leaders("2019-01-01") == [OLD.id]
    assert leaders("2021-01-01") == [NEW.id]


def test_an_end_without_a_start_is_contested_and_never_held(store: GraphStore) -> None:
    store.upsert(FROZEN)
    (rel,) = store.relations(contested=True)
    assert rel.ended is not None and rel.first_seen == "2024-02-23"
    assert store.relations(as_of="2030-01-01") == []
    assert store.relations(contested=False) == []


def test_contested_lists_both_sides(store: GraphStore) -> None:
    store.upsert(JOINED)
    store.upsert(FROZEN)
    store.upsert(
        doc(fact(RUS, R.MEMBER_OF, CSTO, "Russia is in the CSTO."), published="2022-01-01")
    )
    (rel,) = store.relations(contested=True)
    assert (rel.source, rel.target) == (ARM.id, CSTO.id)
    assert sorted(ev.ends for ev in rel.evidence) == [False, True]
    assert [r.source for r in store.relations(contested=False)] == [RUS.id]


def test_sources_count_distinct_publishers(store: GraphStore) -> None:
    store.upsert(JOINED)  # news.example.com
    store.upsert(
        doc(
            fact(ARM, R.MEMBER_OF, CSTO, "Armenia is in the CSTO, officials said."),
            url="https://www.news.example.com/b",
        )
    )
    store.upsert(
        doc(fact(ARM, R.MEMBER_OF, CSTO, "The CSTO includes Armenia."), publisher="Wire Service")
    )
    store.upsert(doc(fact(RUS, R.MEMBER_OF, CSTO, "Russia is in the CSTO.")))
    by_source = {r.source: r for r in store.relations(type=R.MEMBER_OF)}
    assert by_source[ARM.id].sources == {"example.com": 2, "Wire Service": 1}
    assert by_source[RUS.id].sources == {"unknown": 1}
    assert [r.source for r in store.relations(min_sources=2)] == [ARM.id]
    assert [n.id for n in store.neighbors(CSTO.id, min_sources=2).nodes] == [CSTO.id, ARM.id]
    (summary,) = [d for d in store.documents() if d.id == JOINED.document.id]
    assert summary.publisher == "example.com"


def test_delete_document_reopens_an_ended_relation(store: GraphStore) -> None:
    store.upsert(JOINED)
    store.upsert(FROZEN)
    store.delete_document(FROZEN.document.id)
    (rel,) = store.relations(as_of="2025-01-01")
    assert rel.ended is None and not rel.contested


# --- the change feed ----------------------------------------------------------------


def kinds(store: GraphStore, **kwargs: str) -> list[tuple[str, str]]:
    page = store.changes(limit=1000, **kwargs)
    return [(c.kind, c.entity or f"{c.source}-{c.type}->{c.target}") for c in page.changes]


def test_changes_record_creation_evidence_end_and_removal(store: GraphStore) -> None:
    store.upsert(JOINED)
    rel = f"{ARM.id}-MEMBER_OF->{CSTO.id}"
    assert sorted(kinds(store)) == sorted(
        [("entity_created", ARM.id), ("entity_created", CSTO.id), ("relation_created", rel)]
    )
    first = store.changes()
    assert {c.doc_id for c in first.changes} == {JOINED.document.id}
    assert not first.more
    store.upsert(FROZEN)
    after = store.changes(cursor=first.cursor)
    assert [(c.kind, c.doc_id) for c in after.changes] == [
        ("evidence_added", FROZEN.document.id),
        ("relation_ended", FROZEN.document.id),
    ]
    store.delete_document(FROZEN.document.id)
    removed = store.changes(cursor=after.cursor)
    assert [c.kind for c in removed.changes] == ["evidence_removed", "relation_resumed"]
    store.delete_document(JOINED.document.id)
    gone = store.changes(cursor=removed.cursor)
    assert sorted(c.kind for c in gone.changes) == [
        "entity_removed",
        "entity_removed",
        "relation_removed",
    ]
    seqs = [c.seq for c in store.changes(limit=1000).changes]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)


def test_changes_filter_by_entity_and_time(store: GraphStore) -> None:
    store.upsert(JOINED)
    mark = store.changes(limit=1000).changes[-1].at
    store.upsert(doc(fact(RUS, R.MEMBER_OF, CSTO, "Russia is in the CSTO.")))
    assert {c.entity for c in store.changes(entity=RUS.id).changes if c.entity} == {RUS.id}
    assert all(
        RUS.id in (c.entity, c.source, c.target) for c in store.changes(entity=RUS.id).changes
    )
    later = store.changes(since=mark).changes
    assert any(c.entity == RUS.id for c in later)
    assert all(c.at >= mark for c in later)


def test_change_pages_lose_nothing_under_concurrent_writes(store: GraphStore) -> None:
    countries = [ent(COUNTRY, f"Country{i}", key=f"Q{chr(65 + i)}X") for i in range(16)]
    docs: list[Extraction] = [
        doc(fact(c, R.MEMBER_OF, CSTO, f"{c.name} is in the CSTO."), published="2023-01-01")
        for c in countries
    ]
    seen: list[int] = []
    done = threading.Event()

    def write(part: list[Extraction]) -> None:
        for ex in part:
            store.upsert(ex)

    writers = [threading.Thread(target=write, args=(docs[i::4],)) for i in range(4)]
    for t in writers:
        t.start()
    cursor = None
    while True:
        page = store.changes(cursor=cursor, limit=3)
        seen.extend(c.seq for c in page.changes)
        cursor = page.cursor
        if done.is_set() and not page.more:
            break
        if not any(t.is_alive() for t in writers):
            done.set()
    for t in writers:
        t.join()
    everything = [c.seq for c in store.changes(limit=10_000).changes]
    assert seen == everything
    created = [c for c in store.changes(limit=10_000).changes if c.kind == "relation_created"]
    assert len(created) == 16


@pytest.mark.parametrize("bad", ["2024-13-01", "yesterday", ""])
def test_bad_as_of_is_a_clear_error(store: GraphStore, bad: str) -> None:
    with pytest.raises(ValueError, match="as_of"):
        store.relations(as_of=bad)


def test_a_sentence_date_after_publication_is_a_plan_not_when_it_was_said(
    store: GraphStore,
) -> None:
    store.upsert(
        doc(
            fact(
                USA,
                R.DEPLOYED_TO,
                NER,
                "U.S. troops stay in Niger until May 1, 2026.",
                date="2026-05-01",
            ),
            fact(
                ARM,
                R.MEMBER_OF,
                CSTO,
                "Armenia joined the CSTO on May 15, 1992.",
                date="1992-05-15",
            ),
            published="2024-03-01",
        )
    )
    (deployed,) = store.relations(type=R.DEPLOYED_TO)
    assert deployed.first_seen == "2024-03-01" and deployed.evidence[0].date == "2024-03-01"
    (member,) = store.relations(type=R.MEMBER_OF)
    assert member.first_seen == "1992-05-15"  # a past date in the sentence stands
