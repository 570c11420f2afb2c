"""The `GraphStore` contract: writes, deletes, resolution and safety, on every store.

Queries (search, neighbours, paths, export) are in test_contract_queries.py.
"""

from __future__ import annotations

import contextlib
import threading

import pytest

from graph.errors import ExtractionError, NotFound
from graph.ingest import ingest_extractions
from graph.model import RelationType
from graph.store.base import GraphStore
from tests.store.factories import COUNTRY, ORG, PERSON, doc, ent, fact

R = RelationType
KAZ = ent(COUNTRY, "Kazakhstan", "Kazakh", key="KAZ")
RUS = ent(COUNTRY, "Russia", "Russian", key="RUS")
ARM = ent(COUNTRY, "Armenia", key="ARM")
CSTO = ent(ORG, "Collective Security Treaty Organization", "CSTO", key="csto")
PUTIN = ent(PERSON, "Vladimir Putin", "Putin")

KAZ_IN_CSTO = fact(KAZ, R.MEMBER_OF, CSTO, "Kazakhstan is a member of the CSTO.")
RUS_IN_CSTO = fact(RUS, R.MEMBER_OF, CSTO, "Russia leads the CSTO.", confidence=0.6)
ARM_IN_CSTO = fact(ARM, R.MEMBER_OF, CSTO, "Armenia joined the CSTO.", confidence=0.7)
PUTIN_RUS = fact(PUTIN, R.LEADER_OF, RUS, "Vladimir Putin is president of Russia.")


def counts(store: GraphStore) -> tuple[int, dict[str, int], dict[str, int], int]:
    s = store.stats()
    return (s.documents, s.entities, s.relations, s.evidence)


def test_upsert_creates_then_reingest_changes_nothing(store: GraphStore) -> None:
    ex = doc(KAZ_IN_CSTO, RUS_IN_CSTO, url="https://news.example/1")
    first = store.upsert(ex)
    assert first.status == "created" and first.doc_id == ex.document.id
    before = counts(store)
    assert before == (1, {"Country": 2, "Organisation": 1}, {"MEMBER_OF": 2}, 2)
    exported = store.export_json()
    again = store.upsert(ex)
    assert again.status == "unchanged"
    assert counts(store) == before
    assert store.export_json() == exported


def test_same_url_new_text_replaces_old_facts(store: GraphStore) -> None:
    old = doc(KAZ_IN_CSTO, PUTIN_RUS, url="https://news.example/story")
    new = doc(ARM_IN_CSTO, PUTIN_RUS, url="https://news.example/story", title="Updated")
    store.upsert(old)
    res = store.upsert(new)
    assert res.status == "updated"
    assert res.replaced == [old.document.id]
    assert [d.id for d in store.documents()] == [new.document.id]
    with pytest.raises(NotFound):
        store.get_document(old.document.id)
    with pytest.raises(NotFound):
        store.get_entity(KAZ.id)
    assert store.relations(source=KAZ.id) == []
    (lead,) = store.relations(source=PUTIN.id)
    assert lead.doc_ids == [new.document.id] and lead.evidence_count == 1
    assert store.stats().documents == 1


def test_delete_keeps_what_other_documents_support(store: GraphStore) -> None:
    d1 = doc(KAZ_IN_CSTO, PUTIN_RUS)
    d2 = doc(RUS_IN_CSTO, PUTIN_RUS, text="Later that year.")
    store.upsert(d1)
    store.upsert(d2)
    (lead,) = store.relations(type=R.LEADER_OF)
    assert lead.evidence_count == 2
    assert lead.doc_ids == sorted([d1.document.id, d2.document.id])
    store.delete_document(d1.document.id)
    (lead,) = store.relations(type=R.LEADER_OF)
    assert lead.evidence_count == 1 and lead.doc_ids == [d2.document.id]
    assert {e.doc_id for e in lead.evidence} == {d2.document.id}
    assert store.relations(source=KAZ.id) == []
    with pytest.raises(NotFound):
        store.get_entity(KAZ.id)
    assert store.get_entity(CSTO.id).doc_count == 1
    assert counts(store) == (
        1,
        {"Country": 1, "Organisation": 1, "Person": 1},
        {"LEADER_OF": 1, "MEMBER_OF": 1},
        2,
    )
    with pytest.raises(NotFound):
        store.delete_document(d1.document.id)
    with pytest.raises(NotFound):
        store.delete_document("doc:0000000000000000")


def test_entity_mentioned_without_relations_lives_while_mentioned(store: GraphStore) -> None:
    d1 = doc(KAZ_IN_CSTO, entities=[ARM], text="Armenia watched.")
    store.upsert(d1)
    assert store.get_entity(ARM.id).doc_count == 1
    store.delete_document(d1.document.id)
    assert store.stats().entities == {}
    assert store.stats().evidence == 0


def test_aliases_accumulate_and_detail_counts(store: GraphStore) -> None:
    store.upsert(doc(KAZ_IN_CSTO))
    kaz_other = KAZ.model_copy(update={"aliases": ["Kazakhstan", "Qazaqstan"]})
    store.upsert(doc(fact(kaz_other, R.MEMBER_OF, CSTO, "Qazaqstan stays in the CSTO.")))
    detail = store.get_entity(KAZ.id)
    assert detail.name == "Kazakhstan" and detail.type == COUNTRY
    assert sorted(detail.aliases) == ["Kazakh", "Kazakhstan", "Qazaqstan"]
    assert detail.doc_count == 2
    assert detail.relation_counts == {"MEMBER_OF": 1}
    (rel,) = store.relations(source=KAZ.id)
    assert rel.evidence_count == 2
    assert rel.confidence == pytest.approx(1 - 0.2 * 0.2)
    with pytest.raises(NotFound):
        store.get_entity("country:XXX")


def test_first_and_last_seen_from_dates(store: GraphStore) -> None:
    store.upsert(doc(KAZ_IN_CSTO, published="2022-01-06"))
    dated = fact(
        KAZ, R.MEMBER_OF, CSTO, "In 2024 Kazakhstan was still in the CSTO.", date="2024-03-01"
    )
    store.upsert(doc(dated, published="2024-05-01"))
    (rel,) = store.relations(type=R.MEMBER_OF)
    assert (rel.first_seen, rel.last_seen) == ("2022-01-06", "2024-03-01")


def test_concurrent_ingesters_and_readers_share_one_store(store: GraphStore) -> None:
    countries = [ent(COUNTRY, f"Country{i}", key=f"C{chr(65 + i)}X") for i in range(12)]
    docs = [
        doc(
            fact(countries[i % 12], R.MEMBER_OF, CSTO, f"Country{i % 12} is in the CSTO ({i})."),
            fact(countries[(i + 1) % 12], R.BORDERS, countries[i % 12], f"Borders note {i}."),
        )
        for i in range(24)
    ]
    errors: list[BaseException] = []

    def work(offset: int) -> None:
        try:
            for k in range(len(docs)):
                store.upsert(docs[(k + offset * 6) % len(docs)])
        except BaseException as exc:  # surfaced by the assertion below
            errors.append(exc)

    done = threading.Event()

    def read() -> None:
        try:
            while not done.is_set():
                store.stats()
                store.search_entities("country")
                with contextlib.suppress(NotFound):
                    store.neighbors(CSTO.id, depth=2)
        except BaseException as exc:
            errors.append(exc)

    readers = [threading.Thread(target=read) for _ in range(2)]
    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in readers + threads:
        t.start()
    for t in threads:
        t.join()
    done.set()
    for t in readers:
        t.join()
    assert errors == []
    stats = store.stats()
    assert stats.documents == 24
    assert stats.entities == {"Country": 12, "Organisation": 1}
    assert stats.relations == {"MEMBER_OF": 12, "BORDERS": 12}
    assert stats.evidence == 48
    for rel in store.relations(type=R.MEMBER_OF, limit=100):
        assert rel.evidence_count == 2 and len(rel.evidence) == 2
    ids = [n["id"] for n in store.export_json()["nodes"]]  # type: ignore[attr-defined]
    assert len(ids) == len(set(ids)) == 13


HOSTILE = 'O\'Brien "quoted" back\\slash }) DETACH DELETE n // Ünïcødé 東京 ✓'


def test_hostile_values_round_trip_unchanged(store: GraphStore) -> None:
    odd = ent(PERSON, HOSTILE, "Ünïcødé 東京", key="hostile person")
    rel = fact(
        odd,
        R.VISITED,
        KAZ,
        f"{HOSTILE} visited Kazakhstan.",
        rule="r'}) //\\",
        properties={"note": HOSTILE},
    )
    ex = doc(rel, title=HOSTILE, url="https://x.example/?q='\"})//", published="2024-01-02")
    store.upsert(ex)
    store.upsert(ex)
    detail = store.get_entity(odd.id)
    assert detail.name == HOSTILE
    assert HOSTILE in detail.aliases and "Ünïcødé 東京" in detail.aliases
    (stored,) = store.relations(source=odd.id)
    assert stored.evidence[0].text == f"{HOSTILE} visited Kazakhstan."
    assert stored.evidence[0].rule == "r'}) //\\"
    assert stored.properties == {"note": HOSTILE}
    assert store.search_entities(HOSTILE)[0].id == odd.id
    got = store.get_document(ex.document.id)
    assert (got.title, got.url) == (HOSTILE, "https://x.example/?q='\"})//")
    assert counts(store) == (1, {"Country": 1, "Person": 1}, {"VISITED": 1}, 1)


def test_surname_in_second_document_joins_existing_person(store: GraphStore) -> None:
    store.upsert(doc(PUTIN_RUS))
    putin_only = ent(PERSON, "Putin")
    res = store.upsert(doc(fact(putin_only, R.VISITED, KAZ, "Putin visited Kazakhstan.")))
    assert res.merged == {"person:putin": PUTIN.id}
    with pytest.raises(NotFound):
        store.get_entity("person:putin")
    detail = store.get_entity(PUTIN.id)
    assert detail.doc_count == 2
    assert detail.relation_counts == {"LEADER_OF": 1, "VISITED": 1}
    (visit,) = store.relations(type=R.VISITED)
    assert visit.source == PUTIN.id


def test_transliterated_name_joins_and_ambiguous_surname_stays_apart(store: GraphStore) -> None:
    andrei = ent(PERSON, "Andrei Belousov")
    anton = ent(PERSON, "Anton Belousov")
    store.upsert(doc(fact(andrei, R.VISITED, KAZ, "Andrei Belousov visited Kazakhstan.")))
    store.upsert(doc(fact(anton, R.VISITED, ARM, "Anton Belousov visited Armenia.")))
    variant = ent(PERSON, "Andrey Belyousov")
    res = store.upsert(doc(fact(variant, R.VISITED, RUS, "Andrey Belyousov visited Russia.")))
    assert res.merged == {variant.id: andrei.id}
    assert "Andrey Belyousov" in store.get_entity(andrei.id).aliases
    surname = ent(PERSON, "Belousov")
    res = store.upsert(doc(fact(surname, R.VISITED, RUS, "Belousov flew to Russia.")))
    assert res.merged == {} and res.ambiguous == [surname.id]
    assert store.get_entity(surname.id).name == "Belousov"
    assert store.stats().entities["Person"] == 3


def test_bad_extraction_is_refused_and_changes_nothing(store: GraphStore) -> None:
    store.upsert(doc(KAZ_IN_CSTO))
    before, exported = counts(store), store.export_json()
    bad = doc(RUS_IN_CSTO, PUTIN_RUS)
    ghost = bad.relations[1].model_copy(update={"target": "country:GHO"})
    bad = bad.model_copy(update={"relations": [bad.relations[0], ghost]})
    with pytest.raises(ExtractionError, match="country:GHO"):
        store.upsert(bad)
    assert counts(store) == before and store.export_json() == exported
    with pytest.raises(NotFound):
        store.get_document(bad.document.id)


def test_repeated_relation_in_one_extraction_is_stored_once(store: GraphStore) -> None:
    ex = doc(KAZ_IN_CSTO)
    twice = ex.model_copy(update={"relations": ex.relations * 2, "entities": ex.entities * 2})
    store.upsert(twice)
    (rel,) = store.relations()
    assert rel.evidence_count == 1 and len(rel.evidence) == 1
    assert store.get_document(ex.document.id).entity_count == 2


def test_chunked_ingest_names_a_bad_document_and_keeps_the_rest(store: GraphStore) -> None:
    good = [doc(KAZ_IN_CSTO), doc(RUS_IN_CSTO), doc(PUTIN_RUS)]
    bad = doc(ARM_IN_CSTO, source="bad.txt")
    ghost = bad.relations[0].model_copy(update={"source": "country:GHO"})
    bad = bad.model_copy(update={"relations": [ghost]})
    report = ingest_extractions(store, [good[0], bad, good[1], good[0], good[2]], chunk_size=4)
    assert [str(f) for f in report.failures] == [
        f"bad.txt: document {bad.document.id}: relation country:GHO -MEMBER_OF-> org:csto "
        "names 'country:GHO', which is not among the document's entities"
    ]
    assert [r.status for _, r in report.results] == ["created"] * 2 + ["unchanged", "created"]
    assert store.stats().documents == 3
