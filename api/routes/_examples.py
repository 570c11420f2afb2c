"""Example payloads shown in the OpenAPI schema (illustrative values only)."""

from __future__ import annotations

from typing import Any

__all__ = ["EXAMPLES", "example"]

_KAZ = {"id": "country:KAZ", "type": "Country", "name": "Kazakhstan"}
_CSTO = {
    "id": "org:csto",
    "type": "Organisation",
    "name": "Collective Security Treaty Organization",
}
_EDGE = {
    "source": "country:KAZ",
    "type": "MEMBER_OF",
    "target": "org:csto",
    "confidence": 0.9,
    "evidence_count": 1,
}
_EVIDENCE = {
    "doc_id": "doc:5d7b78cc8dff4b66",
    "text": "Kazakhstan, a key member of the CSTO, hosts Russian troops.",
    "start": 0,
    "end": 59,
    "rule": "member-appositive",
    "confidence": 0.9,
    "date": None,
}
_RELATION = {
    **_EDGE,
    "doc_ids": ["doc:5d7b78cc8dff4b66"],
    "first_seen": "2024-05-02",
    "last_seen": "2024-05-02",
    "properties": {},
    "evidence": [_EVIDENCE],
}
_SUMMARY = {**_KAZ, "aliases": ["Kazakhstan", "Kazakh"], "doc_count": 2, "score": 0.97}
_DOC = {
    "id": "doc:5d7b78cc8dff4b66",
    "source": "https://example.org/news/csto",
    "title": "CSTO exercises",
    "url": "https://example.org/news/csto",
    "published": "2024-05-02",
    "entity_count": 4,
    "relation_count": 2,
}


def _page(item: dict[str, Any]) -> dict[str, Any]:
    return {"items": [item], "limit": 20, "offset": 0, "next_offset": None}


EXAMPLES: dict[str, Any] = {
    "entity_page": _page(_SUMMARY),
    "entity": {**_SUMMARY, "score": None, "relation_counts": {"MEMBER_OF": 1}},
    "subgraph": {
        "nodes": [
            {**_SUMMARY, "score": None},
            {**_CSTO, "aliases": ["CSTO"], "doc_count": 2, "score": None},
        ],
        "edges": [_EDGE],
    },
    "relation_page": _page(_RELATION),
    "evidence_page": _page(_EVIDENCE),
    "paths": {
        "source": "country:KAZ",
        "target": "org:csto",
        "paths": [{"nodes": [_KAZ, _CSTO], "relations": [_EDGE]}],
    },
    "document_page": _page(_DOC),
    "document": {**_DOC, "entities": [_KAZ, _CSTO], "relations": [_RELATION]},
    "stats": {
        "documents": 2,
        "entities": {"Country": 12, "Organisation": 5},
        "relations": {"MEMBER_OF": 4, "OPERATES": 2},
        "evidence": 9,
    },
}


def example(name: str, status: int = 200) -> dict[int | str, dict[str, Any]]:
    """A `responses=` entry showing `EXAMPLES[name]` as the JSON answer for `status`."""
    return {status: {"content": {"application/json": {"example": EXAMPLES[name]}}}}
