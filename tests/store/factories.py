"""Hand-built extractions for store tests (no spaCy): entities, facts, documents.

    kaz = ent(COUNTRY, "Kazakhstan", "Kazakh", key="KAZ")
    csto = ent(ORG, "Collective Security Treaty Organization", "CSTO", key="csto")
    ex = doc(fact(kaz, MEMBER_OF, csto, "Kazakhstan is a member of the CSTO."), url="https://a/1")

`doc` joins the facts' sentences into the text, so every evidence span and mention
offset is real; the document id is the text's content hash.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from graph.model import (
    Document,
    Entity,
    EntityType,
    Evidence,
    Extraction,
    Mention,
    Relation,
    RelationType,
    document_id,
    entity_id,
)

__all__ = [
    "BASE",
    "COUNTRY",
    "ORG",
    "PERSON",
    "Fact",
    "doc",
    "ent",
    "fact",
]

COUNTRY = EntityType.COUNTRY
ORG = EntityType.ORGANISATION
PERSON = EntityType.PERSON
BASE = EntityType.MILITARY_BASE


def ent(type_: EntityType, name: str, *aliases: str, key: str | None = None) -> Entity:
    """An entity with id `entity_id(type_, key or name)`; mentions are added by `doc`."""
    return Entity(id=entity_id(type_, key or name), type=type_, name=name, aliases=[name, *aliases])


@dataclass(frozen=True)
class Fact:
    source: Entity
    type: RelationType
    target: Entity
    sentence: str
    confidence: float = 0.8
    rule: str = "test-rule"
    date: str | None = None
    properties: dict[str, str] = field(default_factory=dict)
    ends: bool = False


def fact(
    source: Entity,
    type_: RelationType,
    target: Entity,
    sentence: str,
    *,
    confidence: float = 0.8,
    rule: str = "test-rule",
    date: str | None = None,
    properties: dict[str, str] | None = None,
    ends: bool = False,
) -> Fact:
    """A sentence stating a relation, or with `ends` its end."""
    return Fact(source, type_, target, sentence, confidence, rule, date, properties or {}, ends)


def _mentions(entity: Entity, text: str) -> list[Mention]:
    found: dict[tuple[int, int], Mention] = {}
    for alias in sorted(set(entity.aliases), key=len, reverse=True):
        start = text.find(alias)
        while start >= 0:
            span = (start, start + len(alias))
            if not any(s <= span[0] and span[1] <= e for s, e in found):
                found[span] = Mention(text=alias, start=span[0], end=span[1])
            start = text.find(alias, start + 1)
    return sorted(found.values(), key=lambda m: m.start)


def doc(
    *facts: Fact,
    entities: Iterable[Entity] = (),
    text: str = "",
    url: str | None = None,
    title: str | None = None,
    published: str | None = None,
    source: str | None = None,
    publisher: str | None = None,
) -> Extraction:
    """One document: `text` (if given) then each fact's sentence, space-separated."""
    parts = [text] if text else []
    spans: list[tuple[int, int]] = []
    offset = len(text) + 1 if text else 0
    for f in facts:
        spans.append((offset, offset + len(f.sentence)))
        parts.append(f.sentence)
        offset += len(f.sentence) + 1
    full = " ".join(parts)
    did = document_id(full)
    by_id: dict[str, Entity] = {}
    for e in [*entities, *(x for f in facts for x in (f.source, f.target))]:
        by_id.setdefault(e.id, e)
    relations = [
        Relation(
            source=f.source.id,
            type=f.type,
            target=f.target.id,
            confidence=f.confidence,
            properties=f.properties,
            evidence=[
                Evidence(
                    doc_id=did,
                    text=f.sentence,
                    start=start,
                    end=end,
                    rule=f.rule,
                    confidence=f.confidence,
                    date=f.date,
                    ends=f.ends,
                )
            ],
        )
        for f, (start, end) in zip(facts, spans, strict=True)
    ]
    return Extraction(
        document=Document(
            id=did,
            source=source,
            title=title,
            url=url,
            published=published,
            publisher=publisher,
            text=full,
        ),
        entities=[e.model_copy(update={"mentions": _mentions(e, full)}) for e in by_id.values()],
        relations=relations,
    )
