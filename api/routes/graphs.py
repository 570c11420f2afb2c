"""`/paths` and `/subgraph`: how entities connect, ready for drawing."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import StoreDep
from api.routes._examples import example
from api.routes._params import ID_ERRORS, AsOf, day
from api.schemas import MAX_DEPTH, MAX_HOPS, MAX_SUBGRAPH_IDS, Paths
from graph.model import Subgraph

__all__ = ["router"]

router = APIRouter(tags=["graph"])

EndId = Annotated[str, Query(min_length=1, max_length=200, examples=["country:KAZ"])]


@router.get("/paths", response_model=Paths, responses={**ID_ERRORS, **example("paths")})
def shortest_paths(
    store: StoreDep,
    source: EndId,
    target: EndId,
    max_hops: Annotated[int, Query(ge=1, le=MAX_HOPS, description=f"1..{MAX_HOPS}.")] = 4,
    as_of: AsOf = None,
) -> Paths:
    """Every shortest path from `source` to `target` of at most `max_hops` relations
    (with `as_of`, only through relations that held on that date)."""
    paths = store.shortest_paths(source, target, max_hops=max_hops, as_of=day(as_of))
    return Paths(source=source, target=target, paths=paths)


@router.get("/subgraph", response_model=Subgraph, responses={**ID_ERRORS, **example("subgraph")})
def subgraph(
    store: StoreDep,
    ids: Annotated[
        list[str],
        Query(min_length=1, max_length=MAX_SUBGRAPH_IDS, description="Repeat: ?ids=a&ids=b."),
    ],
    depth: Annotated[int, Query(ge=0, le=MAX_DEPTH, description=f"0..{MAX_DEPTH}.")] = 1,
    as_of: AsOf = None,
) -> Subgraph:
    """The given entities, everything within `depth` hops of them, and the edges among them
    (with `as_of`, as they stood on that date)."""
    return store.subgraph(ids, depth=depth, as_of=day(as_of))
