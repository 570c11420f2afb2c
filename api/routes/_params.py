"""Query parameters shared by several routes, with their bounds and OpenAPI docs."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import Path, Query
from fastapi.exceptions import RequestValidationError
from pydantic import BeforeValidator

from api.errors import problem_responses
from api.schemas import MAX_DEPTH, MAX_PAGE_SIZE

__all__ = [
    "ID_ERRORS",
    "READ_ERRORS",
    "WRITE_ERRORS",
    "AsOf",
    "Depth",
    "DocId",
    "EntityId",
    "EvidenceLimit",
    "Limit",
    "MinConfidence",
    "MinSources",
    "Offset",
    "day",
    "iso_text",
    "refused_by_store",
]

# Larger offsets are refused rather than passed to a database as huge SKIPs.
MAX_OFFSET = 1_000_000

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description=f"Page size, 1..{MAX_PAGE_SIZE}.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")]
Depth = Annotated[int, Query(ge=1, le=MAX_DEPTH, description=f"Hops to follow, 1..{MAX_DEPTH}.")]
MinConfidence = Annotated[
    float, Query(ge=0.0, le=1.0, description="Keep relations at least this confident.")
]
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def iso_text(value: object) -> object:
    """Dates and times only as ISO 8601 text: pydantic would also read a number as a Unix
    time (`?as_of=0` as 1970-01-01), which no one means."""
    if isinstance(value, str) and not _ISO_DATE.match(value):
        raise ValueError("expected ISO 8601 text starting YYYY-MM-DD")
    return value


AsOf = Annotated[
    dt.date | None,
    BeforeValidator(iso_text),
    Query(
        description="The graph as the corpus stated it up to this date (`YYYY-MM-DD`): only "
        "relations that held on it. Relations ended by then (see `ended`) and relations "
        "with no date at all are left out, and so are entities reached only through them. "
        "Without it, every relation is answered, ended ones marked by `ended`.",
        examples=["2024-01-01"],
    ),
]
# More publishers than any relation has; larger values are refused rather than clamped.
MAX_SOURCES = 1000
MinSources = Annotated[
    int,
    Query(
        ge=0,
        le=MAX_SOURCES,
        description="Keep relations stated by at least this many independent publishers "
        "(`sources` counts documents per publisher: the JSONL `publisher`, or the registered "
        "domain of the document's url). 0 keeps every relation.",
    ),
]
EvidenceLimit = Annotated[
    int,
    Query(
        ge=0,
        le=MAX_PAGE_SIZE,
        description="Most evidence sentences per relation (its `evidence_count` says how many "
        "there are; page through them with `/relations/evidence`).",
    ),
]
EntityId = Annotated[
    str, Path(description="Entity id, e.g. `country:KAZ`.", examples=["country:KAZ"])
]
DocId = Annotated[
    str,
    Path(
        description="Document id, e.g. `doc:5d7b78cc8dff4b66`.", examples=["doc:5d7b78cc8dff4b66"]
    ),
]


def day(value: dt.date | None) -> str | None:
    """A validated date parameter as the store takes it (`YYYY-MM-DD`)."""
    return value.isoformat() if value is not None else None


@contextmanager
def refused_by_store(*params: str) -> Iterator[None]:
    """A store's ValueError about one of `params` (a cursor it cannot read, ...) becomes
    the same 422 problem as any invalid query parameter, never a 500."""
    try:
        yield
    except ValueError as exc:
        message = str(exc)
        named = next((p for p in params if p in message), params[0] if params else "query")
        raise RequestValidationError(
            [{"loc": ("query", named), "msg": message, "type": "value_error"}]
        ) from None


READ_ERRORS = problem_responses(422, 503)
ID_ERRORS = problem_responses(404, 422, 503)
WRITE_ERRORS = problem_responses(401, 403, 413, 422, 503)
