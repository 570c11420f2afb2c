"""Normalise an `Extraction` before a store writes it; shared by every store.

`prepare` returns a new extraction in which:

- the document names its publisher (`graph.provenance.publisher_of` its url) unless
  it came with one;
- every evidence item carries the document's id and a date (its sentence's own unless
  that is after publication, else the document's `published` date), and duplicates
  are dropped;
- entities are unique by id (aliases and mentions of repeats folded in), and each
  entity's name is among its aliases;
- relations are unique by (source, type, target) with their evidence merged, no
  relation joins an entity to itself, and a relation with no evidence gets one
  item standing for the extraction's own claim (rule `unstated`), so "a relation
  lives while it has evidence" holds for every stored relation.

A relation whose end is not among the extraction's entities raises
`graph.errors.ExtractionError` naming it.
"""

from __future__ import annotations

from graph.errors import ExtractionError
from graph.model import SYMMETRIC_RELATIONS, Entity, Evidence, Extraction, Mention, Relation
from graph.provenance import publisher_of
from graph.store.aggregate import RelationKey, evidence_key, relation_key, sort_evidence

__all__ = ["merge_aliases", "prepare"]


def merge_aliases(*groups: list[str]) -> list[str]:
    """Aliases of all groups, first spelling kept, in first-seen order."""
    seen: set[str] = set()
    out: list[str] = []
    for group in groups:
        for alias in group:
            if alias and alias not in seen:
                seen.add(alias)
                out.append(alias)
    return out


def _merge_entities(entities: list[Entity]) -> list[Entity]:
    merged: dict[str, Entity] = {}
    for ent in entities:
        prev = merged.get(ent.id)
        if prev is None:
            if ent.name not in ent.aliases or len(set(ent.aliases)) != len(ent.aliases):
                ent = ent.model_copy(update={"aliases": merge_aliases([ent.name], ent.aliases)})
            merged[ent.id] = ent
            continue
        spans = {(m.start, m.end) for m in prev.mentions}
        extra: list[Mention] = [m for m in ent.mentions if (m.start, m.end) not in spans]
        merged[ent.id] = prev.model_copy(
            update={
                "aliases": merge_aliases(prev.aliases, [ent.name], ent.aliases),
                "mentions": prev.mentions + extra,
            }
        )
    return list(merged.values())


def _evidence_for(rel: Relation, doc_id: str, published: str | None) -> list[Evidence]:
    if not rel.evidence:
        return [
            Evidence(
                doc_id=doc_id,
                text="",
                start=0,
                end=0,
                rule="unstated",
                confidence=rel.confidence,
                date=published,
            )
        ]
    return [
        ev
        if ev.doc_id == doc_id and ev.date == _dated(ev.date, published)
        else ev.model_copy(update={"doc_id": doc_id, "date": _dated(ev.date, published)})
        for ev in rel.evidence
    ]


def _dated(own: str | None, published: str | None) -> str | None:
    """An evidence item's date: its sentence's own, else the document's. A sentence date
    after publication names a plan or a deadline ("troops will leave by May 1, 2026"),
    not when the text said it, so the document's date stands."""
    if own and (not published or own[:10] <= published):
        return own
    return published


def _in_order(rel: Relation) -> Relation:
    """Symmetric relations with ends in id order (ids may have been rewritten since validation)."""
    if rel.type in SYMMETRIC_RELATIONS and rel.source > rel.target:
        return rel.model_copy(update={"source": rel.target, "target": rel.source})
    return rel


def prepare(extraction: Extraction) -> Extraction:
    """The extraction as a store writes it (see the module docstring)."""
    doc_id = extraction.document.id
    published = extraction.document.published
    published = published[:10] if published else None
    entities = _merge_entities(extraction.entities)
    known = {e.id for e in entities}
    relations: dict[RelationKey, Relation] = {}
    for raw in extraction.relations:
        rel = _in_order(raw)
        for end in (rel.source, rel.target):
            if end not in known:
                raise ExtractionError(
                    f"document {doc_id}: relation {rel.source} -{rel.type}-> {rel.target} "
                    f"names {end!r}, which is not among the document's entities"
                )
        if rel.source == rel.target:
            continue
        key = relation_key(rel)
        evidence = _evidence_for(rel, doc_id, published)
        prev = relations.get(key)
        if prev is None and len(rel.evidence) == 1 and evidence[0] is rel.evidence[0]:
            relations[key] = rel  # the common case: nothing to change
            continue
        if prev is not None:
            evidence = prev.evidence + evidence
            props = {**prev.properties, **rel.properties}
            confidence = max(prev.confidence, rel.confidence)
        else:
            props, confidence = dict(rel.properties), rel.confidence
        unique = {evidence_key(ev): ev for ev in evidence}
        relations[key] = rel.model_copy(
            update={
                "evidence": sort_evidence(unique.values()),
                "properties": props,
                "confidence": confidence,
            }
        )
    document = extraction.document
    if document.publisher is None and document.url:
        document = document.model_copy(update={"publisher": publisher_of(document.url)})
    return extraction.model_copy(
        update={"document": document, "entities": entities, "relations": list(relations.values())}
    )
