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
import numpy as np

from graph.model import EntityType
from graph.store.base import GraphStore

__all__ = ["Measure", "ScoredEntity", "centrality", "pagerank"]

Measure = Literal["degree", "betweenness", "pagerank"]

# Exact betweenness costs one BFS per node, O(V*E). Beyond BETWEENNESS_BUDGET node and
# edge visits it is estimated from as many sampled sources as the budget allows (at
# least BETWEENNESS_MIN_SAMPLE; fixed seed, so answers repeat).
BETWEENNESS_BUDGET = 20_000_000
BETWEENNESS_MIN_SAMPLE = 16


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
        sources = max(BETWEENNESS_MIN_SAMPLE, BETWEENNESS_BUDGET // (n + simple.number_of_edges()))
        scores = nx.betweenness_centrality(simple, k=sources if sources < n else None, seed=0)
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
