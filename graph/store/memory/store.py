"""The embedded store: a networkx graph in memory, persisted to an SQLite database.

    store = MemoryStore("geokg-data/graph.sqlite")
    with store.batch():              # one transaction for many documents
        for ex in extractions:
            store.upsert(ex)

Queries run on the in-memory `NetGraph`; every write changes it and then the rows of
the one document it touched (`rows`), in an SQLite transaction (`db`). Processes
share one database: a writer takes SQLite's write lock (waiting up to `lock_timeout`
seconds, then `StoreLocked` naming the holder from `<path>.owner`), first applies what
other processes wrote since it last looked (`changes`), and commits; readers apply
other processes' writes the same way before they answer. Threads share one object
(one writer at a time; readers wait only while a single document is applied).

Each write also records what it changed (`NetGraph.upsert`/`delete` report it) in the
database's change feed, in the same transaction; `changes` reads the feed straight from
the database, its own connection, so pages are in commit order across processes. An
older database (schema version 2) is upgraded in place when opened (`db.upgrade`).
"""

from __future__ import annotations

import contextlib
import gc
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import networkx as nx

from graph.errors import NotFound, StoreCorrupt, StoreError
from graph.model import (
    ChangePage,
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
from graph.store.memory import db, legacy, rows
from graph.store.memory import query as memquery
from graph.store.netgraph import GraphChange, NetGraph, RelRecord

__all__ = ["DEFAULT_LOCK_TIMEOUT", "MemoryStore"]

DEFAULT_LOCK_TIMEOUT = 10.0
T = TypeVar("T")


class MemoryStore:
    """`GraphStore` over a networkx MultiDiGraph and SQLite; see the module docstring."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
        import_from: str | os.PathLike[str] | None = None,
    ) -> None:
        """Open (or create) the database; a new one first imports the JSON store
        `import_from` (default: `graph.json` for `graph.sqlite`, see `db.database_path`)."""
        self.path, self.legacy_path = db.database_path(Path(path))
        if import_from is not None:
            self.legacy_path = Path(import_from)
        self.lock_timeout = lock_timeout
        self._lock = threading.RLock()  # the in-memory graph
        self._writer = threading.RLock()  # the write connection and its transaction
        self._wconn = db.connect(self.path, lock_timeout)
        self._rconn = db.connect(self.path, lock_timeout)
        self._fconn = db.connect(self.path, lock_timeout)  # the change feed's reads
        self._econn = db.connect(self.path, lock_timeout)  # evidence, read when first used
        self._fetch = rows.evidence_reader(self._econn, lambda: self._seen)
        self._feed_lock = threading.Lock()
        self._depth = 0
        self._pending = 0  # the change number of the batch's last write, until it commits
        self._torn = False  # memory ran ahead of a failed transaction: reload it
        self._mg, self._seen = NetGraph(), 0
        try:
            self._create_or_import()
            self._reload()
        except BaseException:
            self._close_connections()
            raise

    # --- transactions -----------------------------------------------------------

    def _create_or_import(self) -> None:
        """Create the schema (importing an old JSON store), or upgrade an older one."""
        if self._rconn.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
            if db.version(self._rconn) != db.VERSION:
                self._upgrade()
            return
        with self._transaction():
            if db.initialise(self._wconn) and self.legacy_path.exists():
                legacy.import_into(self._wconn, self.legacy_path)

    def _upgrade(self) -> None:
        try:
            with self._transaction():
                db.upgrade(self._wconn)
        except sqlite3.Error as exc:
            raise StoreError(
                f"cannot upgrade the graph database {self.path} to version {db.VERSION}: "
                f"{exc}; it was left as it was"
            ) from exc

    def _reload(self) -> None:
        with self._lock:
            gc_was_enabled = gc.isenabled()
            gc.disable()  # loading allocates many long-lived objects; GC passes only cost
            try:
                self._mg, self._seen = rows.load_all(self._rconn, self._evidence)
            except sqlite3.Error as exc:
                raise StoreError(f"cannot read the graph database {self.path}: {exc}") from exc
            except (KeyError, ValueError, TypeError, NotFound) as exc:  # rows that disagree
                raise StoreCorrupt(
                    f"the graph database {self.path} is inconsistent ({type(exc).__name__}: "
                    f"{str(exc)[:200]}); it was left untouched. Restore it from a backup, or "
                    "move it aside to start an empty store."
                ) from exc
            finally:
                # The graph lives as long as the store: keep cyclic GC passes off it.
                gc.freeze()
                if gc_was_enabled:
                    gc.enable()
            self._data_version = self._probe()
            self._torn = False

    def _evidence(self, rec: RelRecord) -> list[tuple[str, str]]:
        """A stored relation's evidence rows (`rows.evidence_reader`), when first used."""
        with self._lock:  # held already by every use of the graph
            try:
                return self._fetch(rec)
            except sqlite3.Error as exc:
                raise StoreError(f"cannot read the graph database {self.path}: {exc}") from exc

    def _probe(self) -> int:
        return int(self._rconn.execute("PRAGMA data_version").fetchone()[0])

    def _begin(self) -> None:
        db.begin_write(self._wconn, self.path, self.lock_timeout)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._writer:
            self._begin()
            try:
                yield
            except BaseException:
                self._wconn.execute("ROLLBACK")
                raise
            self._wconn.execute("COMMIT")

    @contextmanager
    def batch(self) -> Iterator[MemoryStore]:
        """One transaction (one hold of the write lock) for many writes, committed at the end."""
        with self._writer:
            outer = self._depth == 0
            if outer:
                self._begin()
                try:
                    with self._lock:
                        self._fresh(self._wconn)
                except BaseException:
                    self._wconn.execute("ROLLBACK")
                    raise
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
                if outer:
                    self._finish()

    def _finish(self) -> None:
        """Commit the batch, or roll it back and reload when memory ran ahead of it."""
        error: Exception | None = None
        if not self._torn:
            try:
                # Outside `_lock`: readers go on while the log is synced to disk.
                self._wconn.execute("COMMIT")
            except sqlite3.Error as exc:
                error = exc
            else:
                with self._lock:
                    self._seen = max(self._seen, self._pending)
                    self._catch_up()  # notes our own commit as seen
                # What the batch added lives as long as the graph: keep cyclic GC passes
                # (which would stop every thread) off it. Disabling GC instead would stop
                # collection for the whole process while a writer waits for the lock.
                gc.freeze()
                return
        with self._lock:
            self._torn = True
            with contextlib.suppress(sqlite3.Error):
                self._wconn.execute("ROLLBACK")
            self._reload()
        if error is not None:
            raise StoreError(
                f"cannot save to the graph database {self.path}: {error}; "
                "the last saved state stays"
            ) from error

    def _fresh(self, conn: sqlite3.Connection) -> None:
        """Apply other processes' writes (caller holds `_lock`; `conn` in a transaction)."""
        if self._torn:
            self._reload()
        self._seen = rows.apply_changes(conn, self._mg, self._seen)
        self._pending = 0

    def _write(self, change: Callable[[NetGraph, sqlite3.Connection], T]) -> T:
        with self.batch(), self._lock:
            version = self._mg.version
            try:
                result = change(self._mg, self._wconn)
            except sqlite3.Error as exc:
                self._torn = True
                raise StoreError(f"cannot write to the graph database {self.path}: {exc}") from exc
            except BaseException:
                # Bad input raises before anything changes; anything else tears memory.
                self._torn = self._torn or self._mg.version != version
                raise
            return result

    def _catch_up(self) -> None:
        """Apply what other processes committed since we last looked (holding `_lock`)."""
        if self._torn:
            self._reload()
        elif self._depth == 0 and self._probe() != self._data_version:
            self._data_version = self._probe()
            self._rconn.execute("BEGIN")
            try:
                self._seen = rows.apply_changes(self._rconn, self._mg, self._seen)
            finally:
                self._rconn.execute("COMMIT")

    def _read(self, query: Callable[[NetGraph], T]) -> T:
        with self._lock:
            self._catch_up()
            return query(self._mg)

    def answers_now(self) -> bool:
        """Whether a read would answer without waiting for a writer or other processes'
        changes (the API then answers it on the event loop, else in a worker thread)."""
        if not self._lock.acquire(blocking=False):
            return False
        try:
            return not self._torn and self._probe() == self._data_version
        finally:
            self._lock.release()

    def _upsert(self, mg: NetGraph, conn: sqlite3.Connection, ex: Extraction) -> UpsertResult:
        changes: list[GraphChange] = []
        result = mg.upsert(ex, changes)
        if result.status != "unchanged":
            for old in result.replaced:
                rows.delete_document(conn, mg, old)
            self._pending = rows.write_document(conn, mg, result.doc_id)
            rows.write_feed(conn, changes)
        return result

    def _delete(self, mg: NetGraph, conn: sqlite3.Connection, doc_id: str) -> None:
        changes: list[GraphChange] = []
        mg.delete(doc_id, changes)
        self._pending = rows.delete_document(conn, mg, doc_id)
        rows.write_feed(conn, changes)

    # --- the GraphStore contract ------------------------------------------------

    def upsert(self, extraction: Extraction) -> UpsertResult:
        return self._write(lambda mg, conn: self._upsert(mg, conn, extraction))

    def upsert_many(self, extractions: Sequence[Extraction]) -> list[UpsertResult]:
        """Upsert several documents in one transaction."""
        with self.batch():
            return [self.upsert(ex) for ex in extractions]

    def delete_document(self, doc_id: str) -> None:
        self._write(lambda mg, conn: self._delete(mg, conn, doc_id))

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
        as_of: str | None = None,
        min_sources: int = 0,
    ) -> Subgraph:
        return self._read(
            lambda mg: memquery.neighbors(
                mg, entity_id, relation, direction, depth, min_confidence, limit, as_of, min_sources
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
        as_of: str | None = None,
        min_sources: int = 0,
        contested: bool | None = None,
    ) -> list[StoredRelation]:
        return self._read(
            lambda mg: memquery.relations(
                mg,
                source,
                target,
                type,
                min_confidence,
                limit,
                offset,
                as_of,
                min_sources,
                contested,
            )
        )

    def shortest_paths(
        self, source: str, target: str, max_hops: int = 4, as_of: str | None = None
    ) -> list[GraphPath]:
        return self._read(lambda mg: memquery.shortest_paths(mg, source, target, max_hops, as_of))

    def subgraph(self, ids: Sequence[str], depth: int = 1, as_of: str | None = None) -> Subgraph:
        return self._read(lambda mg: memquery.subgraph(mg, ids, depth, as_of))

    def changes(
        self,
        since: str | None = None,
        entity: str | None = None,
        cursor: str | None = None,
        limit: int = 100,
    ) -> ChangePage:
        """Read straight from the database's feed: SQLite orders its writers, so the
        feed's numbers are in commit order whichever process wrote them."""
        with self._feed_lock:
            try:
                return rows.read_feed(self._fconn, since, entity, cursor, limit)
            except sqlite3.Error as exc:
                raise StoreError(f"cannot read the change feed of {self.path}: {exc}") from exc

    def documents(self, limit: int = 50, offset: int = 0) -> list[DocumentSummary]:
        return self._read(lambda mg: memquery.documents(mg, limit, offset))

    def get_document(self, doc_id: str) -> DocumentDetail:
        return self._read(lambda mg: memquery.document_detail(mg, doc_id))

    def stats(self) -> Stats:
        return self._read(memquery.stats)

    def export_json(self) -> dict[str, object]:
        def export(mg: NetGraph) -> dict[str, object]:
            # Every relation's evidence, read in one scan rather than one by one.
            try:
                rows.read_all_evidence(self._econn, mg, self._seen)
            except sqlite3.Error as exc:
                raise StoreError(f"cannot read the graph database {self.path}: {exc}") from exc
            return memexport.export_json(mg)

        return self._read(export)

    def export_graphml(self) -> str:
        return self._read(memexport.export_graphml)

    def to_networkx(self) -> nx.MultiDiGraph:
        return self._read(memexport.to_networkx)

    def ping(self) -> bool:
        return True

    def _close_connections(self) -> None:
        for conn in (self._wconn, self._rconn, self._fconn, self._econn):
            conn.close()

    def close(self) -> None:
        with self._writer, self._lock, self._feed_lock:
            self._close_connections()

    def __repr__(self) -> str:
        return f"MemoryStore({str(self.path)!r})"
