"""`/changes`: the change feed, what each document write or delete did to the graph."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BeforeValidator

from api.deps import StoreCallDep, StoreDep
from api.routes._examples import example
from api.routes._params import READ_ERRORS, iso_text, refused_by_store
from api.schemas import MAX_PAGE_SIZE
from graph.model import ChangePage

__all__ = ["router"]

router = APIRouter(tags=["changes"])

Since = Annotated[
    dt.datetime | None,
    BeforeValidator(iso_text),
    Query(
        description="Only changes stored at or after this time (ISO 8601, e.g. "
        "`2024-05-02T10:00:00Z`; a time without a zone is read as UTC). Compare with "
        "each change's `at`.",
        examples=["2024-05-02T10:00:00Z"],
    ),
]
EntityFilter = Annotated[
    str | None,
    Query(
        max_length=200,
        description="Only changes touching this entity: the entity itself, or a relation "
        "with it at either end.",
        examples=["country:KAZ"],
    ),
]
Cursor = Annotated[
    str | None,
    Query(
        # Both stores' cursors are a change's `seq`; 18 digits stay inside a 64-bit integer.
        pattern=r"^[0-9]{1,18}$",
        description="Read on after a previous page: pass back its `cursor`. The cursor is "
        "exact, so following it loses and repeats nothing, even while others write.",
        examples=["42"],
    ),
]
ChangeLimit = Annotated[
    int, Query(ge=1, le=MAX_PAGE_SIZE, description=f"Most changes, 1..{MAX_PAGE_SIZE}.")
]


def utc_timestamp(moment: dt.datetime) -> str:
    """`moment` as an ISO 8601 UTC timestamp, the form of each change's `at`."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(dt.UTC).isoformat()


@router.get("/changes", response_model=ChangePage, responses={**READ_ERRORS, **example("changes")})
async def list_changes(
    store: StoreDep,
    run: StoreCallDep,
    since: Since = None,
    entity: EntityFilter = None,
    cursor: Cursor = None,
    limit: ChangeLimit = 100,
) -> ChangePage:
    """What document writes and deletes did to the graph, oldest first: entities created
    and removed, relations created, ended, resumed and removed, evidence added and
    removed, each with the document that caused it.

    To follow the feed, keep the `cursor` of each page and pass it back: `more` says
    whether further changes are there now; later writes continue after it.
    """
    with refused_by_store("cursor", "since", "entity"):
        return await run(
            store.changes,
            since=utc_timestamp(since) if since is not None else None,
            entity=entity or None,
            cursor=cursor or None,
            limit=limit,
        )
