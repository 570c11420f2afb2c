"""Relation aggregates computed from evidence; shared by every store.

A stored relation's aggregates (confidence, counts, dates, its end, its sources) are
always recomputed from its evidence with `aggregate`, so both stores agree to the
last digit; time queries (`holds_on`) read only the aggregates.

    agg = aggregate(evidence, doc_dates={"doc:1": "2024-05-01"}, publishers={"doc:1": "nato.int"})
    agg.first_seen, agg.ended, agg.holds_on("2023-01-01"), agg.sources
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from graph.model import Ending, Evidence, Relation, RelationType

__all__ = [
    "UNKNOWN_PUBLISHER",
    "Aggregates",
    "EvidenceKey",
    "RelationKey",
    "Span",
    "aggregate",
    "check_as_of",
    "combine_confidence",
    "evidence_key",
    "relation_key",
    "sort_evidence",
    "spans_of",
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


Span = tuple[str, str | None]  # [start, end) of a stretch when a relation held; None: open
UNKNOWN_PUBLISHER = "unknown"


@dataclass(slots=True)
class Aggregates:
    """A relation's aggregates. Most relations have no evidence of an end: then `spans`
    is None and the relation holds from `first_seen` on.

    A value: never changed in place (`dataclasses.replace` makes another). Not declared
    frozen because a frozen dataclass sets each field through `object.__setattr__`,
    which made building one per relation a large part of opening a big graph."""

    confidence: float
    evidence_count: int
    doc_ids: list[str] = field(default_factory=list)
    first_seen: str | None = None
    last_seen: str | None = None
    ends: int = 0  # evidence items stating the relation's end
    ended: bool = False
    ended_on: str | None = None
    ended_docs: tuple[str, ...] = ()
    spans: tuple[Span, ...] | None = None
    sources: tuple[tuple[str, int], ...] = ()  # (publisher, documents), by publisher

    @property
    def contested(self) -> bool:
        """Evidence both for and against: stated then ended, or an end without a start."""
        return self.ends > 0

    def holds_on(self, as_of: str) -> bool:
        """Whether the relation held as the corpus stated it up to `as_of` (YYYY-MM-DD):
        stated on or before that date and not ended since. Undated evidence is left out."""
        if self.spans is None:
            return self.first_seen is not None and self.first_seen <= as_of
        return any(start <= as_of and (end is None or as_of < end) for start, end in self.spans)

    def ending(self) -> Ending | None:
        """The current end as the contract shows it (None while the relation holds)."""
        if not self.ended:
            return None
        return Ending(on=self.ended_on, doc_ids=list(self.ended_docs))


# Shared tuples: most relations have one document, so one `sources` tuple per publisher.
_SOURCES: dict[tuple[tuple[str, int], ...], tuple[tuple[str, int], ...]] = {}


def _sources(
    doc_ids: Iterable[str], publishers: Mapping[str, str | None]
) -> tuple[tuple[str, int], ...]:
    counts = Counter(publishers.get(d) or UNKNOWN_PUBLISHER for d in doc_ids)
    key = tuple(sorted(counts.items()))
    return _SOURCES.setdefault(key, key) if len(_SOURCES) < 100_000 else key


def check_as_of(as_of: str) -> str:
    """`as_of` as given when it is a YYYY-MM-DD date; ValueError naming it otherwise."""
    try:
        dt.date.fromisoformat(as_of)
    except (TypeError, ValueError):
        raise ValueError(f"as_of must be a date as YYYY-MM-DD, not {as_of!r}") from None
    if len(as_of) != 10:
        raise ValueError(f"as_of must be a date as YYYY-MM-DD, not {as_of!r}")
    return as_of


def spans_of(events: Iterable[tuple[str, bool]]) -> tuple[Span, ...]:
    """Stretches when a relation held, from dated (date, is_end) events. On one date an
    end wins over a statement; an end with nothing open is ignored."""
    spans: list[Span] = []
    start: str | None = None
    for date, is_end in sorted(set(events)):
        if not is_end and start is None:
            start = date
        elif is_end and start is not None:
            if start < date:
                spans.append((start, date))
            start = None
    if start is not None:
        spans.append((start, None))
    return tuple(spans)


def aggregate(
    evidence: Iterable[Evidence],
    doc_dates: Mapping[str, str | None] | None = None,
    publishers: Mapping[str, str | None] | None = None,
) -> Aggregates:
    """Aggregates over a relation's evidence.

    Dates are the sentences' own (YYYY-MM-DD), falling back to the document's
    `published` date from `doc_dates`. `first_seen`/`last_seen` span the evidence
    stating the relation (all evidence when there is only evidence of its end). The
    relation is `ended` when its latest end is no earlier than its latest statement
    (undated counting as earliest). `sources` counts documents per publisher.
    """
    items = list(evidence)
    doc_dates = doc_dates or {}
    events: list[tuple[str, bool]] = []
    for ev in items:
        date = ev.date or doc_dates.get(ev.doc_id)
        if date:
            events.append((date[:10], ev.ends))
    ends = sum(1 for ev in items if ev.ends)
    stated = [d for d, is_end in events if not is_end]
    seen = stated if ends < len(items) else [d for d, _ in events]
    doc_ids = sorted({ev.doc_id for ev in items})
    agg = Aggregates(
        confidence=combine_confidence(ev.confidence for ev in items),
        evidence_count=len(items),
        doc_ids=doc_ids,
        first_seen=min(seen, default=None),
        last_seen=max(seen, default=None),
        sources=_sources(doc_ids, publishers or {}),
    )
    if not ends:
        return agg
    last_end = max((d for d, is_end in events if is_end), default="")
    return replace(
        agg,
        ends=ends,
        ended=last_end >= max(stated, default=""),
        ended_on=last_end or None,
        ended_docs=tuple(sorted({ev.doc_id for ev in items if ev.ends})),
        spans=spans_of(events),
    )
