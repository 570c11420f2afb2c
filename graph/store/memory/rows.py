"""Between the in-memory `NetGraph` and the database rows of `db`.

Writes go to memory first (where resolution and aggregation happen) and then to the
rows of the one document they touched, in the caller's transaction:

    result = mg.upsert(extraction)
    for old in result.replaced:
        delete_document(conn, mg, old)
    write_document(conn, mg, result.doc_id)

`load_all` builds the graph from the rows (evidence stays in the database until first
used, `evidence_reader`); `apply_changes` brings a graph up to date with the documents
other processes wrote since it last looked. `write_feed` adds a write's changes to the
change feed, which `read_feed` pages through.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from graph.model import Change, ChangePage, Document, EntityType, RelationType
from graph.store.aggregate import Aggregates, sort_evidence
from graph.store.compact import decode_evidence, encode_evidence
from graph.store.feed import check_cursor, check_since
from graph.store.netgraph import Fetch, GraphChange, NetGraph, RelRecord

__all__ = [
    "apply_changes",
    "delete_document",
    "evidence_reader",
    "last_change",
    "load_all",
    "read_all_evidence",
    "read_feed",
    "write_document",
    "write_feed",
]

_DUMPS = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def last_change(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT max(seq) FROM changes").fetchone()
    return int(row[0] or 0)


# --- writes -----------------------------------------------------------------------


def _write_entity(conn: sqlite3.Connection, mg: NetGraph, eid: str) -> None:
    n = mg.g.nodes[eid]
    conn.execute(
        "INSERT OR REPLACE INTO entities (id, type, name, aliases, keys) VALUES (?, ?, ?, ?, ?)",
        (eid, n["type"].value, n["name"], _DUMPS(n["aliases"]), _DUMPS(mg.index_keys(eid))),
    )


def _write_relation(conn: sqlite3.Connection, rel: RelRecord) -> None:
    agg = rel.agg
    conn.execute(
        "INSERT OR REPLACE INTO relations (source, type, target, properties, confidence, "
        "evidence_count, doc_ids, first_seen, last_seen, ends, ended, ended_on, ended_docs, "
        "spans, sources) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            rel.source,
            rel.type.value,
            rel.target,
            _DUMPS(rel.properties),
            agg.confidence,
            agg.evidence_count,
            _DUMPS(agg.doc_ids),
            agg.first_seen,
            agg.last_seen,
            agg.ends,
            int(agg.ended),
            agg.ended_on,
            _DUMPS(agg.ended_docs) if agg.ended_docs else None,
            None if agg.spans is None else _DUMPS(agg.spans),
            _DUMPS(agg.sources),
        ),
    )


def write_document(conn: sqlite3.Connection, mg: NetGraph, doc_id: str) -> int:
    """Write a document that `mg` holds, with its entities, relations and evidence."""
    rec = mg.docs[doc_id]
    conn.execute(
        "INSERT OR REPLACE INTO documents (id, seq, document, mentions) VALUES (?, ?, ?, ?)",
        (
            doc_id,
            rec.seq,
            _DUMPS(rec.document.model_dump(mode="json", exclude={"text"})),
            _DUMPS(rec.mentions),
        ),
    )
    entities = set(rec.mentions)
    for key in sorted(rec.relations):  # all there: the document was just written
        rel = mg.rel(key)
        entities.update((rel.source, rel.target))
        row = (rel.source, rel.type.value, rel.target)
        _write_relation(conn, rel)
        mine = sort_evidence(ev for ev in rel.evidence.values() if ev.doc_id == doc_id)
        conn.execute(
            "INSERT OR REPLACE INTO evidence (doc_id, source, type, target, items) "
            "VALUES (?, ?, ?, ?, ?)",
            (doc_id, *row, encode_evidence(mine)),
        )
    for eid in sorted(entities):
        _write_entity(conn, mg, eid)
    return _log(conn, doc_id)


def delete_document(conn: sqlite3.Connection, mg: NetGraph, doc_id: str) -> int:
    """Delete a document's rows after `mg` deleted it, and the relations and entities
    that went with it (whatever `mg` no longer holds)."""
    row = conn.execute("SELECT mentions FROM documents WHERE id = ?", (doc_id,)).fetchone()
    entities = set(json.loads(row[0])) if row else set()
    keys = conn.execute(
        "SELECT source, type, target FROM evidence WHERE doc_id = ?", (doc_id,)
    ).fetchall()
    for source, type_, target in keys:
        entities.update((source, target))
        data = mg.g.get_edge_data(source, target, type_)
        if data is not None:
            _write_relation(conn, data["rel"])  # its aggregates changed
        else:
            conn.execute(
                "DELETE FROM relations WHERE source = ? AND type = ? AND target = ?",
                (source, type_, target),
            )
    conn.execute("DELETE FROM evidence WHERE doc_id = ?", (doc_id,))
    conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
    for eid in entities:
        if eid not in mg.g:
            conn.execute("DELETE FROM entities WHERE id = ?", (eid,))
    return _log(conn, doc_id)


def _log(conn: sqlite3.Connection, doc_id: str) -> int:
    cur = conn.execute("INSERT INTO changes (doc_id) VALUES (?)", (doc_id,))
    return int(cur.lastrowid or 0)


# --- the change feed --------------------------------------------------------------


def _now(conn: sqlite3.Connection) -> str:
    """The time to store changes at: now (UTC, always with microseconds, so times compare
    as strings), but never before the feed's last, so times rise with `seq` even if the
    clock steps back; `read_feed` relies on that to find `since` by the index on `at`."""
    now = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
    last = conn.execute("SELECT at FROM feed ORDER BY seq DESC LIMIT 1").fetchone()
    return max(now, last[0]) if last else now


def write_feed(conn: sqlite3.Connection, changes: Sequence[GraphChange]) -> None:
    """Add one write's changes to the feed, in order (in the caller's transaction)."""
    if not changes:
        return
    at = _now(conn)
    conn.executemany(
        "INSERT INTO feed (at, kind, doc_id, entity, source, type, target) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            (
                at,
                c.kind,
                c.doc_id,
                c.entity,
                *((c.key[0], c.key[1].value, c.key[2]) if c.key else (None, None, None)),
            )
            for c in changes
        ),
    )


_NO_SEQ = 1 << 62  # beyond any `seq`: nothing is at or after `since`


def read_feed(
    conn: sqlite3.Connection,
    since: str | None,
    entity: str | None,
    cursor: str | None,
    limit: int,
) -> ChangePage:
    """A page of the feed (see `GraphStore.changes`), in one statement (one snapshot)."""
    after = check_cursor(cursor)
    where: list[str] = []
    args: list[object] = []
    if since is None:
        where.append("seq > ?")
        args.append(after)
    else:
        # Times rise with `seq` (see `_now`): the first change at or after `since`, found
        # by the index on `at`, starts the scan, which stays in `seq` order.
        where.append(
            "seq > max(?, coalesce((SELECT seq FROM feed WHERE at >= ? ORDER BY at LIMIT 1), "
            f"{_NO_SEQ}) - 1)"
        )
        where.append("at >= ?")
        args += [after, *[check_since(since)] * 2]
    if entity is not None:
        where.append("(entity = ? OR source = ? OR target = ?)")
        args += [entity, entity, entity]
    found = conn.execute(
        "SELECT seq, at, kind, doc_id, entity, source, type, target FROM feed "
        f"WHERE {' AND '.join(where)} ORDER BY seq LIMIT ?",
        (*args, max(limit, 0) + 1),
    ).fetchall()
    page = [
        Change(
            seq=seq, at=at, kind=kind, doc_id=doc_id, entity=eid, source=src, type=typ, target=tgt
        )
        for seq, at, kind, doc_id, eid, src, typ, tgt in found[: max(limit, 0)]
    ]
    return ChangePage(
        changes=page,
        cursor=str(page[-1].seq if page else after),
        more=len(found) > len(page),
    )


# --- reads ------------------------------------------------------------------------


def _add_document(mg: NetGraph, doc_id: str, seq: int, document: str, mentions: str) -> None:
    _add_parsed_document(mg, doc_id, seq, json.loads(document), json.loads(mentions))


def _add_parsed_document(mg: NetGraph, doc_id: str, seq: int, document: Any, mentions: Any) -> None:
    # Stored without its text: the parsed `Document` can be the graph's own.
    rec = mg.add_document(Document.model_validate(document), seq, own=True)
    nodes = mg.g._node
    for eid, count in mentions.items():
        nodes[eid]["docs"].add(doc_id)
        rec.mentions[eid] = int(count)


def _parse_all(texts: Sequence[str]) -> list[Any]:
    """`[json.loads(t) for t in texts]` in one call: parsing many small values apart
    costs about twice as much."""
    parsed: list[Any] = json.loads(f"[{','.join(texts)}]")
    return parsed


Sources = tuple[tuple[str, int], ...]


def _parse_sources(text: str) -> Sources:
    return tuple((str(publisher), int(n)) for publisher, n in json.loads(text))


def _ended_aggregates(
    agg: Aggregates, ends: int, ended: int, on: str | None, docs: str | None, spans: str | None
) -> Aggregates:
    """`agg` with the columns about its end, for the few relations with evidence of one."""
    return replace(
        agg,
        ends=ends,
        ended=bool(ended),
        ended_on=on,
        ended_docs=tuple(json.loads(docs)) if docs else (),
        spans=None if spans is None else tuple((s, e) for s, e in json.loads(spans)),
    )


def _relation_rows(
    conn: sqlite3.Connection,
) -> Iterator[tuple[str, str, str, dict[str, str], Aggregates]]:
    # Each distinct `sources` text is parsed once: there are few (most relations have one
    # document), and sharing one tuple per text saves memory too.
    shared: dict[str, Sources] = {}
    for (
        source,
        type_,
        target,
        properties,
        confidence,
        count,
        doc_ids,
        first,
        last,
        ends,
        ended,
        ended_on,
        ended_docs,
        spans,
        sources,
    ) in conn.execute(
        "SELECT source, type, target, properties, confidence, evidence_count, doc_ids, "
        "first_seen, last_seen, ends, ended, ended_on, ended_docs, spans, sources "
        "FROM relations"
    ):
        found = shared.get(sources)
        if found is None:
            found = _parse_sources(sources)
            if len(shared) < 100_000:
                shared[sources] = found
        # Most relations have one document: '["doc:..."]' without escapes needs no parser.
        if doc_ids.count('"') == 2 and "\\" not in doc_ids:
            ids = [doc_ids[2:-2]]
        else:
            ids = json.loads(doc_ids)
        agg = Aggregates(confidence, count, ids, first, last, sources=found)
        if ends:
            agg = _ended_aggregates(agg, ends, ended, ended_on, ended_docs, spans)
        yield source, type_, target, {} if properties == "{}" else json.loads(properties), agg


def load_all(conn: sqlite3.Connection, fetch: Fetch) -> tuple[NetGraph, int]:
    """The whole graph and the number of the last change it includes (one snapshot).

    Aggregates come from the rows; evidence is not read (the evidence table is the
    largest), each relation reads its own with `fetch` when first asked for it (see
    `evidence_reader`).
    """
    mg = NetGraph()
    conn.execute("BEGIN")
    try:
        seen = last_change(conn)
        entities = conn.execute("SELECT id, type, name, aliases, keys FROM entities").fetchall()
        aliases = _parse_all([e[3] for e in entities])
        keys = _parse_all([e[4] for e in entities])
        mg.load_entities(
            (e[0], e[1], e[2], a, k) for e, a, k in zip(entities, aliases, keys, strict=True)
        )
        del entities, aliases, keys
        documents = conn.execute(
            "SELECT id, seq, document, mentions FROM documents ORDER BY seq"
        ).fetchall()
        parsed = _parse_all([d[2] for d in documents])
        mentions = _parse_all([d[3] for d in documents])
        for (doc_id, seq, _, _), document, mentioned in zip(
            documents, parsed, mentions, strict=True
        ):
            _add_parsed_document(mg, doc_id, seq, document, mentioned)
        del documents, parsed, mentions
        mg.load_relations(_relation_rows(conn), fetch)
    finally:
        conn.execute("COMMIT")
    return mg, seen


_BATCH = 500  # documents per statement: well under SQLite's limit on parameters


def evidence_reader(conn: sqlite3.Connection, seen: Callable[[], int]) -> Fetch:
    """The `Fetch` of the relations `load_all` loads: a relation's evidence rows for the
    documents of its aggregates, from `conn` (a connection of its own, outside any
    transaction), as of the graph's last applied change `seen()`.

    Rows of a document change only with a change of that document (`changes`), so only
    documents another process changed after `seen()` can differ from what the graph
    holds: their items are left out. Applying that change (`apply_changes`) then deletes
    the document's evidence from memory and reads it again, which leaves every relation
    as the database has it. The rows are read before the changes, so a change committed
    in between is among those left out.
    """

    def fetch(rec: RelRecord) -> list[tuple[str, str]]:
        ids, key = rec.agg.doc_ids, (rec.source, rec.type.value, rec.target)
        found: list[tuple[str, str]] = []
        for start in range(0, len(ids), _BATCH):
            batch = ids[start : start + _BATCH]
            found += conn.execute(
                f"SELECT doc_id, items FROM evidence WHERE doc_id IN ({','.join('?' * len(batch))})"
                " AND source = ? AND type = ? AND target = ?",
                (*batch, *key),
            ).fetchall()
        changed = conn.execute("SELECT doc_id FROM changes WHERE seq > ?", (seen(),)).fetchall()
        if changed:
            stale = {doc_id for (doc_id,) in changed}
            found = [(doc_id, items) for doc_id, items in found if doc_id not in stale]
        return found

    return fetch


def read_all_evidence(conn: sqlite3.Connection, mg: NetGraph, seen: int) -> None:
    """Read the evidence of every relation that has not read it yet, in one scan of the
    evidence table (for a whole-graph export) rather than a query per relation; what
    each gets is what `evidence_reader` would read for it."""
    rels = mg.g._succ
    found: dict[int, list[tuple[str, str]]] = {}
    for doc_id, source, type_, target, items in conn.execute(
        "SELECT doc_id, source, type, target, items FROM evidence"
    ):
        data = rels.get(source, {}).get(target, {}).get(type_)
        if data is not None:
            rec: RelRecord = data["rel"]
            if rec.fetch is not None and doc_id in rec.agg.doc_ids:
                found.setdefault(id(rec), []).append((doc_id, items))
    changed = conn.execute("SELECT doc_id FROM changes WHERE seq > ?", (seen,)).fetchall()
    stale = {doc_id for (doc_id,) in changed}
    for _, _, rec in mg.g.edges(data="rel"):
        if rec.fetch is not None:
            rec.read((d, items) for d, items in found.get(id(rec), ()) if d not in stale)


def _load_document(conn: sqlite3.Connection, mg: NetGraph, doc_id: str) -> None:
    row = conn.execute(
        "SELECT seq, document, mentions FROM documents WHERE id = ?", (doc_id,)
    ).fetchone()
    if row is None:
        return  # deleted again since
    seq, document, mentions = row
    evidence = conn.execute(
        "SELECT e.source, e.type, e.target, e.items, r.properties FROM evidence e "
        "JOIN relations r USING (source, type, target) WHERE e.doc_id = ?",
        (doc_id,),
    ).fetchall()
    ids = set(json.loads(mentions)) | {r[0] for r in evidence} | {r[2] for r in evidence}
    for eid in sorted(ids):
        found = conn.execute(
            "SELECT type, name, aliases FROM entities WHERE id = ?", (eid,)
        ).fetchone()
        if found is not None:
            mg.add_entity(eid, EntityType(found[0]), found[1], json.loads(found[2]))
    _add_document(mg, doc_id, seq, document, mentions)
    rec = mg.docs[doc_id]
    for source, type_, target, items, properties in evidence:
        key = (source, RelationType(type_), target)
        mg.add_evidence(key, decode_evidence(doc_id, items), json.loads(properties))
        rec.relations.add(key)


def apply_changes(conn: sqlite3.Connection, mg: NetGraph, seen: int) -> int:
    """Apply the documents written or deleted after change `seen` to `mg`, in order.

    Runs in the caller's transaction (one snapshot). Each changed document is dropped
    from memory and, when it still exists, reloaded from its rows. Returns the last
    change number applied.
    """
    changed: list[Any] = conn.execute(
        "SELECT doc_id, max(seq) AS last FROM changes WHERE seq > ? GROUP BY doc_id ORDER BY last",
        (seen,),
    ).fetchall()
    for doc_id, last in changed:
        if doc_id in mg.docs:
            mg.delete(doc_id)
        _load_document(conn, mg, doc_id)
        mg.version += 1
        seen = max(seen, int(last))
    return seen
