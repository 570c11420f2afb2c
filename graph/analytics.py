"""Centrality over the stored graph, computed with networkx, once per graph version.

    from graph.analytics import Flights, centrality
    top = centrality(store, "pagerank", type=EntityType.COUNTRY, limit=10)   # blocking
    shared = Flights(store)             # the service keeps one per store
    future = shared.ranking("betweenness")   # concurrent.futures.Future[Ranking]

Relations are read through `GraphStore.to_networkx()`. A ranking is computed on a
worker thread of its own (never on the caller's event loop), at most one per store
and measure at a time: callers asking while it runs share the same future, and
its result is reused until the graph changes (every upsert or delete changes the
store's statistics, which serve as the graph's version).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Literal, NamedTuple

import networkx as nx
import numpy as np

from graph.model import EntityType
from graph.store.base import GraphStore

__all__ = ["Flights", "Measure", "Ranking", "ScoredEntity", "centrality", "pagerank", "top"]

Measure = Literal["degree", "betweenness", "pagerank"]

# Exact betweenness costs one BFS per node, O(V*E). Beyond BETWEENNESS_BUDGET node and
# edge visits it is estimated from as many sampled sources as the budget allows (at
# least BETWEENNESS_MIN_SAMPLE; fixed seed, so answers repeat). networkx manages about
# 150,000 visits a second here (20k entities, 57k edges: 0.5 s per source), so the
# budget keeps a large graph's ranking near 15 s.
BETWEENNESS_BUDGET = 2_000_000
BETWEENNESS_MIN_SAMPLE = 16


class ScoredEntity(NamedTuple):
    id: str
    type: EntityType
    name: str
    score: float


class Ranking(NamedTuple):
    """Every entity, highest score first; `sampled` is the number of sampled sources
    when the scores are an estimate (betweenness on a large graph), else None."""

    entities: list[ScoredEntity]
    sampled: int | None = None


class Flights:
    """One store's rankings: one computation per measure and graph version at a time."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store
        # One worker: concurrent requests queue behind one computation instead of
        # each taking a core (and the GIL) for a copy of the same answer.
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="geokg-analytics")
        self._lock = threading.Lock()
        self._flights: dict[str, tuple[str, Future[Ranking]]] = {}
        self.computed = 0  # computations started, for tests and logs

    def ranking(self, measure: Measure) -> Future[Ranking]:
        """The ranking for the graph as it is now: running, done, or started here.

        Reads the store's statistics (a store call): call it off the event loop.
        """
        version = self._store.stats().model_dump_json()
        with self._lock:
            flight = self._flights.get(measure)
            if flight is not None and flight[0] == version and not _failed(flight[1]):
                return flight[1]
            future = self._pool.submit(self._compute, measure)
            self._flights[measure] = (version, future)
            self.computed += 1
            return future

    def _compute(self, measure: Measure) -> Ranking:
        with _collection_paused():
            return _rank(self._store.to_networkx(), measure)

    def close(self) -> None:
        """Drop queued computations; one already running finishes on its thread."""
        self._pool.shutdown(wait=False, cancel_futures=True)


@contextmanager
def _collection_paused() -> Iterator[None]:
    """Python's cyclic garbage collection waits while a ranking is computed.

    A ranking allocates a few hundred thousand objects; with a large store's millions
    alive, each full collection they trigger stops every thread, the event loop
    included (2.7 s measured on 20k entities). Those objects hold no cycles and are
    freed by reference counting, so nothing piles up meanwhile.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _failed(future: Future[Ranking]) -> bool:
    return future.done() and (future.cancelled() or future.exception() is not None)


def centrality(
    store: GraphStore,
    measure: Measure = "degree",
    type: EntityType | None = None,
    limit: int = 20,
) -> list[ScoredEntity]:
    """Entities ranked by `measure`, highest first; only those of `type` when given."""
    shared = Flights(store)
    try:
        return top(shared.ranking(measure).result(), type, limit)
    finally:
        shared.close()


def top(ranking: Ranking, type: EntityType | None, limit: int) -> list[ScoredEntity]:
    """The first `limit` entities of `ranking`, only those of `type` when given."""
    chosen = (e for e in ranking.entities if type is None or e.type == type)
    return [e for _, e in zip(range(limit), chosen, strict=False)]


def _rank(graph: nx.MultiDiGraph, measure: Measure) -> Ranking:
    if graph.number_of_nodes() == 0:
        return Ranking([])
    simple = nx.Graph(graph.to_undirected(as_view=True))
    sampled = None
    if measure == "degree":
        scores = nx.degree_centrality(simple)
    elif measure == "betweenness":
        n = simple.number_of_nodes()
        sources = max(BETWEENNESS_MIN_SAMPLE, BETWEENNESS_BUDGET // (n + simple.number_of_edges()))
        sampled = sources if sources < n else None
        scores = nx.betweenness_centrality(simple, k=sampled, seed=0)
    else:
        scores = pagerank(nx.DiGraph(graph))
    entities = []
    for node, score in scores.items():
        attrs = graph.nodes[node]
        try:
            type_ = EntityType(attrs.get("type"))
        except ValueError:
            continue
        entities.append(ScoredEntity(node, type_, str(attrs.get("name", node)), float(score)))
    entities.sort(key=lambda e: (-e.score, e.id))
    return Ranking(entities, sampled)


def pagerank(
    graph: nx.DiGraph, alpha: float = 0.85, tol: float = 1.0e-10, max_iter: int = 200
) -> dict[str, float]:
    """PageRank by power iteration over numpy arrays (networkx's own needs scipy).

    Dangling nodes spread their rank evenly; the result sums to 1.
    """
    nodes = list(graph)
    n = len(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    edges = np.array([(index[u], index[v]) for u, v in graph.edges()], dtype=np.int64)
    src, dst = (edges[:, 0], edges[:, 1]) if len(edges) else (edges, edges)
    out_degree = np.bincount(src, minlength=n).astype(float)
    dangling = out_degree == 0
    share = np.divide(1.0, out_degree, out=np.zeros(n), where=~dangling)
    rank = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        spread = np.bincount(dst, weights=rank[src] * share[src], minlength=n)
        new = alpha * spread + (alpha * rank[dangling].sum() + 1.0 - alpha) / n
        converged = np.abs(new - rank).sum() < n * tol
        rank = new
        if converged:
            break
    return dict(zip(nodes, rank.tolist(), strict=True))
