"""`/stats` and `/analytics/centrality`: counts and rankings over the whole graph."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import StoreCallDep, StoreDep
from api.routes._examples import example
from api.routes._params import READ_ERRORS
from api.schemas import MAX_PAGE_SIZE, CentralityEntry, CentralityMeasure, CentralityResult
from graph.analytics import centrality
from graph.model import EntityType, Stats

__all__ = ["router"]

router = APIRouter(tags=["stats"])


@router.get("/stats", response_model=Stats, responses={**READ_ERRORS, **example("stats")})
async def stats(store: StoreDep, run: StoreCallDep) -> Stats:
    """How many documents, entities by type, relations by type and evidence sentences."""
    return await run(store.stats)


@router.get("/analytics/centrality", response_model=CentralityResult, responses=READ_ERRORS)
def rank_entities(
    store: StoreDep,
    measure: CentralityMeasure = "degree",
    type: EntityType | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 20,
) -> CentralityResult:
    """The most central entities by degree, betweenness or PageRank (networkx)."""
    ranked = centrality(store, measure, type=type, limit=limit)
    items = [CentralityEntry(**e._asdict()) for e in ranked]
    return CentralityResult(measure=measure, type=type, items=items)
