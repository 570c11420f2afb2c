"""Graph stores: one `GraphStore` contract, two implementations, one factory.

    from graph.store import open_store
    store = open_store(Settings().store_config())

`kind="memory"` gives the embedded store (`graph.store.memory`: networkx over SQLite);
`kind="neo4j"` the Bolt store (`graph.store.bolt`), imported only then, so
`import graph.store` never imports the neo4j driver. The shared core lives here too:
the contract (`base`), aggregation, preparation, resolution, walks, search, the
in-memory graph (`netgraph`) and its exports.
"""

from __future__ import annotations

from graph.store.base import Direction, GraphStore, StoreConfig

__all__ = ["Direction", "GraphStore", "StoreConfig", "open_store"]


def open_store(config: StoreConfig) -> GraphStore:
    """Open the store `config` names; the embedded store loads its graph here."""
    if config.kind == "memory":
        from graph.store.memory import MemoryStore

        return MemoryStore(config.memory_path, lock_timeout=config.lock_timeout)
    if config.kind == "neo4j":
        from graph.store.bolt import BoltStore

        return BoltStore(config, retry_seconds=config.retry_seconds)
    raise ValueError(f"unknown store kind {config.kind!r}; expected 'memory' or 'neo4j'")
