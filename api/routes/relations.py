"""`/relations`: relations with their evidence."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import StoreCallDep, StoreDep
from api.routes._examples import example
from api.routes._params import READ_ERRORS, Limit, MinConfidence, Offset
from api.schemas import Page
from graph.model import RelationType, StoredRelation

__all__ = ["router"]

router = APIRouter(tags=["relations"])

EndId = Annotated[str | None, Query(max_length=200, examples=["country:KAZ"])]


@router.get(
    "/relations",
    response_model=Page[StoredRelation],
    responses={**READ_ERRORS, **example("relation_page")},
)
async def list_relations(
    store: StoreDep,
    run: StoreCallDep,
    source: EndId = None,
    target: EndId = None,
    type: RelationType | None = None,
    min_confidence: MinConfidence = 0.0,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[StoredRelation]:
    """Relations filtered by their ends and type, each with its supporting sentences."""
    found = await run(store.relations, source, target, type, min_confidence, limit + 1, offset)
    return Page[StoredRelation].of(found, limit, offset)
