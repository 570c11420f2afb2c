"""A graph held in memory: a networkx MultiDiGraph plus the indexes around it.

`NetGraph` is not thread-safe and knows nothing of files: the embedded store
(`graph.store.memory`) adds locking and persistence, and the Bolt store builds one as
a snapshot for exports. Nodes carry `type`, `name`, `aliases` and `docs` (ids of the
documents mentioning the entity); each edge, keyed by relation type, carries a
`RelRecord` under the attribute `rel`.

`upsert` and `delete` can report what they changed (a `GraphChange` per entity created or
removed and per relation created, ended, resumed or removed, or whose evidence changed)
into a list the caller passes; the embedded store writes them to its change feed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graph.errors import NotFound
from graph.model import (
    ChangeKind,
    Document,
    EntityType,
    Evidence,
    Extraction,
    RelationType,
    StoredRelation,
    UpsertResult,
    fold,
)
from graph.store.aggregate import (
    Aggregates,
    EvidenceKey,
    RelationKey,
    aggregate,
    evidence_key,
    relation_key,
    sort_evidence,
)
from graph.store.compact import decode_evidence
from graph.store.gcpause import gc_paused
from graph.store.prepare import merge_aliases, prepare
from graph.store.resolve import Candidate, resolution_keys, resolve
from graph.store.search import NameIndex

__all__ = ["DocRecord", "Fetch", "GraphChange", "NetGraph", "RelRecord"]


# Reads a stored relation's evidence, as (doc_id, `compact` JSON) per document, for the
# documents of its `agg.doc_ids`; see `RelRecord.fetch`.
Fetch = Callable[["RelRecord"], list[tuple[str, str]]]
_UNFETCHED: dict[EvidenceKey, Evidence] = {}  # shared by stored relations until fetched


@dataclass(slots=True)
class RelRecord:
    source: str
    type: RelationType
    target: str
    properties: dict[str, str] = field(default_factory=dict)
    agg: Aggregates = field(default_factory=lambda: Aggregates(0.0, 0))
    parsed: dict[EvidenceKey, Evidence] = field(default_factory=dict)
    # A relation loaded from storage reads and parses its evidence on first use of
    # `evidence` (most relations are never asked for it), with the function of its store.
    fetch: Fetch | None = None

    @property
    def key(self) -> RelationKey:
        return (self.source, self.type, self.target)

    @property
    def evidence(self) -> dict[EvidenceKey, Evidence]:
        if self.fetch is not None:
            self.read(self.fetch(self))
        return self.parsed

    @evidence.setter
    def evidence(self, value: dict[EvidenceKey, Evidence]) -> None:
        self.parsed, self.fetch = value, None

    def read(self, rows: Iterable[tuple[str, str]]) -> None:
        """Set the evidence from stored rows, (doc_id, `compact` JSON) per document."""
        parsed: dict[EvidenceKey, Evidence] = {}
        for doc_id, items in rows:
            for ev in decode_evidence(doc_id, items):
                parsed[evidence_key(ev)] = ev
        self.parsed, self.fetch = parsed, None

    def stored(self, doc_id: str | None = None) -> StoredRelation:
        """As the contract returns it; with `doc_id`, only that document's evidence."""
        evidence = sort_evidence(self.evidence.values())
        if doc_id is not None:
            evidence = [ev for ev in evidence if ev.doc_id == doc_id]
        return StoredRelation(
            source=self.source,
            type=self.type,
            target=self.target,
            confidence=self.agg.confidence,
            evidence_count=self.agg.evidence_count,
            doc_ids=list(self.agg.doc_ids),
            first_seen=self.agg.first_seen,
            last_seen=self.agg.last_seen,
            ended=self.agg.ending(),
            contested=self.agg.contested,
            sources=dict(self.agg.sources),
            properties=dict(self.properties),
            evidence=evidence,
        )


@dataclass(frozen=True, slots=True)
class GraphChange:
    """What one write did to one entity (`entity`) or relation (`key`); see `ChangeKind`."""

    kind: ChangeKind
    doc_id: str
    entity: str | None = None
    key: RelationKey | None = None


def _relation_changes(
    evidence_change: ChangeKind, doc_id: str, key: RelationKey, was_ended: bool, ended: bool
) -> list[GraphChange]:
    """A relation's evidence change, then its end or resumption when that flipped."""
    out = [GraphChange(evidence_change, doc_id, key=key)]
    if ended != was_ended:
        out.append(GraphChange("relation_ended" if ended else "relation_resumed", doc_id, key=key))
    return out


@dataclass(slots=True)
class DocRecord:
    document: Document  # without its text
    seq: int
    mentions: dict[str, int] = field(default_factory=dict)
    # Complete only as `NetGraph.doc_relations` returns it (a loaded graph fills it late).
    relations: set[RelationKey] = field(default_factory=set)


class NetGraph:
    """Entities, relations with evidence and documents, with write and lookup helpers."""

    def __init__(self) -> None:
        self.g: nx.MultiDiGraph = nx.MultiDiGraph()
        self.docs: dict[str, DocRecord] = {}
        self.by_url: dict[str, str] = {}
        self.names = NameIndex()
        self.resolve_index: dict[str, set[str]] = {}
        self.seq = 0
        self.version = 0  # bumped on every change; read caches key on it
        self.cache: dict[str, tuple[int, object]] = {}
        # Running counts, so stats() does not walk a large graph.
        self.entity_counts: Counter[str] = Counter()
        self.relation_counts: Counter[str] = Counter()
        self.evidence_total = 0
        # Whether `DocRecord.relations` may lack relations added by `load_relations`.
        self._unindexed = False

    # --- lookups ----------------------------------------------------------------

    def node(self, entity_id: str) -> dict[str, Any]:
        try:
            return self.g.nodes[entity_id]
        except KeyError:
            raise NotFound(f"no entity with id {entity_id!r}") from None

    def doc(self, doc_id: str) -> DocRecord:
        try:
            return self.docs[doc_id]
        except KeyError:
            raise NotFound(f"no document with id {doc_id!r}") from None

    def doc_relations(self, doc_id: str) -> set[RelationKey]:
        """The relations with evidence from a document (NotFound for an unknown one)."""
        rec = self.doc(doc_id)
        if self._unindexed:
            self._index_documents()
        return rec.relations

    def _index_documents(self) -> None:
        """Add the relations `load_relations` loaded to their documents, in one pass."""
        docs = self.docs
        with gc_paused():
            for targets in self.g._succ.values():
                for keydict in targets.values():
                    for data in keydict.values():
                        rec: RelRecord = data["rel"]
                        key = (rec.source, rec.type, rec.target)
                        for doc_id in rec.agg.doc_ids:
                            found = docs.get(doc_id)
                            if found is not None:
                                found.relations.add(key)
        self._unindexed = False

    def rel(self, key: RelationKey) -> RelRecord:
        source, type_, target = key
        return self.g.edges[source, target, type_.value]["rel"]

    def lookup(self, keys: Sequence[str]) -> list[Candidate]:
        ids = {eid for k in keys for eid in self.resolve_index.get(k, ())}
        out = []
        for eid in sorted(ids):
            n = self.g.nodes[eid]
            out.append(Candidate(eid, n["type"], n["name"], tuple(n["aliases"])))
        return out

    # --- writes -----------------------------------------------------------------

    def _index(self, entity_id: str, type_: EntityType, name: str, aliases: list[str]) -> None:
        self.names.add(entity_id, aliases)
        for key in resolution_keys(type_, name, aliases):
            self.resolve_index.setdefault(key, set()).add(entity_id)

    def _unindex(self, entity_id: str) -> None:
        n = self.g.nodes[entity_id]
        self.names.remove(entity_id, n["aliases"])
        for key in resolution_keys(n["type"], n["name"], n["aliases"]):
            ids = self.resolve_index.get(key)
            if ids is not None:
                ids.discard(entity_id)
                if not ids:
                    del self.resolve_index[key]

    def index_keys(self, entity_id: str) -> tuple[list[str], list[str]]:
        """An entity's folded aliases and resolution keys, for `load_entities`."""
        n = self.g.nodes[entity_id]
        folded = [fold(a) for a in n["aliases"]]
        return folded, resolution_keys(n["type"], n["name"], n["aliases"])

    def load_entities(
        self, rows: Iterable[tuple[str, str, str, list[str], tuple[list[str], list[str]]]]
    ) -> None:
        """Add new nodes as stored before (id, type's value, name, aliases, `index_keys`),
        in bulk: straight into networkx's dicts as `add_node` would, with no key computed
        again; the search index is built when first searched (`NameIndex.defer`)."""
        nodes, succ, pred = self.g._node, self.g._succ, self.g._pred
        types = {t.value: t for t in EntityType}
        counts = dict.fromkeys(types, 0)
        names, index = self.names, self.resolve_index
        names.defer()
        for entity_id, name_of_type, name, aliases, (folded, resolution) in rows:
            if entity_id in nodes:
                raise ValueError(f"entity {entity_id!r} stored twice")
            nodes[entity_id] = {
                "type": types[name_of_type],
                "name": name,
                "aliases": aliases,
                "docs": set(),
            }
            succ[entity_id] = {}
            pred[entity_id] = {}
            counts[name_of_type] += 1
            names.add_folded(entity_id, folded)
            for key in resolution:
                found = index.get(key)
                if found is None:
                    index[key] = {entity_id}
                else:
                    found.add(entity_id)
        nx._clear_cache(self.g)
        self.entity_counts.update({name: n for name, n in counts.items() if n})

    def add_entity(self, entity_id: str, type_: EntityType, name: str, aliases: list[str]) -> None:
        """Create the node, or add new aliases to the existing one (name and type stay)."""
        if entity_id not in self.g:
            aliases = merge_aliases([name], aliases)
            self.g.add_node(entity_id, type=type_, name=name, aliases=aliases, docs=set())
            self.entity_counts[type_.value] += 1
            self._index(entity_id, type_, name, aliases)
            return
        n = self.g.nodes[entity_id]
        new = [a for a in merge_aliases(aliases) if a not in n["aliases"]]
        if new:
            n["aliases"] = n["aliases"] + new
            self._index(entity_id, n["type"], n["name"], new)

    def load_relations(
        self, rows: Iterable[tuple[str, str, str, dict[str, str], Aggregates]], fetch: Fetch
    ) -> None:
        """Add relations as stored before (source, type's value, target, properties,
        aggregates), between existing nodes, in bulk: straight into networkx's adjacency
        as `add_edge` would (it checks and clears caches per edge, which dominated opening
        a large graph). Each relation's evidence stays in storage until first used
        (`RelRecord.fetch`), and the documents learn their relations (from the relations'
        `doc_ids`) when first asked (`doc_relations`). KeyError names a missing end."""
        succ, pred = self.g._succ, self.g._pred
        types = {t.value: t for t in RelationType}
        counts = dict.fromkeys(types, 0)
        total = 0
        for source, name, target, properties, agg in rows:
            type_ = types[name]
            rec = RelRecord(source, type_, target, properties, agg, _UNFETCHED, fetch)
            keydict = succ[source].get(target)
            if keydict is None:
                pred[target]
                succ[source][target] = pred[target][source] = {name: {"rel": rec}}
            else:
                keydict[name] = {"rel": rec}
            counts[name] += 1
            total += agg.evidence_count
        nx._clear_cache(self.g)
        self._unindexed = True
        self.relation_counts.update({name: n for name, n in counts.items() if n})
        self.evidence_total += total

    def new_relation(
        self, key: RelationKey, properties: dict[str, str], agg: Aggregates | None = None
    ) -> RelRecord:
        """Add an edge without evidence yet (the caller adds it, and its aggregates)."""
        source, type_, target = key
        rec = RelRecord(source, type_, target, properties, agg or Aggregates(0.0, 0))
        self.g.add_edge(source, target, key=type_.value, rel=rec)
        self.relation_counts[type_.value] += 1
        return rec

    def add_evidence(
        self, key: RelationKey, evidence: Sequence[Evidence], properties: dict[str, str]
    ) -> RelRecord:
        source, type_, target = key
        data = self.g.get_edge_data(source, target, type_.value)
        rec = self.new_relation(key, {}) if data is None else data["rel"]
        rec.properties.update(properties)
        before = rec.agg.evidence_count
        stored = rec.evidence
        for ev in evidence:
            stored[evidence_key(ev)] = ev
        self.reaggregate(rec)
        self.evidence_total += rec.agg.evidence_count - before
        return rec

    def reaggregate(self, rec: RelRecord) -> None:
        dates: dict[str, str | None] = {}
        publishers: dict[str, str | None] = {}
        for ev in rec.evidence.values():
            if ev.doc_id not in dates and ev.doc_id in self.docs:
                document = self.docs[ev.doc_id].document
                dates[ev.doc_id] = document.published
                publishers[ev.doc_id] = document.publisher
        rec.agg = aggregate(rec.evidence.values(), dates, publishers)

    def add_document(
        self, document: Document, seq: int | None = None, own: bool = False
    ) -> DocRecord:
        """Add a document (a copy without its text; with `own`, `document` itself, which
        has no text and is the graph's from now on)."""
        if seq is None:
            self.seq += 1
            seq = self.seq
        self.seq = max(self.seq, seq)
        if not own:
            document = document.model_copy(update={"text": ""})
        rec = DocRecord(document, seq)
        self.docs[document.id] = rec
        if document.url:
            self.by_url[document.url] = document.id
        return rec

    def upsert(
        self, extraction: Extraction, changes: list[GraphChange] | None = None
    ) -> UpsertResult:
        """Write one extraction (see `GraphStore.upsert`); raises before changing anything.

        With `changes`, appends what the write did: a replaced document's removal, then
        the entities created, then each relation's changes in key order."""
        ex = prepare(extraction)
        doc_id, url = ex.document.id, ex.document.url
        if doc_id in self.docs:
            return UpsertResult(doc_id=doc_id, status="unchanged")
        old = self.by_url.get(url) if url else None
        self.version += 1
        replaced = []
        if old is not None:
            self.delete(old, changes)
            replaced.append(old)
        # Resolve after the old version is gone, against what other documents support.
        res = resolve(ex, self.lookup, lambda eid: eid in self.g)
        ex = res.extraction
        rec = self.add_document(ex.document)
        created = sorted({ent.id for ent in ex.entities if ent.id not in self.g})
        for ent in ex.entities:
            self.add_entity(ent.id, ent.type, ent.name, ent.aliases)
            self.g.nodes[ent.id]["docs"].add(doc_id)
            rec.mentions[ent.id] = len(ent.mentions)
        relation_changes: list[GraphChange] = []
        for r in sorted(ex.relations, key=relation_key):
            key = relation_key(r)
            before = self.g.get_edge_data(r.source, r.target, r.type.value)
            was_ended = before is not None and before["rel"].agg.ended
            rel = self.add_evidence(key, r.evidence, r.properties)
            rec.relations.add(rel.key)
            kind: ChangeKind = "relation_created" if before is None else "evidence_added"
            relation_changes += _relation_changes(kind, doc_id, key, was_ended, rel.agg.ended)
        if changes is not None:
            changes += [GraphChange("entity_created", doc_id, entity=eid) for eid in created]
            changes += relation_changes
        return UpsertResult(
            doc_id=doc_id,
            status="updated" if replaced else "created",
            replaced=replaced,
            merged=res.merged,
            ambiguous=res.ambiguous,
        )

    def delete(self, doc_id: str, changes: list[GraphChange] | None = None) -> None:
        """Remove a document, its evidence, and relations/entities left with none.

        With `changes`, appends each relation's changes in key order, then the entities
        removed."""
        relations = self.doc_relations(doc_id)
        rec = self.docs.pop(doc_id)
        self.version += 1
        url = rec.document.url
        if url and self.by_url.get(url) == doc_id:
            del self.by_url[url]
        touched = set(rec.mentions)
        found: list[GraphChange] = []
        for key in sorted(relations):
            source, type_, target = key
            touched.update((source, target))
            data = self.g.get_edge_data(source, target, type_.value)
            if data is None:
                # Only when another process changed this relation's other documents too:
                # its evidence, read after that change, left their items out, and
                # removing an earlier document removed the relation.
                continue
            rel: RelRecord = data["rel"]
            was_ended = rel.agg.ended
            before = rel.agg.evidence_count
            rel.evidence = {k: ev for k, ev in rel.evidence.items() if ev.doc_id != doc_id}
            if rel.evidence:
                self.reaggregate(rel)
                self.evidence_total -= before - rel.agg.evidence_count
                found += _relation_changes(
                    "evidence_removed", doc_id, key, was_ended, rel.agg.ended
                )
            else:
                self.evidence_total -= before
                self.g.remove_edge(source, target, key=type_.value)
                self._uncount(self.relation_counts, type_.value)
                found.append(GraphChange("relation_removed", doc_id, key=key))
        for eid in sorted(touched):
            if eid in self.g:
                n = self.g.nodes[eid]
                n["docs"].discard(doc_id)
                if not n["docs"] and self.g.degree(eid) == 0:
                    self._unindex(eid)
                    self._uncount(self.entity_counts, n["type"].value)
                    self.g.remove_node(eid)
                    found.append(GraphChange("entity_removed", doc_id, entity=eid))
        if changes is not None:
            changes += found

    @staticmethod
    def _uncount(counter: Counter[str], key: str) -> None:
        counter[key] -= 1
        if counter[key] <= 0:
            del counter[key]
