"""`/entities`: search, one entity, and its neighbourhood."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import StoreCallDep, StoreDep
from api.routes._examples import example
from api.routes._params import (
    ID_ERRORS,
    READ_ERRORS,
    AsOf,
    Depth,
    EntityId,
    Limit,
    MinConfidence,
    MinSources,
    Offset,
    day,
)
from api.schemas import MAX_PAGE_SIZE, Page
from graph.model import EntityDetail, EntitySummary, EntityType, RelationType, Subgraph
from graph.store.base import Direction

__all__ = ["router"]

router = APIRouter(tags=["entities"])


@router.get(
    "/entities",
    response_model=Page[EntitySummary],
    responses={**READ_ERRORS, **example("entity_page")},
)
async def search_entities(
    store: StoreDep,
    run: StoreCallDep,
    q: Annotated[
        str | None,
        Query(
            max_length=200,
            description="Name or alias; case-, accent- and typo-tolerant.",
            examples=["kazakstan"],
        ),
    ] = None,
    type: EntityType | None = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> Page[EntitySummary]:
    """Entities whose name or an alias matches `q`, best match first (all when no `q`)."""
    found = await run(store.search_entities, q or None, type, limit + 1, offset)
    return Page[EntitySummary].of(found, limit, offset)


@router.get(
    "/entities/{entity_id}",
    response_model=EntityDetail,
    responses={**ID_ERRORS, **example("entity")},
)
async def get_entity(store: StoreDep, run: StoreCallDep, entity_id: EntityId) -> EntityDetail:
    """One entity: its aliases, how many documents mention it, relation counts by type."""
    return await run(store.get_entity, entity_id)


@router.get(
    "/entities/{entity_id}/neighbors",
    response_model=Subgraph,
    responses={**ID_ERRORS, **example("subgraph")},
)
async def get_neighbors(
    store: StoreDep,
    run: StoreCallDep,
    entity_id: EntityId,
    relation: RelationType | None = None,
    direction: Direction = "both",
    depth: Depth = 1,
    min_confidence: MinConfidence = 0.0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Most neighbours.")] = 100,
    as_of: AsOf = None,
    min_sources: MinSources = 0,
) -> Subgraph:
    """The entity, the entities within `depth` hops, and the edges among them.

    Edges of relations that have ended carry `ended` (when, and which documents say so);
    `as_of` draws the neighbourhood as it stood on a date instead.
    """
    return await run(
        store.neighbors,
        entity_id,
        relation,
        direction,
        depth,
        min_confidence,
        limit,
        as_of=day(as_of),
        min_sources=min_sources,
    )
