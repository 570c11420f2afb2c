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
    "evidence_count": 2,
    "ended": None,
}
_EVIDENCE = {
    "doc_id": "doc:5d7b78cc8dff4b66",
    "text": "Kazakhstan, a key member of the CSTO, hosts Russian troops.",
    "start": 0,
    "end": 59,
    "rule": "member-appositive",
    "confidence": 0.9,
    "date": "2024-05-02",
    "ends": False,
}
_ENDING = {"on": "2024-02-23", "doc_ids": ["doc:a41c0e9b27d3f518"]}
# A relation stated, then ended: contested, its evidence holding both sides.
_ENDED_EVIDENCE = {
    "doc_id": "doc:a41c0e9b27d3f518",
    "text": "Armenia froze its participation in the CSTO.",
    "start": 0,
    "end": 44,
    "rule": "member-suspended",
    "confidence": 0.85,
    "date": "2024-02-23",
    "ends": True,
}
_ARM_EDGE = {**_EDGE, "source": "country:ARM", "ended": _ENDING}
_RELATION = {
    **_EDGE,
    "doc_ids": ["doc:5d7b78cc8dff4b66", "doc:91be4b6f0c2d7a35"],
    "first_seen": "2023-11-08",
    "last_seen": "2024-05-02",
    "ended": None,
    "contested": False,
    "sources": {"example.org": 1, "Wire Service": 1},
    "properties": {},
    "evidence": [_EVIDENCE],
}
_ENDED_RELATION = {
    **_ARM_EDGE,
    "doc_ids": ["doc:3f1d2a6c9b0e4d77", "doc:a41c0e9b27d3f518"],
    "first_seen": "2021-03-01",
    "last_seen": "2021-03-01",
    "contested": True,
    "sources": {"example.com": 1, "wire.example.org": 1},
    "properties": {},
    "evidence": [
        {
            **_EVIDENCE,
            "doc_id": "doc:3f1d2a6c9b0e4d77",
            "text": "Armenia is a member of the CSTO.",
            "end": 32,
            "rule": "member-copula",
            "date": "2021-03-01",
        },
        _ENDED_EVIDENCE,
    ],
}
_ARM = {"id": "country:ARM", "type": "Country", "name": "Armenia"}
_SUMMARY = {**_KAZ, "aliases": ["Kazakhstan", "Kazakh"], "doc_count": 2, "score": 0.97}
_DOC = {
    "id": "doc:5d7b78cc8dff4b66",
    "source": "https://example.org/news/csto",
    "title": "CSTO exercises",
    "url": "https://example.org/news/csto",
    "published": "2024-05-02",
    "publisher": "example.org",
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
            {**_ARM, "aliases": ["Armenia"], "doc_count": 2, "score": None},
        ],
        "edges": [_EDGE, _ARM_EDGE],
    },
    "relation_page": {**_page(_RELATION), "items": [_RELATION, _ENDED_RELATION]},
    "evidence_page": _page(_EVIDENCE),
    "paths": {
        "source": "country:KAZ",
        "target": "org:csto",
        "paths": [{"nodes": [_KAZ, _CSTO], "relations": [_EDGE]}],
    },
    "document_page": _page(_DOC),
    "document": {**_DOC, "entities": [_KAZ, _CSTO], "relations": [_RELATION]},
    "changes": {
        "changes": [
            {
                "seq": 41,
                "at": "2024-05-02T10:00:00.000000+00:00",
                "kind": "entity_created",
                "doc_id": "doc:5d7b78cc8dff4b66",
                "entity": "country:KAZ",
            },
            {
                "seq": 42,
                "at": "2024-05-02T10:00:00.000000+00:00",
                "kind": "relation_created",
                "doc_id": "doc:5d7b78cc8dff4b66",
                "source": "country:KAZ",
                "type": "MEMBER_OF",
                "target": "org:csto",
            },
            {
                "seq": 43,
                "at": "2024-05-03T08:30:00.000000+00:00",
                "kind": "relation_ended",
                "doc_id": "doc:a41c0e9b27d3f518",
                "source": "country:ARM",
                "type": "MEMBER_OF",
                "target": "org:csto",
            },
        ],
        "cursor": "43",
        "more": False,
    },
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
