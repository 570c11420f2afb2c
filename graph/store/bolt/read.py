"""The Bolt store's read transactions, answering the `GraphStore` contract.

Each function takes a managed transaction and returns model objects. Orders match the
memory store (`graph.store.memquery`): search by score, then doc_count (desc), name,
id; relations by confidence (desc), then source, type, target; documents newest
ingested first. Graph walks are in `graph.store.bolt_walk`. Whole-graph exports go
through `snapshot`, a `NetGraph` copy, so both stores export through the same code.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graph.errors import NotFound
from graph.model import (
    SYMMETRIC_RELATIONS,
    Document,
    DocumentDetail,
    DocumentSummary,
    Edge,
    EntityDetail,
    EntityRef,
    EntitySummary,
    EntityType,
    RelationType,
    Stats,
    StoredRelation,
    fold,
)
from graph.store.aggregate import Aggregates, Span, sort_evidence
from graph.store.bolt import cypher
from graph.store.bolt.write import RESERVED_PROPERTIES, evidence_from
from graph.store.export import export_json as _export_json
from graph.store.netgraph import NetGraph
from graph.store.search import NameIndex

__all__ = [
    "Tx",
    "aggregates_of",
    "document_detail",
    "documents",
    "edge",
    "entity_detail",
    "export_json",
    "present",
    "relations",
    "search",
    "snapshot",
    "stats",
    "stored_relation",
    "summaries",
]

Tx = Any  # neo4j.ManagedTransaction


def _summary(rec: Any, score: float | None = None) -> EntitySummary:
    return EntitySummary(
        id=rec["id"],
        type=rec["type"],
        name=rec["name"],
        aliases=list(rec["aliases"] or []),
        doc_count=rec["doc_count"],
        score=score,
    )


def summaries(tx: Tx, ids: Sequence[str]) -> dict[str, EntitySummary]:
    """Summaries by id; raises `NotFound` naming the first id that is not stored.

    Only for ids the caller asked for: an id a walk found may vanish under a concurrent
    delete before its summary is read, and is then skipped (`present`), not an error.
    """
    found = present(tx, ids)
    for eid in ids:
        if eid not in found:
            raise NotFound(f"no entity with id {eid!r}")
    return found


def present(tx: Tx, ids: Sequence[str]) -> dict[str, EntitySummary]:
    """Summaries of those of `ids` still stored."""
    return {rec["id"]: _summary(rec) for rec in tx.run(cypher.ENTITIES_BY_ID, ids=list(ids))}


def _spans(values: Any) -> tuple[Span, ...] | None:
    starts = values.get("span_starts")
    if not values.get("ends") or starts is None:
        return None
    return tuple(
        (start, end or None) for start, end in zip(starts, values.get("span_ends"), strict=True)
    )


def aggregates_of(values: Any) -> Aggregates:
    """A relation's `Aggregates` back from its stored properties (a dict, or a record
    with the same names), so time and provenance questions are answered by the one
    shared implementation. Relations stored before a property existed read as
    having none of it."""
    names, counts = values.get("source_names") or [], values.get("source_counts") or []
    return Aggregates(
        confidence=values["confidence"],
        evidence_count=values["evidence_count"],
        doc_ids=list(values.get("doc_ids") or []),
        first_seen=values.get("first_seen"),
        last_seen=values.get("last_seen"),
        ends=values.get("ends") or 0,
        ended=bool(values.get("ended")),
        ended_on=values.get("ended_on"),
        ended_docs=tuple(values.get("ended_docs") or ()),
        spans=_spans(values),
        sources=tuple(zip(names, counts, strict=True)),
    )


def edge(rec: Any) -> Edge:
    return Edge(
        source=rec["source"],
        type=rec["type"],
        target=rec["target"],
        confidence=rec["confidence"],
        evidence_count=rec["evidence_count"],
        ended=aggregates_of(rec).ending(),
    )


def stored_relation(rec: Any, doc_id: str | None = None) -> StoredRelation:
    """A relation record (source, type, target, props) as the contract returns it."""
    props = dict(rec["props"])
    agg = aggregates_of(props)
    evidence = sort_evidence(evidence_from(props))
    if doc_id is not None:
        evidence = [ev for ev in evidence if ev.doc_id == doc_id]
    return StoredRelation(
        source=rec["source"],
        type=rec["type"],
        target=rec["target"],
        confidence=agg.confidence,
        evidence_count=agg.evidence_count,
        doc_ids=agg.doc_ids,
        first_seen=agg.first_seen,
        last_seen=agg.last_seen,
        ended=agg.ending(),
        contested=agg.contested,
        sources=dict(agg.sources),
        properties={k: v for k, v in props.items() if k not in RESERVED_PROPERTIES},
        evidence=evidence,
    )


def entity_detail(tx: Tx, entity_id: str) -> EntityDetail:
    rec = tx.run(cypher.ENTITY_DETAIL, id=entity_id).single()
    if rec is None:
        raise NotFound(f"no entity with id {entity_id!r}")
    counts: dict[str, int] = {}
    for rel_type in rec["rel_types"]:
        counts[rel_type] = counts.get(rel_type, 0) + 1
    return EntityDetail(**_summary(rec).model_dump(), relation_counts=counts)


def search(
    tx: Tx, q: str | None, type_: EntityType | None, limit: int, offset: int, fulltext: bool
) -> list[EntitySummary]:
    type_value = type_.value if type_ is not None else None
    if q is None or not q.strip():
        rows = tx.run(cypher.ENTITY_LISTING, type=type_value, offset=offset, limit=limit)
        return [_summary(rec) for rec in rows]
    folded = fold(q)
    if not folded:
        return []
    want = offset + limit
    index = NameIndex()
    for rec in tx.run(cypher.SEARCH_CANDIDATES, q=folded):
        index.add(rec["id"], rec["aliases"] or [])
    scores = index.search(q, want=want)
    if len(scores) < want and len(folded) >= 3:
        # Typo tolerance needs keys that do not contain the query: the full-text
        # index's fuzzy matches on Neo4j, every entity's aliases elsewhere.
        if fulltext:
            query = " ".join(f"{word}~" for word in folded.split())
            rows = tx.run(cypher.FULLTEXT_QUERY, query=query, limit=200)
        else:
            rows = tx.run(cypher.ALL_ALIASES)
        for rec in rows:
            index.add(rec["id"], rec["aliases"] or [])
        scores = index.search(q, want=want)
    found = present(tx, list(scores))
    hits = [
        (score, found[eid])
        for eid, score in scores.items()
        if eid in found and (type_ is None or found[eid].type is type_)
    ]
    hits.sort(key=lambda h: (-h[0], -h[1].doc_count, h[1].name, h[1].id))
    return [
        s.model_copy(update={"score": round(score, 4)})
        for score, s in hits[offset : offset + limit]
    ]


def relations(
    tx: Tx,
    source: str | None,
    target: str | None,
    type_: RelationType | None,
    min_confidence: float,
    limit: int,
    offset: int,
    as_of: str | None = None,
    min_sources: int = 0,
    contested: bool | None = None,
) -> list[StoredRelation]:
    """A page of relations; every filter runs in Cypher, before the page is cut
    (`as_of` already checked)."""
    anchor = source or target
    rows = tx.run(
        cypher.RELATIONS_PAGE if anchor is None else cypher.RELATIONS_AT,
        anchor=anchor,
        source=source,
        target=target,
        type=type_.value if type_ is not None else None,
        min_confidence=min_confidence,
        as_of=as_of,
        min_sources=min_sources,
        contested=contested,
        symmetric=sorted(t.value for t in SYMMETRIC_RELATIONS),
        offset=offset,
        limit=limit,
    )
    return [stored_relation(rec) for rec in rows]


def _doc_summary(rec: Any) -> DocumentSummary:
    return DocumentSummary(
        id=rec["id"],
        source=rec["source"],
        title=rec["title"],
        url=rec["url"],
        published=rec["published"],
        publisher=rec["publisher"],
        entity_count=rec["entity_count"] or 0,
        relation_count=rec["relation_count"] or 0,
    )


def documents(tx: Tx, limit: int, offset: int) -> list[DocumentSummary]:
    return [_doc_summary(rec) for rec in tx.run(cypher.DOCUMENTS_PAGE, offset=offset, limit=limit)]


def document_detail(tx: Tx, doc_id: str) -> DocumentDetail:
    """The document, the entities it mentions, and its relations with its own evidence."""
    rec = tx.run(cypher.DOCUMENT_DETAIL, doc=doc_id).single()
    if rec is None:
        raise NotFound(f"no document with id {doc_id!r}")
    entities = sorted((EntityRef(**e) for e in rec["entities"]), key=lambda e: e.id)
    rels = [stored_relation(r, doc_id) for r in tx.run(cypher.DOCUMENT_RELATIONS, doc=doc_id)]
    return DocumentDetail(**_doc_summary(rec).model_dump(), entities=entities, relations=rels)


def stats(tx: Tx) -> Stats:
    documents = tx.run(cypher.COUNT_DOCUMENTS).single()["documents"]
    entities = {rec["type"]: rec["count"] for rec in tx.run(cypher.STATS_ENTITIES)}
    relations: dict[str, int] = {}
    evidence = 0
    for rec in tx.run(cypher.STATS_RELATIONS):
        relations[rec["type"]] = rec["count"]
        evidence += rec["evidence"] or 0
    return Stats(documents=documents, entities=entities, relations=relations, evidence=evidence)


def snapshot(tx: Tx) -> NetGraph:
    """The whole stored graph as a `NetGraph`, for exports shared with the memory store."""
    mg = NetGraph()
    docs = list(tx.run(cypher.DOCUMENT_EXPORT))
    for seq, rec in enumerate(docs, start=1):
        document = Document(
            id=rec["id"],
            source=rec["source"],
            title=rec["title"],
            url=rec["url"],
            published=rec["published"],
            publisher=rec["publisher"],
        )
        mg.add_document(document, seq=seq)
    for rec in tx.run(cypher.ENTITY_EXPORT):
        mg.add_entity(rec["id"], EntityType(rec["type"]), rec["name"], list(rec["aliases"] or []))
    # Statements may see a concurrent delete apart: skip what refers to a vanished entity.
    for rec in docs:
        for mention in rec["mentions"]:
            if mention["id"] in mg.g:
                mg.g.nodes[mention["id"]]["docs"].add(rec["id"])
                mg.docs[rec["id"]].mentions[mention["id"]] = mention["count"]
    for rec in tx.run(cypher.RELATION_EXPORT):
        rel = stored_relation(rec)
        key = (rel.source, rel.type, rel.target)
        if rel.source not in mg.g or rel.target not in mg.g:
            continue
        mg.add_evidence(key, rel.evidence, rel.properties)
        for doc_id in rel.doc_ids:
            if doc_id in mg.docs:
                mg.docs[doc_id].relations.add(key)
    return mg


def export_json(tx: Tx) -> dict[str, object]:
    return _export_json(snapshot(tx))
