"""Graph stores: one `GraphStore` contract, two implementations, one factory.

    from graph.store import open_store
    store = open_store(Settings().store_config())

`kind="memory"` gives the embedded networkx store (`graph.store.memory`);
`kind="neo4j"` the Bolt store (`graph.store.bolt`), imported only then, so
`import graph.store` never imports the neo4j driver.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from graph.store.base import Direction, GraphStore, StoreConfig

__all__ = ["Direction", "GraphStore", "StoreConfig", "open_store", "write_batch"]


def open_store(config: StoreConfig) -> GraphStore:
    """Open the store `config` names; the memory store loads its file here."""
    if config.kind == "memory":
        from graph.store.memory import MemoryStore

        return MemoryStore(config.memory_path, lock_timeout=config.lock_timeout)
    if config.kind == "neo4j":
        from graph.store.bolt import BoltStore

        return BoltStore(config, retry_seconds=config.retry_seconds)
    raise ValueError(f"unknown store kind {config.kind!r}; expected 'memory' or 'neo4j'")


@contextmanager
def write_batch(store: GraphStore) -> Iterator[GraphStore]:
    """Group writes: the memory store saves its file once; other stores write as they go."""
    batch = getattr(store, "batch", None)
    if batch is None:
        yield store
        return
    with batch():
        yield store
