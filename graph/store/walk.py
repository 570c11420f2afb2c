"""Store-independent pieces of graph walks, so both stores visit in the same order
and keep the same relations (`keeps`: confidence, time and provenance filters)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from graph.model import SYMMETRIC_RELATIONS, RelationType
from graph.store.aggregate import Aggregates, check_as_of
from graph.store.base import Direction

__all__ = ["MAX_PATHS", "breadth_first", "follows", "keeps"]

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


def keeps(
    min_confidence: float = 0.0,
    as_of: str | None = None,
    min_sources: int = 0,
    contested: bool | None = None,
) -> Callable[[Aggregates], bool] | None:
    """A test of a relation's aggregates for the given filters, None when nothing is
    filtered out; ValueError naming `as_of` when it is not a date.

    Walks call it once per relation they look at, so each test does only the checks
    asked for (the common `as_of` case is one string comparison, see `holds_on`).
    """
    if as_of is not None:
        check_as_of(as_of)
    tests: list[Callable[[Aggregates], bool]] = []
    if min_confidence > 0.0:
        tests.append(lambda agg: agg.confidence >= min_confidence)
    if as_of is not None:
        tests.append(lambda agg: agg.holds_on(as_of))
    if min_sources > 1:  # every relation has at least one source
        tests.append(lambda agg: len(agg.sources) >= min_sources)
    if contested is not None:
        tests.append(lambda agg: agg.contested is contested)
    if not tests:
        return None
    if len(tests) == 1:
        return tests[0]
    return lambda agg: all(test(agg) for test in tests)


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
