"""Store-independent pieces of graph walks, so both stores visit in the same order."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from graph.model import SYMMETRIC_RELATIONS, RelationType
from graph.store.base import Direction

__all__ = ["MAX_PATHS", "breadth_first", "follows"]

MAX_PATHS = 10  # shortest paths returned at most, in both stores


def follows(
    rel_type: RelationType,
    outgoing: bool,
    wanted: RelationType | None,
    direction: Direction,
) -> bool:
    """Whether a walk in `direction` filtered to `wanted` may take this relation.

    Symmetric relations are stored once but count in both directions.
    """
    if wanted is not None and rel_type is not wanted:
        return False
    return (
        direction == "both" or rel_type in SYMMETRIC_RELATIONS or (direction == "out") == outgoing
    )


def breadth_first(
    start: Sequence[str],
    depth: int,
    next_hop: Callable[[list[str]], Iterable[str]],
    limit: int | None = None,
) -> list[str]:
    """Ids within `depth` hops of `start`, in visiting order, `start` first.

    `next_hop(frontier)` yields the frontier's neighbours in the order they should be
    visited (repeats are fine). At most `limit` ids are added beyond the first one.
    """
    order = list(dict.fromkeys(start))
    seen, frontier = set(order), list(order)
    for _ in range(max(depth, 0)):
        if not frontier:
            break
        nxt: list[str] = []
        for other in next_hop(frontier):
            if other not in seen and (limit is None or len(order) <= limit):
                seen.add(other)
                order.append(other)
                nxt.append(other)
        frontier = nxt
    return order
