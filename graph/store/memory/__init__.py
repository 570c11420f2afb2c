"""The embedded store: `MemoryStore`, a networkx graph kept in memory and persisted to SQLite."""

from graph.store.memory.store import DEFAULT_LOCK_TIMEOUT, MemoryStore

__all__ = ["DEFAULT_LOCK_TIMEOUT", "MemoryStore"]
