"""Bulk load through the Bolt store against a plain `UNWIND ... MERGE` script.

    python bench/load.py [--docs 2000] [--batch-size 1000]

Generates a synthetic extraction (by default 2,000 documents, 20,000+ entities and
62,000 relations, each with a sentence of evidence) and loads it:

1. through `BoltStore.upsert_many` into a fresh ArcadeDB, then a second time, which
   must create nothing;
2. with a plain reference loader (constraints, then `UNWIND ... MERGE` of the same
   documents, entities, mentions and relations with the same properties, in batches of
   the same size) into another fresh ArcadeDB;
3. into the embedded memory store, for comparison.

The two Bolt loads alternate for `--rounds` rounds, each on a fresh server, and the
best run of each counts (the machine may be shared). Rows are entity rows plus
relation rows. The last line is `ratio: X.XX`, geokg rows/s over plain rows/s (target
>= 0.9). The plain loader MERGEs entities on the `Entity` label alone: ArcadeDB cannot
use the id index for a two-label MERGE, so a plain script gives up the type label to
stay fast, while geokg keeps both labels.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for tests.fixtures

from neo4j import GraphDatabase

from api.settings import Settings
from graph.model import (
    Document,
    Entity,
    EntityType,
    Evidence,
    Extraction,
    Mention,
    Relation,
    RelationType,
    document_id,
    entity_id,
)
from graph.store import open_store
from graph.store.aggregate import aggregate
from graph.store.bolt import BoltStore, cypher
from graph.store.bolt.write import search_keys
from graph.store.resolve import resolution_keys
from tests.fixtures.arcadedb import ArcadeDBServer

E, R = EntityType, RelationType
NEW_PER_DOC = 10
SHARED_PER_DOC = 2
RELATIONS_PER_DOC = 31
# (source type, relation, target type) choices the generator draws from.
SHAPES = [
    (E.COUNTRY, R.MEMBER_OF, E.ORGANISATION),
    (E.PERSON, R.LEADER_OF, E.ORGANISATION),
    (E.PERSON, R.VISITED, E.COUNTRY),
    (E.ORGANISATION, R.OPERATES, E.MILITARY_BASE),
    (E.MILITARY_BASE, R.LOCATED_IN, E.COUNTRY),
    (E.COUNTRY, R.DEPLOYED_TO, E.COUNTRY),
    (E.COUNTRY, R.ALLIED_WITH, E.COUNTRY),
    (E.ORGANISATION, R.OPPOSES, E.ORGANISATION),
    (E.PERSON, R.MET_WITH, E.PERSON),
]
TYPES = [E.COUNTRY, E.ORGANISATION, E.PERSON, E.MILITARY_BASE]


def _letters(n: int) -> str:
    """n as consonants, an `r` between repeats: distinct surnames never resolve together."""
    out = ""
    for digit in str(n):
        letter = "bcdfghklmn"[int(digit)]
        out += ("r" if out.endswith(letter) else "") + letter
    return out


def _entity(n: int) -> Entity:
    type_ = TYPES[n % len(TYPES)]
    name = {
        E.COUNTRY: f"Republic of Testland {n}",
        E.ORGANISATION: f"Treaty Organisation {n}",
        E.PERSON: f"Given{n} Va{_letters(n)}ov",
        E.MILITARY_BASE: f"{n}th Military Base",
    }[type_]
    return Entity(id=entity_id(type_, name), type=type_, name=name, aliases=[name])


def synthetic(docs: int, seed: int = 7) -> list[Extraction]:
    """Documents whose entities are mostly new, with a few shared with earlier ones."""
    return list(iter_synthetic(docs, seed))


def iter_synthetic(docs: int, seed: int = 7, first: int = 0) -> Iterator[Extraction]:
    """`synthetic`, one document at a time, numbered from `first`."""
    rng = random.Random(seed)
    for d in range(first, first + docs):
        own = [_entity(d * NEW_PER_DOC + k) for k in range(NEW_PER_DOC)]
        if d:
            own += [_entity(rng.randrange(d * NEW_PER_DOC)) for _ in range(SHARED_PER_DOC)]
        by_type: dict[EntityType, list[Entity]] = {}
        for ent in own:
            by_type.setdefault(ent.type, []).append(ent)
        sentences: list[str] = []
        relations: dict[tuple[str, RelationType, str], Relation] = {}
        offset = 0
        while len(relations) < RELATIONS_PER_DOC:
            src_t, rel_t, dst_t = rng.choice(SHAPES)
            if not by_type.get(src_t) or not by_type.get(dst_t):
                continue
            a, b = rng.choice(by_type[src_t]), rng.choice(by_type[dst_t])
            if a.id == b.id:
                continue
            text = f"{a.name} and {b.name}: {rel_t.value.lower()} ({d}.{len(sentences)})."
            conf = round(rng.uniform(0.4, 0.95), 2)
            ev = Evidence(
                text=text, start=offset, end=offset + len(text), rule="bench", confidence=conf
            )
            rel = Relation(source=a.id, type=rel_t, target=b.id, confidence=conf, evidence=[ev])
            key = (rel.source, rel.type, rel.target)
            if key not in relations:
                relations[key] = rel
                sentences.append(text)
                offset += len(text) + 1
        text = " ".join(sentences)
        doc = Document(id=document_id(text), title=f"Bench {d}", published="2024-01-01", text=text)
        entities = [
            e.model_copy(update={"mentions": [Mention(text=e.name, start=0, end=len(e.name))]})
            for e in {e.id: e for e in own}.values()
        ]
        yield Extraction(document=doc, entities=entities, relations=list(relations.values()))


def counted_rows(extractions: Sequence[Extraction]) -> tuple[int, int]:
    entities = {e.id for ex in extractions for e in ex.entities}
    relations = sum(len(ex.relations) for ex in extractions)
    return len(entities), relations


def plain_load(server: ArcadeDBServer, extractions: Sequence[Extraction], size: int) -> None:
    """The reference: the same graph content (every property geokg stores), written with
    plain UNWIND ... MERGE batches and no checks."""
    docs, mentions, entities = [], [], {}
    rels: dict[tuple[str, RelationType, str], dict[str, Any]] = {}
    dates: dict[str, str | None] = {}
    now = datetime.now(UTC).isoformat()
    for ex in extractions:
        d = ex.document
        dates[d.id] = d.published
        props = {
            **d.model_dump(exclude_none=True),
            "ingested_at": now,
            "entity_count": len(ex.entities),
            "relation_count": len(ex.relations),
        }
        docs.append({"id": d.id, "props": props})
        for e in ex.entities:
            keys = resolution_keys(e.type, e.name, e.aliases)
            entities[e.id] = {
                "id": e.id,
                "type": e.type,
                "props": {
                    "id": e.id,
                    "type": e.type.value,
                    "name": e.name,
                    "aliases": e.aliases,
                    "search_keys": search_keys(e.name, e.aliases),
                    "resolve_keys": keys,
                    "resolve_key": keys[0] if keys else None,
                },
            }
            mention = {"count": len(e.mentions), "aliases": e.aliases}
            mentions.append({"doc": d.id, "id": e.id, "props": mention})
        for r in ex.relations:
            slot = rels.setdefault((r.source, r.type, r.target), {"evidence": []})
            slot["evidence"] += [ev.model_copy(update={"doc_id": d.id}) for ev in r.evidence]
    with GraphDatabase.driver(server.uri, auth=(server.user, server.password)) as driver:

        def run(statement: str, rows: list[dict[str, Any]]) -> None:
            for start in range(0, len(rows), size):
                driver.execute_query(statement, rows=rows[start : start + size])

        for statement in cypher.REFERENCE_SCHEMA:
            driver.execute_query(statement)
        run(cypher.REFERENCE_DOCUMENTS, docs)
        run(cypher.REFERENCE_ENTITIES, list(entities.values()))
        run(cypher.REFERENCE_MENTIONS, mentions)
        for rel_type in RelationType:
            rows = []
            for (source, t, target), slot in rels.items():
                if t is not rel_type:
                    continue
                ev = slot["evidence"]
                agg = aggregate(ev, dates)
                props = {
                    "ev_doc": [e.doc_id for e in ev],
                    "ev_text": [e.text for e in ev],
                    "ev_start": [e.start for e in ev],
                    "ev_end": [e.end for e in ev],
                    "ev_rule": [e.rule for e in ev],
                    "ev_conf": [e.confidence for e in ev],
                    "ev_date": [e.date or "" for e in ev],
                    "confidence": agg.confidence,
                    "evidence_count": agg.evidence_count,
                    "doc_ids": agg.doc_ids,
                    "first_seen": agg.first_seen,
                    "last_seen": agg.last_seen,
                }
                rows.append({"source": source, "target": target, "props": props})
            run(cypher.REFERENCE_RELATIONS[rel_type], rows)


def graph_size(server: ArcadeDBServer) -> tuple[int, int]:
    with GraphDatabase.driver(server.uri, auth=(server.user, server.password)) as driver:
        records, _, _ = driver.execute_query(cypher.COUNT_ALL)
    return records[0]["nodes"], records[0]["rels"]


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def geokg_load(extractions: Sequence[Extraction], args: argparse.Namespace, check: bool) -> float:
    """Seconds to load through the Bolt store; with `check`, also load again and compare."""
    with ArcadeDBServer() as server:
        config = Settings(
            store="neo4j",
            neo4j_uri=server.uri,
            neo4j_user=server.user,
            neo4j_password=server.password,
            batch_size=args.batch_size,
        ).store_config()
        store = BoltStore(config)
        try:
            store.ping()
            secs = timed(lambda: store.upsert_many(extractions, per_tx=args.per_tx))
            size = graph_size(server)
            print(f"geokg bolt:  {secs:7.2f} s  ({size[0]} nodes, {size[1]} relationships)")
            if check:
                again = store.upsert_many(extractions, per_tx=args.per_tx)
                unchanged = sum(r.status == "unchanged" for r in again)
                same = graph_size(server) == size
                print(f"second load: {unchanged}/{len(again)} unchanged, graph unchanged: {same}")
                if not same or unchanged != len(again):
                    print("error: loading the same data twice changed the graph", file=sys.stderr)
                    raise SystemExit(1)
        finally:
            store.close()
    return secs


def reference_load(extractions: Sequence[Extraction], args: argparse.Namespace) -> float:
    with ArcadeDBServer() as server:
        secs = timed(lambda: plain_load(server, extractions, args.batch_size))
        size = graph_size(server)
    print(f"plain bolt:  {secs:7.2f} s  ({size[0]} nodes, {size[1]} relationships)")
    return secs


def memory_load(extractions: Sequence[Extraction]) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        memory = open_store(
            Settings(store="memory", memory_path=f"{tmp}/graph.sqlite").store_config()
        )
        try:

            def load_memory() -> None:
                with memory.batch():
                    for ex in extractions:
                        memory.upsert(ex)

            return timed(load_memory)
        finally:
            memory.close()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--per-tx", type=int, default=250, help="documents per transaction")
    parser.add_argument("--rounds", type=int, default=3, help="alternating runs; best counts")
    args = parser.parse_args(argv)

    extractions = synthetic(args.docs)
    # The generated input lives through the whole run; keep the cyclic collector from
    # rescanning it on every full collection, for every loader alike.
    gc.freeze()
    n_entities, n_relations = counted_rows(extractions)
    rows = n_entities + n_relations
    evidence = sum(len(r.evidence) for ex in extractions for r in ex.relations)
    print(
        f"synthetic: {len(extractions)} documents, {n_entities} entities, "
        f"{n_relations} relations, {evidence} evidence sentences, batch {args.batch_size}"
    )
    # Alternate the two loaders, each on a fresh server, and keep each one's best run,
    # so a burst of load from other processes does not decide the ratio.
    geokg_secs, plain_secs = [], []
    for n in range(max(1, args.rounds)):
        geokg_secs.append(geokg_load(extractions, args, check=n == 0))
        plain_secs.append(reference_load(extractions, args))
    memory_secs = memory_load(extractions)
    pairs = ", ".join(f"{p / g:.2f}" for g, p in zip(geokg_secs, plain_secs, strict=True))
    median = statistics.median(plain_secs) / statistics.median(geokg_secs)
    print(f"ratio per round: {pairs}; of the medians: {median:.2f}")
    geokg, plain = rows / min(geokg_secs), rows / min(plain_secs)
    print(f"geokg bolt rows/s: {geokg:9.0f}  (best of {len(geokg_secs)})")
    print(f"plain bolt rows/s: {plain:9.0f}  (best of {len(plain_secs)})")
    print(f"memory rows/s:     {rows / memory_secs:9.0f}")
    print(f"ratio: {geokg / plain:.2f}")


if __name__ == "__main__":
    main()
