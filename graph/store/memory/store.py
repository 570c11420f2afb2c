"""The embedded store: a networkx graph in memory, persisted to one JSON file.

    store = MemoryStore("geokg-data/graph.json")
    with store.batch():              # one file lock, one save for many documents
        for ex in extractions:
            store.upsert(ex)

Threads share one object safely (an RLock). Processes share one file through a
file lock (`<path>.lock`) held only while writing: each write reloads the file if
another process changed it, applies the change and saves atomically, so the API
server and a `geokg ingest` in another terminal both keep their writes. Reads
reload the file when it changed on disk. A writer that cannot get the lock within
`lock_timeout` seconds gets `StoreLocked` naming the holder (from `<path>.owner`).
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import networkx as nx
from filelock import FileLock, Timeout

from graph.errors import StoreError, StoreLocked
from graph.model import (
    DocumentDetail,
    DocumentSummary,
    EntityDetail,
    EntitySummary,
    EntityType,
    Extraction,
    RelationType,
    Stats,
    StoredRelation,
    Subgraph,
    UpsertResult,
)
from graph.model import Path as GraphPath
from graph.store import export as memexport
from graph.store.base import Direction
from graph.store.memory import legacy as persist
from graph.store.memory import query as memquery
from graph.store.netgraph import NetGraph

__all__ = ["DEFAULT_LOCK_TIMEOUT", "MemoryStore"]

DEFAULT_LOCK_TIMEOUT = 10.0
T = TypeVar("T")


class MemoryStore:
    """`GraphStore` over a networkx MultiDiGraph; see the module docstring."""

    def __init__(
        self, path: str | os.PathLike[str], lock_timeout: float = DEFAULT_LOCK_TIMEOUT
    ) -> None:
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        self._lock = threading.RLock()
        self._flock = FileLock(f"{self.path}.lock", timeout=lock_timeout, thread_local=False)
        self._owner = Path(f"{self.path}.owner")
        self._mg = NetGraph()
        self._generation = 0
        self._stamp: tuple[int, int, int] | None = None
        self._batch_depth = 0
        self._dirty = False
        self._refresh()  # StoreCorrupt here leaves the file untouched

    # --- file handling ----------------------------------------------------------

    def _file_stamp(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(f"cannot access the graph file {self.path}: {exc.strerror}") from exc
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def _refresh(self) -> None:
        """Reload when the file changed on disk since we last read or wrote it."""
        stamp = self._file_stamp()
        if stamp == self._stamp:
            return
        loaded = persist.read_file(self.path)
        self._mg, self._generation = loaded if loaded is not None else (NetGraph(), 0)
        self._stamp = stamp

    def _save(self) -> None:
        self._generation += 1
        payload = json.dumps(
            persist.dump(self._mg, self._generation), ensure_ascii=False, separators=(",", ":")
        ).encode("utf-8")
        try:
            persist.remove_stale_temps(self.path)
            persist.write_atomic(self.path, payload)
        except OSError as exc:
            # Forget the unsaved changes (the caller gets this error), reload on next use.
            self._stamp, self._dirty = (-1, -1, -1), False
            raise StoreError(
                f"cannot save the graph file {self.path}: {exc.strerror or exc}; "
                "the last saved state stays"
            ) from exc
        self._stamp = self._file_stamp()
        self._dirty = False

    def _holder(self) -> str:
        try:
            info = json.loads(self._owner.read_text(encoding="utf-8"))
            return f"pid {info['pid']} ({info['command']}, since {info['since']})"
        except (OSError, ValueError, KeyError, TypeError):
            return "another process"

    def _acquire(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._flock.acquire()
        except Timeout:
            raise StoreLocked(
                f"the graph file {self.path} is locked by {self._holder()}, which has been "
                f"writing to it for over {self.lock_timeout:g}s. If that is a running geokg "
                "server, send documents to it instead (POST /documents) or stop it first; "
                "otherwise wait for it to finish and retry."
            ) from None
        except OSError as exc:
            raise StoreError(f"cannot lock {self.path}: {exc.strerror or exc}") from exc
        owner = {
            "pid": os.getpid(),
            "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]])[:200],
            "since": time.strftime("%Y-%m-%dT%H:%M:%S"),
        }
        with contextlib.suppress(OSError):  # the sidecar only improves StoreLocked's message
            self._owner.write_text(json.dumps(owner), encoding="utf-8")

    @contextmanager
    def batch(self) -> Iterator[MemoryStore]:
        """Hold the file lock across many writes and save once at the end."""
        with self._lock:
            outer = self._batch_depth == 0
            if outer:
                self._acquire()
                try:
                    self._refresh()
                except BaseException:
                    self._flock.release()
                    raise
            # A batch and its save allocate many long-lived objects and free few: cyclic
            # GC passes over a large graph would cost up to half the time, reclaiming nothing.
            gc_was_enabled = outer and gc.isenabled()
            if gc_was_enabled:
                gc.disable()
            self._batch_depth += 1
            try:
                yield self
            finally:
                self._batch_depth -= 1
                if outer:
                    try:
                        if self._dirty:
                            self._save()
                    finally:
                        self._flock.release()
                        if gc_was_enabled:
                            gc.enable()

    def _write(self, change: Callable[[NetGraph], T]) -> T:
        with self.batch():
            version = self._mg.version
            result = change(self._mg)
            self._dirty = self._dirty or self._mg.version != version
            return result

    def _read(self, query: Callable[[NetGraph], T]) -> T:
        with self._lock:
            if self._batch_depth == 0:
                self._refresh()
            return query(self._mg)

    # --- the GraphStore contract ------------------------------------------------

    def upsert(self, extraction: Extraction) -> UpsertResult:
        return self._write(lambda mg: mg.upsert(extraction))

    def upsert_many(self, extractions: Sequence[Extraction]) -> list[UpsertResult]:
        """Upsert several documents under one lock and one save."""
        with self.batch():
            return [self.upsert(ex) for ex in extractions]

    def delete_document(self, doc_id: str) -> None:
        self._write(lambda mg: mg.delete(doc_id))

    def get_entity(self, entity_id: str) -> EntityDetail:
        return self._read(lambda mg: memquery.entity_detail(mg, entity_id))

    def search_entities(
        self, q: str | None = None, type: EntityType | None = None, limit: int = 20, offset: int = 0
    ) -> list[EntitySummary]:
        return self._read(lambda mg: memquery.search(mg, q, type, limit, offset))

    def neighbors(
        self,
        entity_id: str,
        relation: RelationType | None = None,
        direction: Direction = "both",
        depth: int = 1,
        min_confidence: float = 0.0,
        limit: int = 100,
    ) -> Subgraph:
        return self._read(
            lambda mg: memquery.neighbors(
                mg, entity_id, relation, direction, depth, min_confidence, limit
            )
        )

    def relations(
        self,
        source: str | None = None,
        target: str | None = None,
        type: RelationType | None = None,
        min_confidence: float = 0.0,
        limit: int = 50,
        offset: int = 0,
    ) -> list[StoredRelation]:
        return self._read(
            lambda mg: memquery.relations(mg, source, target, type, min_confidence, limit, offset)
        )

    def shortest_paths(self, source: str, target: str, max_hops: int = 4) -> list[GraphPath]:
        return self._read(lambda mg: memquery.shortest_paths(mg, source, target, max_hops))

    def subgraph(self, ids: Sequence[str], depth: int = 1) -> Subgraph:
        return self._read(lambda mg: memquery.subgraph(mg, ids, depth))

    def documents(self, limit: int = 50, offset: int = 0) -> list[DocumentSummary]:
        return self._read(lambda mg: memquery.documents(mg, limit, offset))

    def get_document(self, doc_id: str) -> DocumentDetail:
        return self._read(lambda mg: memquery.document_detail(mg, doc_id))

    def stats(self) -> Stats:
        return self._read(memquery.stats)

    def export_json(self) -> dict[str, object]:
        return self._read(memexport.export_json)

    def export_graphml(self) -> str:
        return self._read(memexport.export_graphml)

    def to_networkx(self) -> nx.MultiDiGraph:
        return self._read(memexport.to_networkx)

    def ping(self) -> bool:
        return True

    def close(self) -> None:
        """Nothing stays open between writes; pending batch changes are saved by `batch`."""

    def __repr__(self) -> str:
        return f"MemoryStore({str(self.path)!r})"
