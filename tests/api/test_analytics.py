"""graph.analytics: PageRank against networkx's reference, and the centrality cache."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

from graph.analytics import centrality, pagerank
from graph.store import open_store
from tests.api.sample import IDS, sample_extractions
from tests.configs import memory_config


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pagerank_matches_networkx(seed: int) -> None:
    graph = nx.gnp_random_graph(60, 0.05, seed=seed, directed=True)
    graph.add_node(999)  # an isolated, dangling node
    ours = pagerank(graph)
    reference = _pagerank_python(graph, tol=1e-12, max_iter=500)
    assert sum(ours.values()) == pytest.approx(1.0)
    for node, value in reference.items():
        assert ours[node] == pytest.approx(value, abs=1e-6)


def test_pagerank_of_a_cycle_is_uniform() -> None:
    ranks = pagerank(nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a")]))
    assert ranks == pytest.approx({"a": 1 / 3, "b": 1 / 3, "c": 1 / 3})


def test_centrality_follows_store_changes(tmp_path: Path) -> None:
    store = open_store(memory_config(tmp_path / "g.json"))
    try:
        first, second = sample_extractions()
        store.upsert(first)
        before = {e.id for e in centrality(store, "degree", limit=50)}
        assert IDS["putin"] not in before
        store.upsert(second)  # the cached ranking must not be served any more
        after = centrality(store, "degree", limit=50)
        assert IDS["putin"] in {e.id for e in after}
        assert after[0].id == IDS["rus"]
    finally:
        store.close()
