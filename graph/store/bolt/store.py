"""The Bolt store: the graph in Neo4j 5 (or another Bolt server) through the `neo4j` driver.

    store = BoltStore(Settings(store="neo4j", neo4j_password="...").store_config())
    store.upsert(extraction)

Nothing connects until the first call; that call also creates the schema (uniqueness
constraints on `Entity.id` and `Document.id`, name indexes) and picks the dialect from
the server's agent string. Every call runs in a managed transaction, so transient errors
are retried; a document's upsert is one transaction. When the server cannot be reached,
calls raise `graph.errors.StoreUnavailable` naming the URI; the same object works again
once the server is back. Semantics match the memory store (one contract suite runs
over both); statements live in `graph.store.cypher`.
"""

from __future__ import annotations

import itertools
import random
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar
from urllib.parse import urlsplit

import networkx as nx
from neo4j import Driver, GraphDatabase
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConstraintError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from graph.errors import GeoKGError, NotFound, StoreError, StoreUnavailable
from graph.model import (
    ChangePage,
    DocumentDetail,
    DocumentSummary,
    EntityDetail,
    EntitySummary,
    EntityType,
    Extraction,
    Path,
    RelationType,
    Stats,
    StoredRelation,
    Subgraph,
    UpsertResult,
)
from graph.store.aggregate import check_as_of
from graph.store.base import Direction, StoreConfig
from graph.store.bolt import changes as bolt_changes
from graph.store.bolt import cypher
from graph.store.bolt import read as bolt_read
from graph.store.bolt import walk as bolt_walk
from graph.store.bolt import write as bolt_write
from graph.store.bolt.dialect import Dialect, detect
from graph.store.export import export_graphml, to_networkx
from graph.store.feed import check_cursor, check_since

__all__ = ["BoltStore"]

T = TypeVar("T")


def _safe_uri(uri: str) -> str:
    """The URI without any user:password part, for messages."""
    parts = urlsplit(uri)
    host = parts.netloc.rpartition("@")[2]
    return f"{parts.scheme}://{host}" if parts.scheme else uri


class BoltStore:
    """`GraphStore` over Bolt; safe to share between threads (the driver pools sessions).

    `retry_seconds` (default `config.retry_seconds`) bounds how long a call keeps
    retrying transient errors (a server restarting) before it raises; `dialect`
    ("neo4j" or "arcadedb") overrides detection from the server's agent string.
    """

    def __init__(
        self,
        config: StoreConfig,
        *,
        retry_seconds: float | None = None,
        dialect: str | None = None,
    ) -> None:
        if retry_seconds is None:
            retry_seconds = config.retry_seconds
        self.config = config
        self._retry_seconds = retry_seconds
        self.uri = _safe_uri(config.neo4j_uri)
        self._override = dialect
        self._dialect: Dialect | None = None
        self._lock = threading.Lock()
        try:
            self._driver: Driver = GraphDatabase.driver(
                config.neo4j_uri,
                auth=(config.neo4j_user, config.neo4j_password),
                max_transaction_retry_time=retry_seconds,
                connection_timeout=min(10.0, retry_seconds),
                connection_acquisition_timeout=max(30.0, retry_seconds),
            )
        except (DriverError, ValueError) as exc:
            raise StoreError(f"cannot use Neo4j URI {self.uri!r}: {exc}") from exc

    # --- plumbing ---------------------------------------------------------------

    @contextmanager
    def _translated(self, action: str) -> Iterator[None]:
        try:
            yield
        except GeoKGError:
            raise
        except AuthError as exc:
            raise StoreUnavailable(
                f"Neo4j at {self.uri} rejected the credentials of user "
                f"{self.config.neo4j_user!r} ({action})"
            ) from exc
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            raise StoreUnavailable(
                f"Neo4j at {self.uri} is unreachable ({action}): {exc}; "
                "check that the server runs and GEOKG_NEO4J_URI points at it"
            ) from exc
        except Neo4jError as exc:
            raise StoreError(f"Neo4j at {self.uri} failed to {action}: {exc.message}") from exc
        except DriverError as exc:
            raise StoreUnavailable(f"Neo4j at {self.uri} failed to {action}: {exc}") from exc

    @property
    def dialect(self) -> Dialect:
        """The server's dialect (connects and sets the schema up on first use)."""
        if self._dialect is None:
            with self._lock:
                if self._dialect is None:
                    self._dialect = self._set_up()
        return self._dialect

    def _set_up(self) -> Dialect:
        with self._translated("set up the schema"):
            agent = self._driver.get_server_info().agent
            dialect = detect(agent, self._override)
            statements = list(cypher.SCHEMA)
            if dialect.fulltext:
                statements.append(cypher.FULLTEXT_INDEX)
            for statement in statements:
                self._driver.execute_query(statement, database_=self.config.neo4j_database)
            if dialect.create_types:
                self._create_types()
            return dialect

    def _create_types(self) -> None:
        probe = {"id": "geokg:type-probe", "other": "geokg:type-probe-2"}
        for statement in cypher.TYPE_PROBES:
            for attempt in range(3):
                try:
                    self._driver.execute_query(
                        statement, probe, database_=self.config.neo4j_database
                    )
                    break
                except ClientError:
                    # another process created the same type at the same moment
                    if attempt == 2:
                        raise
                    time.sleep(0.1)

    @property
    def batch_size(self) -> int:
        return self.dialect.batch_size(self.config.batch_size)

    def _read(self, action: str, fn: Callable[..., T], *args: Any) -> T:
        return self._run(action, "execute_read", fn, *args)

    def _write(self, action: str, fn: Callable[..., T], *args: Any) -> T:
        return self._run(action, "execute_write", fn, *args)

    def _run(self, action: str, mode: str, fn: Callable[..., T], *args: Any) -> T:
        """One managed transaction (the driver retries transient errors itself, such as
        ArcadeDB's concurrent modification of the change counter), run again when it
        met a concurrent writer: at least the dialect's `constraint_retries` times and
        for as long as `retry_seconds` allows, since every writer takes the change
        counter and many writers may each lose several times."""
        retries = self.dialect.constraint_retries
        deadline = time.monotonic() + self._retry_seconds
        for attempt in itertools.count():
            try:
                with (
                    self._translated(action),
                    self._driver.session(database=self.config.neo4j_database) as session,
                ):
                    result: T = getattr(session, mode)(fn, *args)
                    return result
            except StoreError as exc:
                if not _raced(exc) or (attempt >= retries and time.monotonic() > deadline):
                    raise
                time.sleep(_backoff(attempt))
        raise AssertionError("unreachable")

    # --- writes -------------------------------------------------------------------

    def upsert(self, extraction: Extraction) -> UpsertResult:
        (result,) = self._write(
            f"store document {extraction.document.id}",
            bolt_write.upsert_batch,
            [bolt_write.stage(extraction)],
            self.batch_size,
            self.dialect.counter_first,
        )
        return result

    def upsert_many(
        self, extractions: Iterable[Extraction], per_tx: int = 250
    ) -> list[UpsertResult]:
        """Upsert many documents, up to `per_tx` in one transaction: the bulk-load path.

        Results match calling `upsert` on each in order; a failure rolls back only the
        transaction it happened in (earlier ones stay committed).
        """
        # Staged here, not in a worker thread: on a busy machine the thread's share of
        # the interpreter lock slowed the writes more than the overlap gained.
        results: list[UpsertResult] = []
        for chunk in _chunks(extractions, per_tx):
            staged = [bolt_write.stage(ex) for ex in chunk]
            results.extend(
                self._write(
                    f"store {len(chunk)} documents",
                    bolt_write.upsert_batch,
                    staged,
                    self.batch_size,
                    self.dialect.counter_first,
                )
            )
        return results

    @contextmanager
    def batch(self) -> Iterator[BoltStore]:
        """Writes go to the server as they are made (use `upsert_many` to group them)."""
        yield self

    def delete_document(self, doc_id: str) -> None:
        if not self._write(
            f"delete document {doc_id}",
            bolt_write.delete_document,
            doc_id,
            self.batch_size,
            self.dialect.counter_first,
        ):
            raise NotFound(f"no document with id {doc_id!r}")

    # --- reads --------------------------------------------------------------------

    def get_entity(self, entity_id: str) -> EntityDetail:
        return self._read(f"read entity {entity_id}", bolt_read.entity_detail, entity_id)

    def search_entities(
        self,
        q: str | None = None,
        type: EntityType | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> list[EntitySummary]:
        fulltext = self.dialect.fulltext
        return self._read("search entities", bolt_read.search, q, type, limit, offset, fulltext)

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
        keep = bolt_walk.EdgeFilter(relation, min_confidence, _checked(as_of), min_sources)
        return self._read(
            f"read neighbours of {entity_id}",
            bolt_walk.neighbors,
            entity_id,
            direction,
            depth,
            limit,
            keep,
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
            "read relations",
            bolt_read.relations,
            source,
            target,
            type,
            min_confidence,
            limit,
            offset,
            _checked(as_of),
            min_sources,
            contested,
        )

    def shortest_paths(
        self, source: str, target: str, max_hops: int = 4, as_of: str | None = None
    ) -> list[Path]:
        return self._read(
            f"find paths from {source} to {target}",
            bolt_walk.shortest_paths,
            source,
            target,
            max_hops,
            _checked(as_of),
        )

    def subgraph(self, ids: Sequence[str], depth: int = 1, as_of: str | None = None) -> Subgraph:
        keep = bolt_walk.EdgeFilter(as_of=_checked(as_of))
        return self._read("read a subgraph", bolt_walk.subgraph, list(ids), depth, keep)

    def changes(
        self,
        since: str | None = None,
        entity: str | None = None,
        cursor: str | None = None,
        limit: int = 100,
    ) -> ChangePage:
        after = check_cursor(cursor)
        when = check_since(since)
        return self._read(
            "read the change feed", bolt_changes.changes_page, when, entity, after, limit
        )

    def documents(self, limit: int = 50, offset: int = 0) -> list[DocumentSummary]:
        return self._read("list documents", bolt_read.documents, limit, offset)

    def get_document(self, doc_id: str) -> DocumentDetail:
        return self._read(f"read document {doc_id}", bolt_read.document_detail, doc_id)

    def stats(self) -> Stats:
        return self._read("count the graph", bolt_read.stats)

    def export_json(self) -> dict[str, object]:
        return self._read("export the graph", bolt_read.export_json)

    def export_graphml(self) -> str:
        return export_graphml(self._read("export the graph", bolt_read.snapshot))

    def to_networkx(self) -> nx.MultiDiGraph:
        return to_networkx(self._read("export the graph", bolt_read.snapshot))

    def ping(self) -> bool:
        """One query without retries: answers at once whether the server is there."""
        try:
            with (
                self._translated("ping"),
                self._driver.session(database=self.config.neo4j_database) as session,
            ):
                session.run(cypher.PING).consume()
        except StoreError:
            return False
        return True

    def close(self) -> None:
        self._driver.close()

    def __repr__(self) -> str:
        return f"BoltStore(uri={self.uri!r})"


def _backoff(attempt: int) -> float:
    """Seconds before running a raced transaction again: growing, capped, jittered so
    that writers which collided once do not collide again in step."""
    return random.uniform(0.5, 1.0) * min(0.5, 0.02 * 2.0**attempt)


def _checked(as_of: str | None) -> str | None:
    """`as_of` validated before any transaction starts (ValueError naming it)."""
    return None if as_of is None else check_as_of(as_of)


def _raced(exc: StoreError) -> bool:
    """Whether a transaction failed only because a concurrent one changed what it read;
    every operation here is idempotent, so running it again sees the change and agrees.

    A concurrent writer created the same node or document first (`ConstraintError`), or
    removed a node or relationship a statement was about to read or update (Neo4j's
    `EntityNotFound`, ArcadeDB's "Record not found" between statements).
    """
    cause = exc.__cause__
    if isinstance(cause, ConstraintError):
        return True
    if not isinstance(cause, Neo4jError):
        return False
    return "EntityNotFound" in (cause.code or "") or "not found" in (cause.message or "").lower()


def _chunks(extractions: Iterable[Extraction], size: int) -> Iterator[list[Extraction]]:
    """Runs of at most `size` documents, cut so no id or url repeats within a run."""
    chunk: list[Extraction] = []
    keys: set[str] = set()
    for ex in extractions:
        mine = {ex.document.id} | ({f"url:{ex.document.url}"} if ex.document.url else set())
        if len(chunk) >= size or mine & keys:
            yield chunk
            chunk, keys = [], set()
        chunk.append(ex)
        keys |= mine
    if chunk:
        yield chunk
