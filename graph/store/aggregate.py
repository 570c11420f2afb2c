"""Relation aggregates computed from evidence; shared by every store.

A stored relation's `confidence`, `evidence_count`, `doc_ids`, `first_seen` and
`last_seen` are always recomputed from its evidence with `aggregate`, so both
stores agree to the last digit.

    agg = aggregate(evidence, doc_dates={"doc:1": "2024-05-01"})
    agg.confidence, agg.evidence_count, agg.doc_ids, agg.first_seen, agg.last_seen
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from graph.model import Evidence, Relation, RelationType

__all__ = [
    "Aggregates",
    "EvidenceKey",
    "RelationKey",
    "aggregate",
    "combine_confidence",
    "evidence_key",
    "relation_key",
    "sort_evidence",
]

EvidenceKey = tuple[str, int, int, str]
RelationKey = tuple[str, RelationType, str]

# Aggregate confidences are rounded so that every backend stores the same float.
_DIGITS = 6


def evidence_key(ev: Evidence) -> EvidenceKey:
    """What identifies an evidence item: the same sentence span under the same rule."""
    return (ev.doc_id, ev.start, ev.end, ev.rule)


def relation_key(rel: Relation) -> RelationKey:
    """Relations merge on (source, type, target); symmetric ones are already in id order."""
    return (rel.source, rel.type, rel.target)


def sort_evidence(evidence: Iterable[Evidence]) -> list[Evidence]:
    """Evidence in a stable order: by document, then position, then rule."""
    return sorted(evidence, key=evidence_key)


def combine_confidence(values: Iterable[float]) -> float:
    """Noisy-or: independent sentences each raise the belief, never above 1."""
    miss = 1.0
    for value in values:
        miss *= 1.0 - min(max(value, 0.0), 1.0)
    return round(1.0 - miss, _DIGITS)


@dataclass(frozen=True)
class Aggregates:
    confidence: float
    evidence_count: int
    doc_ids: list[str] = field(default_factory=list)
    first_seen: str | None = None
    last_seen: str | None = None


def aggregate(
    evidence: Iterable[Evidence], doc_dates: Mapping[str, str | None] | None = None
) -> Aggregates:
    """Aggregates over a relation's evidence.

    `first_seen`/`last_seen` are the earliest/latest date (YYYY-MM-DD) among the
    sentences' own dates, falling back to the document's `published` date from
    `doc_dates` when a sentence gives none.
    """
    items = list(evidence)
    dates: list[str] = []
    for ev in items:
        date = ev.date or (doc_dates or {}).get(ev.doc_id)
        if date:
            dates.append(date[:10])
    return Aggregates(
        confidence=combine_confidence(ev.confidence for ev in items),
        evidence_count=len(items),
        doc_ids=sorted({ev.doc_id for ev in items}),
        first_seen=min(dates) if dates else None,
        last_seen=max(dates) if dates else None,
    )
