"""The Bolt store's write transactions: upsert a batch of documents, delete one.

Each function takes a managed transaction (`tx.run`) and is safe to re-run from the
start, which is what the driver does on a transient error. `upsert_batch` writes many
documents in one transaction with one `UNWIND` per statement and batch, so a bulk load
costs about what a plain `UNWIND ... MERGE` script does; the store's `upsert` calls it
with one document, so a failure never leaves part of a document behind. Both log what
they changed to the change feed (`graph.store.bolt.changes`) in the same transaction,
document by document as if written one at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from graph.errors import ExtractionError
from graph.model import (
    Evidence,
    Extraction,
    RelationType,
    UpsertResult,
    fold,
)
from graph.store.aggregate import Aggregates, RelationKey, aggregate
from graph.store.bolt import cypher
from graph.store.bolt.changes import ChangeLog
from graph.store.bolt.resolve import BatchResolver
from graph.store.prepare import merge_aliases, prepare
from graph.store.resolve import resolution_keys, resolve

__all__ = [
    "RESERVED_PROPERTIES",
    "Staged",
    "delete_document",
    "search_keys",
    "stage",
    "upsert_batch",
]

Tx = Any  # neo4j.ManagedTransaction; kept loose so tests can pass a plain session

# Aggregates as stored (`_aggregate_values`), besides the evidence lists.
AGGREGATE_PROPERTIES = frozenset(
    {"confidence", "evidence_count", "doc_ids", "first_seen", "last_seen", "ends", "ended"}
    | {"ended_on", "ended_docs", "span_starts", "span_ends", "source_names", "source_counts"}
)
RESERVED_PROPERTIES = frozenset({*cypher.EVIDENCE_LISTS, *AGGREGATE_PROPERTIES, "lock_"})


def search_keys(name: str, aliases: Iterable[str]) -> list[str]:
    """Folded name and aliases plus their words: what name search matches against."""
    keys: set[str] = set()
    for form in [name, *aliases]:
        folded = fold(form)
        if folded:
            keys.add(folded)
            keys.update(folded.split())
    return sorted(keys)


def _batches(rows: Sequence[dict[str, Any]], size: int) -> Iterator[Sequence[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _evidence_lists(evidence: Sequence[Evidence]) -> dict[str, list[Any]]:
    return {
        "ev_doc": [e.doc_id for e in evidence],
        "ev_text": [e.text for e in evidence],
        "ev_start": [e.start for e in evidence],
        "ev_end": [e.end for e in evidence],
        "ev_rule": [e.rule for e in evidence],
        "ev_conf": [e.confidence for e in evidence],
        "ev_date": [e.date or "" for e in evidence],  # lists cannot hold nulls in Neo4j
        "ev_ends": [e.ends for e in evidence],
    }


def evidence_from(row: Any) -> list[Evidence]:
    """Evidence items back from a record (or properties) holding the `ev_*` lists."""
    lists = [list(row.get(k) or []) for k in cypher.EVIDENCE_LISTS]
    ends = lists[-1]
    # Evidence stored before `ev_ends` existed came first and states no end.
    lists[-1] = [False] * (len(lists[0]) - len(ends)) + ends
    return [
        Evidence(doc_id=d, text=t, start=s, end=e, rule=r, confidence=c, date=dt or None, ends=en)
        for d, t, s, e, r, c, dt, en in zip(*lists, strict=True)
    ]


def _aggregate_values(agg: Aggregates) -> dict[str, Any]:
    """A relation's aggregates as properties; None removes a property (`SET r += ...`)."""
    spans = agg.spans
    return {
        "confidence": agg.confidence,
        "evidence_count": agg.evidence_count,
        "doc_ids": agg.doc_ids,
        "first_seen": agg.first_seen,
        "last_seen": agg.last_seen,
        "ends": agg.ends,
        "ended": agg.ended,
        "ended_on": agg.ended_on,
        "ended_docs": list(agg.ended_docs),
        # Lists cannot hold nulls: "" stands for a span still open.
        "span_starts": None if spans is None else [start for start, _ in spans],
        "span_ends": None if spans is None else [end or "" for _, end in spans],
        "source_names": [name for name, _ in agg.sources],
        "source_counts": [count for _, count in agg.sources],
    }


@dataclass(frozen=True)
class Staged:
    """A prepared extraction and its relations' stored values, computed before the write.

    `values` maps each relation key to its properties, evidence lists and aggregates as
    stored when no other document supports it; it is built outside the transaction (in
    a worker thread for bulk loads) and used unless resolution or another document of
    the same batch changes the relation.
    """

    extraction: Extraction
    values: dict[RelationKey, dict[str, Any]]


def stage(extraction: Extraction) -> Staged:
    """`prepare` an extraction and compute its relations' values; raises on bad input."""
    ex = prepare(extraction)
    dates = {ex.document.id: ex.document.published}
    publishers = {ex.document.id: ex.document.publisher}
    values: dict[RelationKey, dict[str, Any]] = {}
    for rel in ex.relations:
        if rel.properties and not RESERVED_PROPERTIES.isdisjoint(rel.properties):
            bad = sorted(RESERVED_PROPERTIES.intersection(rel.properties))[0]
            raise ExtractionError(
                f"document {ex.document.id}: relation property {bad!r} is a reserved name"
            )
        values[(rel.source, rel.type, rel.target)] = {
            **rel.properties,
            **_evidence_lists(rel.evidence),
            **_aggregate_values(aggregate(rel.evidence, dates, publishers)),
        }
    return Staged(ex, values)


@dataclass
class _DocFacts:
    """Documents' `published` dates and publishers, which relation aggregates read."""

    dates: dict[str, str | None] = field(default_factory=dict)
    publishers: dict[str, str | None] = field(default_factory=dict)

    def fetch(self, tx: Tx, doc_ids: Iterable[str]) -> None:
        """Read those of `doc_ids` not known yet from the store."""
        missing = sorted(set(doc_ids) - set(self.dates))
        if missing:
            for rec in tx.run(cypher.DOCUMENT_DATES, ids=missing):
                self.dates[rec["id"]] = rec["date"]
                self.publishers[rec["id"]] = rec["publisher"]

    def aggregate(self, evidence: Sequence[Evidence]) -> Aggregates:
        return aggregate(evidence, self.dates, self.publishers)


def _rewrite_evidence(
    tx: Tx, rows: dict[RelationType, list[dict[str, Any]]], size: int, facts: _DocFacts
) -> dict[RelationKey, Aggregates | None]:
    """Store full evidence lists with fresh aggregates, or delete relations left empty.

    Returns each relation's new aggregates (None: deleted).
    """
    facts.fetch(tx, {d for group in rows.values() for row in group for d in row["ev_doc"]})
    out: dict[RelationKey, Aggregates | None] = {}
    for rel_type, group in rows.items():
        keep, drop = [], []
        for row in group:
            ends = {"source": row["source"], "target": row["target"]}
            key = (row["source"], rel_type, row["target"])
            evidence = evidence_from(row)
            if not evidence:
                drop.append(ends)
                out[key] = None
                continue
            agg = out[key] = facts.aggregate(evidence)
            values = {**_evidence_lists(evidence), **_aggregate_values(agg)}
            keep.append({**ends, "values": values})
        for batch in _batches(keep, size):
            tx.run(cypher.typed(cypher.SET_EVIDENCE, rel_type), rows=batch)
        for batch in _batches(drop, size):
            tx.run(cypher.typed(cypher.DELETE_RELATIONS, rel_type), rows=batch)
    return out


def delete_document(tx: Tx, doc_id: str, batch_size: int, counter_first: bool = True) -> bool:
    """Remove a document (see `_delete`) and log what that changed (`counter_first`
    as in `graph.store.bolt.changes`).

    Returns False when no such document is stored.
    """
    log = ChangeLog.start(tx, counter_first)
    found = _delete(tx, doc_id, batch_size, log)
    log.write(tx, batch_size)
    return found


def _delete(tx: Tx, doc_id: str, batch_size: int, log: ChangeLog) -> bool:
    """Remove a document, its evidence, and relations/entities left with none; the
    relations' changes go to `log` before the entities'."""
    stale: dict[RelationType, list[dict[str, Any]]] = {}
    was_ended: dict[RelationKey, bool] = {}
    for rec in tx.run(cypher.DOCUMENT_EVIDENCE, doc=doc_id):
        kept = [ev for ev in evidence_from(rec) if ev.doc_id != doc_id]
        row = {"source": rec["source"], "target": rec["target"], **_evidence_lists(kept)}
        rel_type = RelationType(rec["type"])
        stale.setdefault(rel_type, []).append(row)
        was_ended[(rec["source"], rel_type, rec["target"])] = bool(rec["ended"])
    rewritten = _rewrite_evidence(tx, stale, batch_size, _DocFacts())
    for key, agg in sorted(rewritten.items()):
        if agg is None:
            log.relation("relation_removed", doc_id, key)
            continue
        log.relation("evidence_removed", doc_id, key)
        if agg.ended != was_ended[key]:
            log.relation("relation_ended" if agg.ended else "relation_resumed", doc_id, key)
    orphans = sorted(rec["id"] for rec in tx.run(cypher.ORPHANS_OF_DOCUMENT, doc=doc_id))
    for batch in _batches([{"id": i} for i in orphans], batch_size):
        tx.run(cypher.DELETE_ENTITIES, ids=[row["id"] for row in batch])
    for entity_id in orphans:
        log.entity("entity_removed", doc_id, entity_id)
    record = tx.run(cypher.DELETE_DOCUMENT, doc=doc_id).single()
    return bool(record and record["deleted"])


@dataclass
class _RelationState:
    """A relation as the change feed follows it through a batch, document by document."""

    ended: bool
    evidence: list[Evidence]

    def add(self, evidence: Sequence[Evidence], facts: _DocFacts) -> bool | None:
        """Add a document's evidence; the new `ended` when it flipped, else None."""
        self.evidence.extend(evidence)
        # Only evidence of an end can end a relation: most relations skip the aggregate.
        ended = any(ev.ends for ev in self.evidence) and facts.aggregate(self.evidence).ended
        if ended == self.ended:
            return None
        self.ended = ended
        return ended


@dataclass
class _Writes:
    """Rows for every statement of a batch, merged across its documents."""

    documents: list[dict[str, Any]] = field(default_factory=list)
    entities: dict[str, dict[str, Any]] = field(default_factory=dict)
    relations: dict[RelationKey, dict[str, Any]] = field(default_factory=dict)
    facts: _DocFacts = field(default_factory=_DocFacts)
    # What each document brings, in order, for the change feed:
    # (doc id, entity ids, [(relation key, its evidence)]).
    brought: list[tuple[str, list[str], list[tuple[RelationKey, list[Evidence]]]]] = field(
        default_factory=list
    )

    def add(self, ex: Extraction, ingested_at: str, values: dict[RelationKey, Any]) -> None:
        """Rows for one resolved extraction; `values` as in `Staged`, or {} after rewrites."""
        doc = ex.document
        self.facts.dates[doc.id] = doc.published
        self.facts.publishers[doc.id] = doc.publisher
        self.brought.append(
            (
                doc.id,
                [ent.id for ent in ex.entities],
                [((r.source, r.type, r.target), r.evidence) for r in ex.relations],
            )
        )
        row = {
            **doc.model_dump(exclude_none=True),
            "ingested_at": ingested_at,
            "entity_count": len(ex.entities),
            "relation_count": len(ex.relations),
        }
        mentions: list[dict[str, Any]] = []
        self.documents.append({"props": row, "mentions": mentions})
        for ent in ex.entities:
            prev = self.entities.get(ent.id)
            aliases = merge_aliases(prev["aliases"] if prev else [], ent.aliases)
            keys = resolution_keys(ent.type, ent.name, aliases)
            self.entities[ent.id] = {
                "id": ent.id,
                "type": ent.type.value,
                "name": prev["name"] if prev else ent.name,
                "aliases": aliases,
                "search_keys": search_keys(ent.name, aliases),
                "resolve_keys": keys,
                "resolve_key": keys[0] if keys else None,
                "resolve_multi": True if len(keys) > 1 else None,
            }
            mentions.append({"id": ent.id, "count": len(ent.mentions), "aliases": ent.aliases})
        for rel in ex.relations:
            key = (rel.source, rel.type, rel.target)
            slot = self.relations.get(key)
            if slot is None:
                slot = self.relations[key] = {"evidence": [], "props": {}, "full": values.get(key)}
            else:
                slot["full"] = None  # supported by two documents of the batch: recompute
            slot["evidence"].extend(rel.evidence)
            slot["props"].update(rel.properties)

    def flush(self, tx: Tx, size: int, stored: set[str], log: ChangeLog) -> None:
        """Write every row and log the changes; `stored` holds the entity ids that
        already exist.

        A concurrent writer creating one of the new ids makes CREATE fail on the
        uniqueness constraint; the caller then runs the whole batch again.
        """
        self._write_entities(tx, size, stored)
        self._write_documents(tx, size)
        existing = self._write_relations(tx, size, stored)
        self._log_changes(log, stored, existing)

    def _log_changes(
        self, log: ChangeLog, stored: set[str], existing: dict[RelationKey, _RelationState]
    ) -> None:
        """Per document in order: entities it created, then its relations' changes (the
        evidence change before an end or resumption it brings)."""
        created: set[str] = set()
        for doc_id, entity_ids, relations in self.brought:
            for entity_id in entity_ids:
                if entity_id not in stored and entity_id not in created:
                    created.add(entity_id)
                    log.entity("entity_created", doc_id, entity_id)
            for key, evidence in relations:
                state = existing.get(key)
                if state is None:
                    state = existing[key] = _RelationState(ended=False, evidence=[])
                    log.relation("relation_created", doc_id, key)
                else:
                    log.relation("evidence_added", doc_id, key)
                flipped = state.add(evidence, self.facts)
                if flipped is not None:
                    log.relation("relation_ended" if flipped else "relation_resumed", doc_id, key)

    def _write_entities(self, tx: Tx, size: int, stored: set[str]) -> None:
        """Update the stored entities, create the others (one label per batch)."""
        rows = list(self.entities.values())
        old = [row for row in rows if row["id"] in stored]
        for batch in _batches(old, size):
            tx.run(cypher.UPDATE_ENTITIES, rows=batch)
        by_type: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            if row["id"] not in stored:
                by_type.setdefault(row["type"], []).append(row)
        for type_, new in by_type.items():
            for batch in _batches(new, size):
                tx.run(cypher.labelled(cypher.CREATE_ENTITIES, type_), rows=batch)

    def _write_documents(self, tx: Tx, size: int) -> None:
        """Create the documents with their mentions, in batches of about `size` mentions."""
        docs: list[dict[str, Any]] = []
        weight = 0
        for doc in self.documents:
            if docs and weight + len(doc["mentions"]) > size:
                tx.run(cypher.CREATE_DOCUMENTS, rows=docs)
                docs, weight = [], 0
            docs.append(doc)
            weight += len(doc["mentions"]) + 1
        if docs:
            tx.run(cypher.CREATE_DOCUMENTS, rows=docs)

    def _write_relations(
        self, tx: Tx, size: int, stored: set[str]
    ) -> dict[RelationKey, _RelationState]:
        """Create relations with an end created here (new for sure); merge the others,
        which may exist already, and rewrite the evidence of those that did.

        Returns the relations that existed, as they were before this batch.
        """
        fresh: dict[RelationType, list[dict[str, Any]]] = {}
        maybe: dict[RelationType, list[dict[str, Any]]] = {}
        for (source, rel_type, target), slot in self.relations.items():
            full = slot["full"]
            if full is None:
                lists = _evidence_lists(slot["evidence"])
                agg = _aggregate_values(self.facts.aggregate(slot["evidence"]))
                full = {**slot["props"], **lists, **agg}
            row = {"source": source, "target": target, "full": full}
            if source in stored and target in stored:
                lists = {k: full[k] for k in cypher.EVIDENCE_LISTS}
                maybe.setdefault(rel_type, []).append({**row, **lists, "props": slot["props"]})
            else:
                fresh.setdefault(rel_type, []).append(row)
        for rel_type, rows in fresh.items():
            for batch in _batches(rows, size):
                tx.run(cypher.typed(cypher.CREATE_RELATIONS, rel_type), rows=batch)
        stale: dict[RelationType, list[dict[str, Any]]] = {}
        existing: dict[RelationKey, _RelationState] = {}
        batch_docs = set(self.facts.dates)
        for rel_type, rows in maybe.items():
            for batch in _batches(rows, size):
                for rec in tx.run(cypher.typed(cypher.MERGE_RELATIONS, rel_type), rows=batch):
                    row = dict(rec)
                    stale.setdefault(rel_type, []).append(row)
                    before = [ev for ev in evidence_from(row) if ev.doc_id not in batch_docs]
                    key = (row["source"], rel_type, row["target"])
                    existing[key] = _RelationState(bool(row["ended"]), before)
        _rewrite_evidence(tx, stale, size, self.facts)
        return existing


def upsert_batch(
    tx: Tx, staged: Sequence[Staged], batch_size: int, counter_first: bool = True
) -> list[UpsertResult]:
    """Store documents' extractions; one result per extraction, in order.

    Extractions come `stage`d (outside the transaction, so a retry does not redo it),
    with document ids and urls unique within one call. A stored document id is
    `unchanged`; a new document sharing its url with a stored one replaces it
    (`updated`, the old facts removed first).
    """
    log = ChangeLog.start(tx, counter_first)  # the first statement, if any
    prepared = [s.extraction for s in staged]
    ids = [ex.document.id for ex in prepared]
    stored = {r["id"] for r in tx.run(cypher.EXISTING_DOCUMENTS, ids=ids)}
    results: dict[int, UpsertResult] = {}
    todo: list[int] = []
    for i, doc_id in enumerate(ids):
        if doc_id in stored:
            results[i] = UpsertResult(doc_id=doc_id, status="unchanged")
        else:
            todo.append(i)
    urls = [{"id": ids[i], "url": prepared[i].document.url} for i in todo]
    replaced: dict[str, list[str]] = {}
    for rec in tx.run(cypher.DOCUMENTS_BY_URL, rows=[r for r in urls if r["url"]]):
        replaced.setdefault(rec["id"], []).append(rec["replaced"])
    for i in todo:
        for old_id in sorted(replaced.get(ids[i], [])):
            _delete(tx, old_id, batch_size, log)
    resolver = BatchResolver.load(tx, [prepared[i] for i in todo])
    writes = _Writes()
    now = datetime.now(UTC)
    for n, i in enumerate(todo):
        res = resolve(prepared[i], resolver.lookup, resolver.exists)
        for ent in res.extraction.entities:
            resolver.pending.add(ent)
        values = staged[i].values if not res.merged else {}
        writes.add(res.extraction, (now + timedelta(microseconds=n)).isoformat(), values)
        old = sorted(replaced.get(ids[i], []))
        results[i] = UpsertResult(
            doc_id=ids[i],
            status="updated" if old else "created",
            replaced=old,
            merged=res.merged,
            ambiguous=res.ambiguous,
        )
    writes.flush(tx, batch_size, resolver.stored_before(), log)
    log.write(tx, batch_size)
    return [results[i] for i in range(len(ids))]
