"""Query parameters shared by several routes, with their bounds and OpenAPI docs."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

from api.errors import problem_responses
from api.schemas import MAX_DEPTH, MAX_PAGE_SIZE

__all__ = [
    "ID_ERRORS",
    "READ_ERRORS",
    "WRITE_ERRORS",
    "Depth",
    "DocId",
    "EntityId",
    "EvidenceLimit",
    "Limit",
    "MinConfidence",
    "Offset",
]

# Larger offsets are refused rather than passed to a database as huge SKIPs.
MAX_OFFSET = 1_000_000

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description=f"Page size, 1..{MAX_PAGE_SIZE}.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")]
Depth = Annotated[int, Query(ge=1, le=MAX_DEPTH, description=f"Hops to follow, 1..{MAX_DEPTH}.")]
MinConfidence = Annotated[
    float, Query(ge=0.0, le=1.0, description="Keep relations at least this confident.")
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

READ_ERRORS = problem_responses(422, 503)
ID_ERRORS = problem_responses(404, 422, 503)
WRITE_ERRORS = problem_responses(401, 403, 413, 422, 503)
