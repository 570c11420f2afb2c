"""Centrality over the stored graph, computed with networkx.

    from graph.analytics import centrality
    top = centrality(store, "pagerank", type=EntityType.COUNTRY, limit=10)

Relations are read through `GraphStore.to_networkx()`. Results are cached per
store and measure and recomputed only when the store's statistics change (every
upsert or delete changes the evidence count or a type count).
"""

from __future__ import annotations

import threading
from typing import Literal, NamedTuple

import networkx as nx

from graph.model import EntityType
from graph.store.base import GraphStore

__all__ = ["BETWEENNESS_SAMPLE", "Measure", "ScoredEntity", "centrality", "pagerank"]

Measure = Literal["degree", "betweenness", "pagerank"]

# Exact betweenness is O(V*E); above this many nodes it is estimated from this
# many sampled sources (fixed seed, so answers are repeatable).
BETWEENNESS_SAMPLE = 500


class ScoredEntity(NamedTuple):
    id: str
    type: EntityType
    name: str
    score: float


_cache: dict[tuple[int, str], tuple[str, list[ScoredEntity]]] = {}
_cache_lock = threading.Lock()


def centrality(
    store: GraphStore,
    measure: Measure = "degree",
    type: EntityType | None = None,
    limit: int = 20,
) -> list[ScoredEntity]:
    """Entities ranked by `measure`, highest first; only those of `type` when given."""
    key = (id(store), measure)
    version = store.stats().model_dump_json()
    with _cache_lock:
        cached = _cache.get(key)
    if cached is None or cached[0] != version:
        ranked = _rank(store.to_networkx(), measure)
        with _cache_lock:
            _cache[key] = (version, ranked)
    else:
        ranked = cached[1]
    chosen = (e for e in ranked if type is None or e.type == type)
    return [e for _, e in zip(range(limit), chosen, strict=False)]


def _rank(graph: nx.MultiDiGraph, measure: Measure) -> list[ScoredEntity]:
    if graph.number_of_nodes() == 0:
        return []
    simple = nx.Graph(graph.to_undirected(as_view=True))
    if measure == "degree":
        scores = nx.degree_centrality(simple)
    elif measure == "betweenness":
        n = simple.number_of_nodes()
        k = BETWEENNESS_SAMPLE if n > BETWEENNESS_SAMPLE else None
        scores = nx.betweenness_centrality(simple, k=k, seed=0)
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
    return entities


def pagerank(
    graph: nx.DiGraph, alpha: float = 0.85, tol: float = 1.0e-8, max_iter: int = 200
) -> dict[str, float]:
    """Power-iteration PageRank in plain Python (networkx's own needs scipy).

    Dangling nodes spread their rank evenly; the result sums to 1.
    """
    n = graph.number_of_nodes()
    rank = dict.fromkeys(graph, 1.0 / n)
    out_degree = dict(graph.out_degree())
    dangling = [v for v, d in out_degree.items() if d == 0]
    for _ in range(max_iter):
        previous = rank
        leak = alpha * sum(previous[v] for v in dangling) / n
        base = (1.0 - alpha) / n + leak
        rank = dict.fromkeys(graph, base)
        for u, v in graph.edges():
            rank[v] += alpha * previous[u] / out_degree[u]
        if sum(abs(rank[v] - previous[v]) for v in graph) < n * tol:
            break
    return rank
