"""`/stats` and `/analytics/centrality`: counts and rankings over the whole graph."""

from __future__ import annotations

import asyncio
import math
from typing import Annotated

from fastapi import APIRouter, Query
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from api.deps import SettingsDep, StoreCallDep, StoreDep, StoreHolderDep
from api.errors import problem_responses
from api.routes._examples import example
from api.routes._params import READ_ERRORS
from api.schemas import MAX_PAGE_SIZE, CentralityEntry, CentralityMeasure, CentralityResult
from graph.analytics import top
from graph.model import EntityType, Stats

__all__ = ["router"]

router = APIRouter(tags=["stats"])


@router.get("/stats", response_model=Stats, responses={**READ_ERRORS, **example("stats")})
async def stats(store: StoreDep, run: StoreCallDep) -> Stats:
    """How many documents, entities by type, relations by type and evidence sentences."""
    return await run(store.stats)


@router.get(
    "/analytics/centrality", response_model=CentralityResult, responses=problem_responses(422, 503)
)
async def rank_entities(
    holder: StoreHolderDep,
    settings: SettingsDep,
    measure: CentralityMeasure = "degree",
    type: EntityType | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 20,
) -> CentralityResult:
    """The most central entities by degree, betweenness or PageRank (networkx).

    Computed once per graph version on a worker thread and shared by every caller;
    when it takes longer than the server's budget (`GEOKG_ANALYTICS_BUDGET`) the
    answer is 503 with `Retry-After`, and the computation goes on for the next call.
    Betweenness on a large graph is estimated from sampled sources (`sampled`).
    """
    future = await run_in_threadpool(lambda: holder.analytics().ranking(measure))
    budget = settings.analytics_budget
    try:
        # shield: a caller giving up must not cancel the computation others wait for.
        ranking = await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(future)), budget)
    except TimeoutError:
        raise HTTPException(
            503,
            f"The {measure} ranking is still being computed (over {budget:g} s); "
            "ask again shortly.",
            headers={"Retry-After": str(max(1, math.ceil(budget)))},
        ) from None
    items = [CentralityEntry(**e._asdict()) for e in top(ranking, type, limit)]
    return CentralityResult(measure=measure, type=type, items=items, sampled=ranking.sampled)
