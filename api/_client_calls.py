"""One builder per endpoint: arguments -> `Call` (path, query, body, answer type).

Both clients expose these under the same names, so an endpoint's parameters and
defaults are written once, here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, Literal, TypeVar
from urllib.parse import quote

import httpx
import pydantic
from pydantic import BaseModel

from api._client_base import Call, Pager, Params, invalid_input
from api.schemas import (
    DEFAULT_EVIDENCE,
    CentralityMeasure,
    CentralityResult,
    DocumentIn,
    DocumentWritten,
    Health,
    Page,
    Paths,
    Ready,
)
from graph.model import (
    ChangePage,
    DocumentDetail,
    DocumentSummary,
    EntityDetail,
    EntitySummary,
    EntityType,
    Evidence,
    RelationType,
    Stats,
    StoredRelation,
    Subgraph,
)

__all__ = [
    "add_document",
    "centrality",
    "changes",
    "delete_document",
    "document_pages",
    "documents",
    "entity_pages",
    "evidence",
    "evidence_pages",
    "get_document",
    "get_entity",
    "health",
    "neighbors",
    "ready",
    "relation_pages",
    "relations",
    "search_entities",
    "shortest_paths",
    "stats",
    "subgraph",
]

M = TypeVar("M", bound=BaseModel)


def _reader(model: type[M]) -> Callable[[httpx.Response], M]:
    def read(response: httpx.Response) -> M:
        return model.model_validate_json(response.content)

    return read


def _id(value: str) -> str:
    # Ids hold a colon (`country:KAZ`); anything else unusual is percent-encoded.
    return quote(value, safe=":@")


def _params(**values: Any) -> Params:
    return [(k, v) for k, v in values.items() if v is not None]


# A date (`dt.date` or `YYYY-MM-DD`), or a timestamp (`dt.datetime` or ISO 8601 text).
Day = dt.date | str
Moment = dt.datetime | str


def _iso(value: dt.date | str | None) -> str | None:
    """Dates and datetimes as ISO 8601 text; strings as given (the server checks them)."""
    if value is None or isinstance(value, str):
        return value
    return value.isoformat()


def search_entities(
    q: str | None = None, type: EntityType | str | None = None, limit: int = 20, offset: int = 0
) -> Call[Page[EntitySummary]]:
    """Entities matching `q` by name or alias (typo-tolerant), best first; one page."""
    params = _params(q=q, type=type, limit=limit, offset=offset)
    return Call("GET", "/entities", _reader(Page[EntitySummary]), params)


def get_entity(entity_id: str) -> Call[EntityDetail]:
    """One entity with aliases, document count and relation counts by type."""
    return Call("GET", f"/entities/{_id(entity_id)}", _reader(EntityDetail))


def neighbors(
    entity_id: str,
    relation: RelationType | str | None = None,
    direction: Literal["in", "out", "both"] = "both",
    depth: int = 1,
    min_confidence: float = 0.0,
    limit: int = 100,
    as_of: Day | None = None,
    min_sources: int = 0,
) -> Call[Subgraph]:
    """The entity, entities within `depth` (1..3) hops, and the edges among them.

    `as_of` (a date): only relations that held on it; `min_sources`: only relations
    stated by at least that many independent publishers.
    """
    params = _params(
        relation=relation,
        direction=direction,
        depth=depth,
        min_confidence=min_confidence,
        limit=limit,
        as_of=_iso(as_of),
        min_sources=min_sources or None,
    )
    return Call("GET", f"/entities/{_id(entity_id)}/neighbors", _reader(Subgraph), params)


def relations(
    source: str | None = None,
    target: str | None = None,
    type: RelationType | str | None = None,
    min_confidence: float = 0.0,
    limit: int = 50,
    offset: int = 0,
    evidence_limit: int = DEFAULT_EVIDENCE,
    as_of: Day | None = None,
    min_sources: int = 0,
    contested: bool | None = None,
) -> Call[Page[StoredRelation]]:
    """Relations with their first `evidence_limit` sentences, filtered by ends and type.

    `as_of` (a date): only relations that held on it; `min_sources`: only those stated
    by at least that many publishers; `contested`: only those with (True) or without
    (False) evidence of their end.
    """
    params = _params(
        source=source,
        target=target,
        type=type,
        min_confidence=min_confidence,
        limit=limit,
        offset=offset,
        evidence_limit=evidence_limit,
        as_of=_iso(as_of),
        min_sources=min_sources or None,
        contested=contested,
    )
    return Call("GET", "/relations", _reader(Page[StoredRelation]), params)


def evidence(
    source: str, type: RelationType | str, target: str, limit: int = 50, offset: int = 0
) -> Call[Page[Evidence]]:
    """The sentences supporting one relation; one page."""
    params = _params(source=source, type=type, target=target, limit=limit, offset=offset)
    return Call("GET", "/relations/evidence", _reader(Page[Evidence]), params)


def shortest_paths(
    source: str, target: str, max_hops: int = 4, as_of: Day | None = None
) -> Call[Paths]:
    """Every shortest path between two entities, of at most `max_hops` (1..6) relations
    (with `as_of`, only through relations that held on that date)."""
    params = _params(source=source, target=target, max_hops=max_hops, as_of=_iso(as_of))
    return Call("GET", "/paths", _reader(Paths), params)


def subgraph(ids: Sequence[str], depth: int = 1, as_of: Day | None = None) -> Call[Subgraph]:
    """The given entities and everything within `depth` (0..3) hops, ready for drawing
    (with `as_of`, as they stood on that date)."""
    params: Params = [("ids", i) for i in ids]
    params += _params(depth=depth, as_of=_iso(as_of))
    return Call("GET", "/subgraph", _reader(Subgraph), params)


def documents(limit: int = 50, offset: int = 0) -> Call[Page[DocumentSummary]]:
    """Stored documents; one page."""
    return Call(
        "GET", "/documents", _reader(Page[DocumentSummary]), _params(limit=limit, offset=offset)
    )


def get_document(doc_id: str, evidence_limit: int = DEFAULT_EVIDENCE) -> Call[DocumentDetail]:
    """One document with its entities and relations (first `evidence_limit` sentences each)."""
    params = _params(evidence_limit=evidence_limit)
    return Call("GET", f"/documents/{_id(doc_id)}", _reader(DocumentDetail), params)


def add_document(
    text: str,
    title: str | None = None,
    url: str | None = None,
    published: dt.date | str | None = None,
    publisher: str | None = None,
) -> Call[DocumentWritten]:
    """Extract and store a document (needs an API key); `status` says created/updated/unchanged.

    `published` is a date or an ISO 8601 date string (`2024-05-02`); `publisher` names
    who published it (default: the registered domain of `url`).
    """
    fields = {"text": text, "title": title, "url": url, "published": published}
    try:
        body = DocumentIn.model_validate(fields | {"publisher": publisher})
    except pydantic.ValidationError as exc:
        raise invalid_input("add_document", exc) from None
    return Call(
        "POST",
        "/documents",
        _reader(DocumentWritten),
        json=body.model_dump(mode="json", exclude_none=True),
    )


def delete_document(doc_id: str) -> Call[None]:
    """Delete a document and the evidence it alone supported (needs an API key)."""
    return Call("DELETE", f"/documents/{_id(doc_id)}", lambda response: None)


def changes(
    since: Moment | None = None,
    entity: str | None = None,
    cursor: str | None = None,
    limit: int = 100,
) -> Call[ChangePage]:
    """One page of the change feed, oldest first: changes stored at or after `since`,
    touching `entity`, after `cursor` (a previous page's). Pass the page's `cursor` back
    to read on; `more` says whether further changes are there now."""
    params = _params(since=_iso(since), entity=entity, cursor=cursor, limit=limit)
    return Call("GET", "/changes", _reader(ChangePage), params)


def stats() -> Call[Stats]:
    """Counts of documents, entities and relations by type, and evidence sentences."""
    return Call("GET", "/stats", _reader(Stats))


def centrality(
    measure: CentralityMeasure = "degree", type: EntityType | str | None = None, limit: int = 20
) -> Call[CentralityResult]:
    """The most central entities by degree, betweenness or PageRank."""
    params = _params(measure=measure, type=type, limit=limit)
    return Call("GET", "/analytics/centrality", _reader(CentralityResult), params)


def health() -> Call[Health]:
    """`status: ok` while the server process runs."""
    return Call("GET", "/health", _reader(Health))


def ready() -> Call[Ready]:
    """Whether the server's store answers (`ready: false` instead of an error when not)."""
    return Call("GET", "/ready", _reader(Ready), ok=frozenset({200, 503}))


# Pagers: what the clients' iter_* methods walk, one page request per offset.


def entity_pages(
    q: str | None = None, type: EntityType | str | None = None, page_size: int = 100
) -> Pager[EntitySummary]:
    """Every entity matching `q` (all when None), best first, fetched page by page."""
    return lambda offset: search_entities(q, type, page_size, offset)


def relation_pages(
    source: str | None = None,
    target: str | None = None,
    type: RelationType | str | None = None,
    min_confidence: float = 0.0,
    page_size: int = 100,
    evidence_limit: int = DEFAULT_EVIDENCE,
    as_of: Day | None = None,
    min_sources: int = 0,
    contested: bool | None = None,
) -> Pager[StoredRelation]:
    """Every matching relation with its evidence, fetched page by page."""
    return lambda offset: relations(
        source,
        target,
        type,
        min_confidence,
        page_size,
        offset,
        evidence_limit,
        as_of=as_of,
        min_sources=min_sources,
        contested=contested,
    )


def evidence_pages(
    source: str, type: RelationType | str, target: str, page_size: int = 100
) -> Pager[Evidence]:
    """Every sentence supporting one relation, fetched page by page."""
    return lambda offset: evidence(source, type, target, page_size, offset)


def document_pages(page_size: int = 100) -> Pager[DocumentSummary]:
    """Every stored document, fetched page by page."""
    return lambda offset: documents(page_size, offset)
