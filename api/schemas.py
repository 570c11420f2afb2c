"""Request bodies and response wrappers of the HTTP API, shared with the client.

Only pydantic and `graph.model` are imported here (never fastapi), so the client
can parse responses into the very models the server emits. Query results that
`graph.model` already describes (EntityDetail, Subgraph, ...) are used as they are.
"""

from __future__ import annotations

import datetime as dt
from typing import Generic, Literal, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from graph.model import EntityType, Path, UpsertResult

__all__ = [
    "DEFAULT_EVIDENCE",
    "MAX_DEPTH",
    "MAX_HOPS",
    "MAX_PAGE_SIZE",
    "MAX_SUBGRAPH_IDS",
    "CentralityEntry",
    "CentralityMeasure",
    "CentralityResult",
    "DocumentIn",
    "DocumentWritten",
    "FieldError",
    "Health",
    "Page",
    "Paths",
    "Problem",
    "Ready",
]

# Upper bounds of query parameters; a larger value is rejected (422), never clamped.
MAX_PAGE_SIZE = 500
MAX_DEPTH = 3
MAX_HOPS = 6
MAX_SUBGRAPH_IDS = 100
# Evidence sentences per relation in an answer unless `evidence_limit` asks otherwise:
# a much-reported relation has thousands, which would make every answer huge.
DEFAULT_EVIDENCE = 3

T = TypeVar("T")

CentralityMeasure = Literal["degree", "betweenness", "pagerank"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DocumentIn(_Model):
    """Body of `POST /documents`: the text to extract, with optional metadata."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "text": "Kazakhstan, a key member of the CSTO, hosts Russian troops.",
                    "title": "CSTO exercises",
                    "url": "https://example.org/news/csto",
                    "published": "2024-05-02",
                    "publisher": "Example News",
                }
            ]
        },
    )

    text: str = Field(
        min_length=1,
        pattern=r"\S",  # not blank
        description="Plain English text of the article.",
    )
    title: str | None = Field(default=None, max_length=1000)
    url: str | None = Field(default=None, max_length=2000)
    published: dt.date | None = Field(
        default=None,
        description="Date of publication (ISO 8601, `YYYY-MM-DD`): dates the relations the "
        "text states when its sentences give no date of their own.",
    )
    publisher: str | None = Field(
        default=None,
        max_length=200,
        description="Who published it, e.g. `Reuters`; without it, the registered domain of "
        "`url` (`www.bbc.co.uk` -> `bbc.co.uk`). Relations count their independent sources "
        "by publisher.",
    )


class DocumentWritten(_Model):
    """Answer of `POST /documents`: the id, what happened, and what was extracted.

    `status` is `created` (answered with 201), `updated` or `unchanged` (200);
    `replaced` lists documents with the same url that this one superseded.
    """

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "id": "doc:5d7b78cc8dff4b66",
                    "status": "created",
                    "entity_count": 4,
                    "relation_count": 2,
                }
            ]
        },
    )

    id: str
    status: Literal["created", "updated", "unchanged"]
    entity_count: int = 0
    relation_count: int = 0
    replaced: list[str] = Field(default_factory=list)
    merged: dict[str, str] = Field(default_factory=dict)
    ambiguous: list[str] = Field(default_factory=list)

    @classmethod
    def from_upsert(cls, result: UpsertResult, entities: int, relations: int) -> DocumentWritten:
        return cls(
            id=result.doc_id,
            status=result.status,
            entity_count=entities,
            relation_count=relations,
            replaced=result.replaced,
            merged=result.merged,
            ambiguous=result.ambiguous,
        )


class Page(_Model, Generic[T]):
    """One page of a list; `next_offset` is None on the last page."""

    items: list[T]
    limit: int
    offset: int
    next_offset: int | None = None

    @classmethod
    def of(cls, fetched: list[T], limit: int, offset: int) -> Self:
        """A page from `limit + 1` fetched items: an extra item only says more exist."""
        more = len(fetched) > limit
        return cls(
            items=fetched[:limit],
            limit=limit,
            offset=offset,
            next_offset=offset + limit if more else None,
        )


class Paths(_Model):
    """Answer of `GET /paths`: every shortest path found (empty when none)."""

    source: str
    target: str
    paths: list[Path] = Field(default_factory=list)


class CentralityEntry(_Model):
    id: str
    type: EntityType
    name: str
    score: float


class CentralityResult(_Model):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "measure": "degree",
                    "type": "Country",
                    "items": [
                        {"id": "country:RUS", "type": "Country", "name": "Russia", "score": 0.4}
                    ],
                }
            ]
        },
    )

    measure: CentralityMeasure
    type: EntityType | None = None
    items: list[CentralityEntry]
    sampled: int | None = Field(
        default=None,
        description="Betweenness on a large graph is estimated from this many sampled "
        "source nodes (networkx `k`); null when the scores are exact.",
    )


class Health(_Model):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"status": "ok"}]})

    status: Literal["ok"] = "ok"


class Ready(_Model):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"ready": True, "store": "memory", "detail": None},
                {
                    "ready": False,
                    "store": "neo4j",
                    "detail": "Neo4j at bolt://db:7687 is unreachable",
                },
            ]
        },
    )

    ready: bool
    store: str
    detail: str | None = None


class FieldError(_Model):
    """One invalid parameter or body field: where it is and what is wrong."""

    loc: list[str | int]
    msg: str
    type: str


class Problem(BaseModel):
    """An RFC 9457 problem document (`application/problem+json`)."""

    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[FieldError] | None = None
