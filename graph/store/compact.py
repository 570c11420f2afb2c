"""A compact JSON form of one document's evidence for one relation.

`[[text, start, end, rule, confidence, date], ...]`, with a seventh item `1` on
evidence that states the relation's end (`Evidence.ends`): the embedded store keeps it in its
database rows and, after opening, in memory until a relation's evidence is first used
(most never are), so opening a large graph parses no evidence at all.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from graph.model import Evidence

__all__ = ["decode_evidence", "encode_evidence"]

_DUMPS = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def encode_evidence(evidence: Iterable[Evidence]) -> str:
    """The evidence without its `doc_id`, which the row or the caller keeps."""
    return _DUMPS(
        [
            [e.text, e.start, e.end, e.rule, e.confidence, e.date, 1]
            if e.ends
            else [e.text, e.start, e.end, e.rule, e.confidence, e.date]
            for e in evidence
        ]
    )


def decode_evidence(doc_id: str, items: str) -> list[Evidence]:
    # Written from validated evidence: constructing skips validating it again.
    return [
        Evidence.model_construct(
            doc_id=doc_id, text=t, start=s, end=e, rule=r, confidence=c, date=d, ends=bool(ends)
        )
        for t, s, e, r, c, d, *ends in json.loads(items)
    ]
