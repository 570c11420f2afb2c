"""The `GraphStore` contract that every store implements.

Ingestion and the API speak only this protocol; `graph.store.open_store` picks
the implementation from a `StoreConfig`.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

import networkx as nx

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

__all__ = ["Direction", "GraphStore", "StoreConfig"]

Direction = Literal["in", "out", "both"]


@dataclass(frozen=True, kw_only=True)
class StoreConfig:
    """Everything needed to open a store; built by `api.settings.Settings.store_config()`,
    which holds every default (so none are repeated here)."""

    kind: Literal["memory", "neo4j"]
    memory_path: str
    neo4j_uri: str
    neo4j_user: str
    neo4j_password: str
    neo4j_database: str | None
    batch_size: int
    lock_timeout: float  # memory store: seconds a writer waits for the write lock
    retry_seconds: float  # Bolt store: how long a call retries a server that is away


@runtime_checkable
class GraphStore(Protocol):
    """A graph of entities, relations with evidence, and documents.

    Unknown ids raise `graph.errors.NotFound`; an unreachable backend raises
    `graph.errors.StoreUnavailable`. Implementations are safe to share between
    threads.

    Time: `as_of` (YYYY-MM-DD) answers with the graph as the corpus stated it up to
    that date: only relations that held on it (`Aggregates.holds_on`), so relations
    ended by then and undated ones are left out, and entities reached only through
    those. Provenance: `min_sources` keeps relations stated by at least that many
    distinct publishers.
    """

    def upsert(self, extraction: Extraction) -> UpsertResult:
        """Store one document's extraction atomically; idempotent by document id.

        A stored document with the same `url` and a different id is replaced.
        """
        ...

    def upsert_many(self, extractions: Sequence[Extraction]) -> list[UpsertResult]:
        """Upsert documents in as few transactions/saves as the store allows, in order.

        Results equal calling `upsert` on each; the bulk-load path of ingestion.
        """
        ...

    def delete_document(self, doc_id: str) -> None:
        """Remove a document, its evidence, and relations/entities left with none."""
        ...

    def batch(self) -> AbstractContextManager[GraphStore]:
        """Group the writes made inside: the embedded store commits them as one
        transaction at the end; the Bolt store writes each as it goes."""
        ...

    def get_entity(self, entity_id: str) -> EntityDetail: ...

    def search_entities(
        self,
        q: str | None = None,
        type: EntityType | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> list[EntitySummary]:
        """Ranked by name/alias match (diacritic-, case- and typo-tolerant)."""
        ...

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
        """The entity, the entities within `depth` hops and the edges among them."""
        ...

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
        """`contested=True`: only relations with evidence of their end (both sides'
        evidence included); False: only those without."""
        ...

    def shortest_paths(
        self, source: str, target: str, max_hops: int = 4, as_of: str | None = None
    ) -> list[Path]: ...

    def subgraph(
        self, ids: Sequence[str], depth: int = 1, as_of: str | None = None
    ) -> Subgraph: ...

    def changes(
        self,
        since: str | None = None,
        entity: str | None = None,
        cursor: str | None = None,
        limit: int = 100,
    ) -> ChangePage:
        """The change feed in commit order: entity and relation changes made by document
        writes and deletes, stored at or after `since` (ISO 8601 timestamp), touching
        `entity` (as the entity or a relation's end) when given, after `cursor` (from a
        previous page). A page that ends mid-way sets `more`; its `cursor` is exact, so
        paging loses nothing under concurrent writes."""
        ...

    def documents(self, limit: int = 50, offset: int = 0) -> list[DocumentSummary]: ...

    def get_document(self, doc_id: str) -> DocumentDetail: ...

    def stats(self) -> Stats: ...

    def export_json(self) -> dict[str, object]:
        """Every node, relation (with evidence) and document, as plain JSON data."""
        ...

    def export_graphml(self) -> str: ...

    def to_networkx(self) -> nx.MultiDiGraph:
        """Entities as nodes (attrs type, name), relations as keyed edges."""
        ...

    def ping(self) -> bool:
        """True when the backend answers."""
        ...

    def close(self) -> None: ...
