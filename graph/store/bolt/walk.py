"""The Bolt store's graph walks: neighbours, subgraphs and shortest paths.

Each function takes a managed transaction. Walks go hop by hop in Python over the
edges at the frontier (one query per hop), in the memory store's order: each hop by
edge confidence (desc), then id; paths as `allShortestPaths`, sorted by node ids, with
every choice among parallel relations, at most `MAX_PATHS`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from graph.model import Edge, EntityRef, Path, RelationType, Subgraph
from graph.store.base import Direction
from graph.store.bolt import cypher
from graph.store.bolt.read import Tx, edge, present, summaries
from graph.store.walk import MAX_PATHS, breadth_first, follows

__all__ = ["neighbors", "shortest_paths", "subgraph"]


def _steps(
    rows: Iterable[Any],
    at: str,
    type_: RelationType | None,
    direction: Direction,
    min_confidence: float,
) -> list[tuple[float, str]]:
    steps = []
    for rec in rows:
        outgoing = rec["source"] == at
        if (
            follows(RelationType(rec["type"]), outgoing, type_, direction)
            and rec["confidence"] >= min_confidence
        ):
            steps.append((-rec["confidence"], rec["target"] if outgoing else rec["source"]))
    return sorted(steps)


def _incident(tx: Tx, frontier: Sequence[str]) -> dict[str, list[Any]]:
    by_end: dict[str, list[Any]] = {}
    for rec in tx.run(cypher.INCIDENT, ids=list(frontier)):
        by_end.setdefault(rec["at"], []).append(rec)
    return by_end


def _edges_among(
    tx: Tx, order: Sequence[str], type_: RelationType | None, min_confidence: float
) -> list[Edge]:
    rank = {eid: i for i, eid in enumerate(order)}
    edges = [
        edge(rec)
        for rec in tx.run(cypher.EDGES_AMONG, ids=list(order))
        if (type_ is None or rec["type"] == type_.value)
        and rec["confidence"] >= min_confidence
        and rec["source"] in rank
        and rec["target"] in rank
    ]
    return sorted(edges, key=lambda e: (rank[e.source], rank[e.target], e.type.value))


def _subgraph(
    tx: Tx, order: list[str], type_: RelationType | None, min_confidence: float
) -> Subgraph:
    # Entities deleted since the walk found them are left out, with their edges.
    nodes = present(tx, order)
    order = [eid for eid in order if eid in nodes]
    return Subgraph(
        nodes=[nodes[eid] for eid in order],
        edges=_edges_among(tx, order, type_, min_confidence),
    )


def neighbors(
    tx: Tx,
    entity_id: str,
    type_: RelationType | None,
    direction: Direction,
    depth: int,
    min_confidence: float,
    limit: int,
) -> Subgraph:
    summaries(tx, [entity_id])

    def next_hop(frontier: list[str]) -> Iterator[str]:
        rows = _incident(tx, frontier)
        for at in frontier:
            steps = _steps(rows.get(at, []), at, type_, direction, min_confidence)
            yield from (other for _, other in steps)

    order = breadth_first([entity_id], depth, next_hop, limit)
    return _subgraph(tx, order, type_, min_confidence)


def subgraph(tx: Tx, ids: Sequence[str], depth: int) -> Subgraph:
    summaries(tx, list(dict.fromkeys(ids)))

    def next_hop(frontier: list[str]) -> Iterator[str]:
        rows = _incident(tx, frontier)
        for at in frontier:
            yield from sorted(
                r["target"] if r["source"] == at else r["source"] for r in rows.get(at, [])
            )

    order = breadth_first(ids, depth, next_hop)
    return _subgraph(tx, order, None, 0.0)


def shortest_paths(tx: Tx, source: str, target: str, max_hops: int) -> list[Path]:
    ends = summaries(tx, [source, target])
    if source == target:
        node = ends[source]
        return [Path(nodes=[EntityRef(id=node.id, type=node.type, name=node.name)], relations=[])]
    hops = min(max_hops, cypher.MAX_HOPS)
    if hops < 1:
        return []
    rows = tx.run(cypher.SHORTEST_PATHS[hops], source=source, target=target)
    node_paths = sorted({tuple(rec["ids"]) for rec in rows})
    if not node_paths:
        return []
    refs = present(tx, sorted({eid for ids in node_paths for eid in ids}))
    node_paths = [ids for ids in node_paths if all(eid in refs for eid in ids)]
    on_paths = sorted(refs)
    between: dict[frozenset[str], list[Edge]] = {}
    for found in _edges_among(tx, on_paths, None, 0.0):
        between.setdefault(frozenset((found.source, found.target)), []).append(found)
    out: list[Path] = []
    for ids in node_paths:
        choices = [
            sorted(between.get(frozenset(pair), []), key=lambda e: (e.type.value, e.source))
            for pair in itertools.pairwise(ids)
        ]
        nodes = [EntityRef(id=e, type=refs[e].type, name=refs[e].name) for e in ids]
        for combo in itertools.product(*choices):
            out.append(Path(nodes=nodes, relations=list(combo)))
            if len(out) >= MAX_PATHS:
                return out
    return out
