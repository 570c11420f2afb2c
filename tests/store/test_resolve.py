"""Write-time entity resolution as a pure function over an extraction and a lookup."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from graph.model import Document, Entity, EntityType, Extraction, Relation, RelationType
from graph.store.resolve import Candidate, resolution_keys, resolve

P, ORG = EntityType.PERSON, EntityType.ORGANISATION


def _lookup(stored: list[Candidate]) -> Callable[[Sequence[str]], list[Candidate]]:
    index: dict[str, list[Candidate]] = {}
    for cand in stored:
        for key in resolution_keys(cand.type, cand.name, cand.aliases):
            index.setdefault(key, []).append(cand)

    def lookup(keys: Sequence[str]) -> list[Candidate]:
        return [c for k in keys for c in index.get(k, [])]

    return lookup


def _ex(*entities: Entity, relations: Sequence[Relation] = ()) -> Extraction:
    return Extraction(
        document=Document(id="doc:new"), entities=list(entities), relations=list(relations)
    )


def test_surname_only_joins_the_single_full_name_person() -> None:
    stored = [Candidate("person:vladimir-putin", P, "Vladimir Putin", ("Putin",))]
    ex = _ex(Entity(id="person:putin", type=P, name="Putin"))
    res = resolve(ex, _lookup(stored))
    assert res.merged == {"person:putin": "person:vladimir-putin"}
    assert res.ambiguous == []
    (ent,) = res.extraction.entities
    assert ent.id == "person:vladimir-putin"
    assert ent.name == "Vladimir Putin"
    assert "Putin" in ent.aliases


def test_transliterated_full_name_joins_when_first_names_agree() -> None:
    stored = [Candidate("person:andrei-belousov", P, "Andrei Belousov")]
    ex = _ex(
        Entity(id="person:andrey-belyousov", type=P, name="Andrey Belyousov"),
        Entity(id="person:sergei-belousov", type=P, name="Pavel Belousov"),
    )
    res = resolve(ex, _lookup(stored))
    assert res.merged == {"person:andrey-belyousov": "person:andrei-belousov"}
    ids = {e.id for e in res.extraction.entities}
    assert ids == {"person:andrei-belousov", "person:sergei-belousov"}


def test_ambiguous_surname_stays_apart_and_is_reported() -> None:
    stored = [
        Candidate("person:kim-jong-un", P, "Jong Un Kim"),
        Candidate("person:kim-yo-jong", P, "Yo Jong Kim"),
    ]
    ex = _ex(Entity(id="person:kim", type=P, name="Kim"))
    res = resolve(ex, _lookup(stored))
    assert res.merged == {}
    assert res.ambiguous == ["person:kim"]
    assert res.extraction.entities[0].id == "person:kim"


def test_existing_id_and_unrelated_names_stay() -> None:
    stored = [
        Candidate("person:putin", P, "Putin"),
        Candidate("person:vladimir-putin", P, "Vladimir Putin"),
        Candidate("person:sergei-lavrov", P, "Sergei Lavrov"),
    ]
    ex = _ex(
        Entity(id="person:putin", type=P, name="Putin"),
        Entity(id="person:lavrentiy-beria", type=P, name="Lavrentiy Beria"),
    )
    res = resolve(ex, _lookup(stored))
    assert res.merged == {}
    assert [e.id for e in res.extraction.entities] == ["person:putin", "person:lavrentiy-beria"]


def test_short_or_distant_surnames_do_not_fuzz_together() -> None:
    stored = [
        Candidate("person:joe-biden", P, "Joe Biden"),
        Candidate("person:jet-li", P, "Jet Li"),
    ]
    ex = _ex(
        Entity(id="person:bidwen", type=P, name="Bidwen"),
        Entity(id="person:lee", type=P, name="Lee"),
    )
    assert resolve(ex, _lookup(stored)).merged == {}


def test_org_acronym_joins_and_relations_are_rewritten() -> None:
    stored = [Candidate("org:csto", ORG, "Collective Security Treaty Organization", ("CSTO",))]
    putin = Entity(id="person:putin", type=P, name="Putin")
    org = Entity(id="org:the-csto-bloc", type=ORG, name="CSTO bloc", aliases=["CSTO"])
    rel = Relation(
        source="person:putin",
        type=RelationType.LEADER_OF,
        target="org:the-csto-bloc",
        confidence=0.7,
    )
    stored.append(Candidate("person:vladimir-putin", P, "Vladimir Putin"))
    res = resolve(_ex(putin, org, relations=[rel]), _lookup(stored))
    assert res.merged == {"org:the-csto-bloc": "org:csto", "person:putin": "person:vladimir-putin"}
    (out,) = res.extraction.relations
    assert (out.source, out.target) == ("person:vladimir-putin", "org:csto")
    assert out.evidence and out.evidence[0].doc_id == "doc:new"


def test_merging_two_people_into_one_drops_the_self_relation() -> None:
    stored = [Candidate("person:vladimir-putin", P, "Vladimir Putin")]
    a = Entity(id="person:putin", type=P, name="Putin")
    b = Entity(id="person:vladimir-putin", type=P, name="Vladimir Putin")
    met = Relation(
        source="person:putin",
        type=RelationType.MET_WITH,
        target="person:vladimir-putin",
        confidence=0.5,
    )
    res = resolve(_ex(a, b, relations=[met]), _lookup(stored))
    assert [e.id for e in res.extraction.entities] == ["person:vladimir-putin"]
    assert res.extraction.relations == []
