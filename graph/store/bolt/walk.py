"""The Bolt store's graph walks: neighbours, subgraphs and shortest paths.

Each function takes a managed transaction. Walks go hop by hop in Python over the
edges at the frontier (one query per hop), in the memory store's order: each hop by
edge confidence (desc), then id; paths as `allShortestPaths`, sorted by node ids, with
every choice among parallel relations, at most `MAX_PATHS`.

Time and provenance (`as_of`, `min_sources`) filter edges in Python with `EdgeFilter`,
which asks the relation's rebuilt `Aggregates`. Shortest paths as of a date are found
breadth first over the relations that held, hop by hop like the walks: a server's
`allShortestPaths` with a relationship predicate may filter the shortest paths after
finding them (ArcadeDB does) and so miss a longer path made of relations that held.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from graph.model import Edge, EntityRef, Path, RelationType, Subgraph
from graph.store.base import Direction
from graph.store.bolt import cypher
from graph.store.bolt.read import Tx, aggregates_of, edge, present, summaries
from graph.store.walk import MAX_PATHS, breadth_first, follows

__all__ = ["EdgeFilter", "neighbors", "shortest_paths", "subgraph"]


@dataclass(frozen=True)
class EdgeFilter:
    """Which relations a walk may use: by type, confidence, date and publishers."""

    type_: RelationType | None = None
    min_confidence: float = 0.0
    as_of: str | None = None  # checked YYYY-MM-DD
    min_sources: int = 0

    def keeps(self, rec: Any) -> bool:
        """Whether an edge record (with the time fields of `cypher.INCIDENT`) passes."""
        if self.type_ is not None and rec["type"] != self.type_.value:
            return False
        if rec["confidence"] < self.min_confidence:
            return False
        if self.min_sources and len(rec["source_names"] or ()) < self.min_sources:
            return False
        return self.as_of is None or aggregates_of(rec).holds_on(self.as_of)


def _other(rec: Any, at: str) -> str:
    return str(rec["target"] if rec["source"] == at else rec["source"])


def _steps(
    rows: Iterable[Any], at: str, keep: EdgeFilter, direction: Direction
) -> list[tuple[float, str]]:
    steps = []
    for rec in rows:
        outgoing = rec["source"] == at
        if follows(RelationType(rec["type"]), outgoing, keep.type_, direction) and keep.keeps(rec):
            steps.append((-rec["confidence"], _other(rec, at)))
    return sorted(steps)


def _incident(tx: Tx, frontier: Sequence[str]) -> dict[str, list[Any]]:
    by_end: dict[str, list[Any]] = {}
    for rec in tx.run(cypher.INCIDENT, ids=list(frontier)):
        by_end.setdefault(rec["at"], []).append(rec)
    return by_end


def _edges_among(tx: Tx, order: Sequence[str], keep: EdgeFilter) -> list[Edge]:
    rank = {eid: i for i, eid in enumerate(order)}
    edges = [
        edge(rec)
        for rec in tx.run(cypher.EDGES_AMONG, ids=list(order))
        if keep.keeps(rec) and rec["source"] in rank and rec["target"] in rank
    ]
    return sorted(edges, key=lambda e: (rank[e.source], rank[e.target], e.type.value))


def _subgraph(tx: Tx, order: list[str], keep: EdgeFilter) -> Subgraph:
    # Entities deleted since the walk found them are left out, with their edges.
    nodes = present(tx, order)
    order = [eid for eid in order if eid in nodes]
    return Subgraph(nodes=[nodes[eid] for eid in order], edges=_edges_among(tx, order, keep))


def neighbors(
    tx: Tx,
    entity_id: str,
    direction: Direction,
    depth: int,
    limit: int,
    keep: EdgeFilter,
) -> Subgraph:
    summaries(tx, [entity_id])

    def next_hop(frontier: list[str]) -> Iterator[str]:
        rows = _incident(tx, frontier)
        for at in frontier:
            steps = _steps(rows.get(at, []), at, keep, direction)
            yield from (other for _, other in steps)

    order = breadth_first([entity_id], depth, next_hop, limit)
    return _subgraph(tx, order, keep)


def subgraph(tx: Tx, ids: Sequence[str], depth: int, keep: EdgeFilter) -> Subgraph:
    summaries(tx, list(dict.fromkeys(ids)))

    def next_hop(frontier: list[str]) -> Iterator[str]:
        rows = _incident(tx, frontier)
        for at in frontier:
            yield from sorted(_other(r, at) for r in rows.get(at, []) if keep.keeps(r))

    order = breadth_first(ids, depth, next_hop)
    return _subgraph(tx, order, keep)


def _held_paths(
    tx: Tx, source: str, target: str, hops: int, keep: EdgeFilter
) -> list[tuple[str, ...]]:
    """Every shortest path (as node ids) of at most `hops` over the relations `keep`
    passes, found breadth first from `source`."""
    parents: dict[str, set[str]] = {source: set()}
    frontier = [source]
    for _ in range(hops):
        rows = _incident(tx, frontier)
        reached: dict[str, set[str]] = {}
        for at in frontier:
            for rec in rows.get(at, []):
                other = _other(rec, at)
                if other not in parents and keep.keeps(rec):
                    reached.setdefault(other, set()).add(at)
        parents.update(reached)
        if target in reached or not reached:
            break
        frontier = sorted(reached)
    if target not in parents:
        return []

    def ending_at(node: str) -> list[tuple[str, ...]]:
        if node == source:
            return [(source,)]
        return [(*path, node) for parent in parents[node] for path in ending_at(parent)]

    return sorted(ending_at(target))


def shortest_paths(
    tx: Tx, source: str, target: str, max_hops: int, as_of: str | None = None
) -> list[Path]:
    ends = summaries(tx, [source, target])
    if source == target:
        node = ends[source]
        return [Path(nodes=[EntityRef(id=node.id, type=node.type, name=node.name)], relations=[])]
    hops = min(max_hops, cypher.MAX_HOPS)
    if hops < 1:
        return []
    keep = EdgeFilter(as_of=as_of)
    if as_of is None:
        rows = tx.run(cypher.SHORTEST_PATHS[hops], source=source, target=target)
        node_paths = sorted({tuple(rec["ids"]) for rec in rows})
    else:
        node_paths = _held_paths(tx, source, target, hops, keep)
    if not node_paths:
        return []
    refs = present(tx, sorted({eid for ids in node_paths for eid in ids}))
    node_paths = [ids for ids in node_paths if all(eid in refs for eid in ids)]
    on_paths = sorted(refs)
    between: dict[frozenset[str], list[Edge]] = {}
    for found in _edges_among(tx, on_paths, keep):
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
