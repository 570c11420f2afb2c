"""The embedded store's old format, one JSON file, read once to import it into SQLite.

The file holds entities, documents (without text, with their mention counts) and
relations with evidence; aggregates are recomputed on load, with each document's
publisher taken from its url as `prepare` now does (the old format had none).
`MemoryStore` imports it when its database does not exist yet (`geokg migrate` does the
same on demand); the JSON file is only read, never changed or removed.
"""

from __future__ import annotations

import gc
import json
import sqlite3
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from graph.errors import NotFound, StoreCorrupt
from graph.model import Document, EntityType, Evidence, RelationType
from graph.provenance import publisher_of
from graph.store.aggregate import evidence_key, sort_evidence
from graph.store.memory import rows
from graph.store.netgraph import NetGraph

__all__ = ["dump", "import_into", "load", "read_file"]

FORMAT = "geokg-memory-store"
VERSION = 1


def dump(mg: NetGraph, generation: int) -> dict[str, Any]:
    """The old file's content (what `load` reads); tests write old stores with it."""
    nodes = mg.g.nodes
    return {
        "format": FORMAT,
        "version": VERSION,
        "generation": generation,
        "entities": [
            {
                "id": e,
                "type": nodes[e]["type"].value,
                "name": nodes[e]["name"],
                "aliases": nodes[e]["aliases"],
            }
            for e in sorted(nodes)
        ],
        "documents": [
            {
                "document": rec.document.model_dump(mode="json", exclude={"text"}),
                "seq": rec.seq,
                "mentions": rec.mentions,
            }
            for rec in sorted(mg.docs.values(), key=lambda r: r.seq)
        ],
        "relations": [
            {
                "source": rec.source,
                "type": rec.type.value,
                "target": rec.target,
                "properties": rec.properties,
                # Evidence fields are all JSON scalars: their __dict__ is their JSON form.
                "evidence": [ev.__dict__ for ev in sort_evidence(rec.evidence.values())],
            }
            for _, _, rec in sorted(mg.g.edges(data="rel"), key=lambda t: t[2].key)
        ],
    }


def load(data: Any) -> tuple[NetGraph, int]:
    """A `NetGraph` and its generation from `dump` output; ValueError etc. if malformed."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"not a {FORMAT} file")
    if data.get("version") != VERSION:
        raise ValueError(f"unsupported version {data.get('version')!r}")
    mg = NetGraph()
    for e in data["entities"]:
        mg.add_entity(
            str(e["id"]), EntityType(e["type"]), str(e["name"]), [str(a) for a in e["aliases"]]
        )
    for d in data["documents"]:
        document = Document.model_validate(d["document"])
        if document.publisher is None and document.url:
            document = document.model_copy(update={"publisher": publisher_of(document.url)})
        doc = mg.add_document(document, int(d["seq"]))
        for eid, count in d["mentions"].items():
            mg.node(eid)["docs"].add(doc.document.id)
            doc.mentions[eid] = int(count)
    for r in data["relations"]:
        key = (str(r["source"]), RelationType(r["type"]), str(r["target"]))
        mg.node(key[0])
        mg.node(key[2])
        evidence = [Evidence.model_validate(ev) for ev in r["evidence"]]
        rec = mg.add_evidence(key, evidence, {str(k): str(v) for k, v in r["properties"].items()})
        if len(rec.evidence) != len({evidence_key(ev) for ev in evidence}) or not evidence:
            raise ValueError(f"relation {key} has no or repeated evidence")
        for ev in evidence:
            mg.doc(ev.doc_id).relations.add(key)
    return mg, int(data.get("generation", 0))


def read_file(path: Path) -> tuple[NetGraph, int] | None:
    """Load the store file; None when it does not exist; StoreCorrupt when unreadable."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreCorrupt(f"cannot read the graph file {path}: {exc}") from exc
    # Loading allocates many long-lived objects; cyclic GC passes over them only cost time.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return load(json.loads(raw.decode("utf-8")))
    except (ValueError, KeyError, TypeError, AttributeError, ValidationError, NotFound) as exc:
        raise StoreCorrupt(
            f"the graph file {path} is corrupt or not a geokg store ({exc.__class__.__name__}: "
            f"{str(exc)[:200]}); it was left untouched. Move it aside to start an empty store, "
            "or restore it from a backup."
        ) from exc
    finally:
        if gc_was_enabled:
            gc.enable()


def import_into(conn: sqlite3.Connection, path: Path) -> int:
    """Write the JSON store at `path` into the database (in the caller's transaction).

    Returns the number of documents imported; StoreCorrupt (naming `path`) when the
    file is not a readable JSON store. The file itself is left as it is.
    """
    loaded = read_file(path)
    if loaded is None:
        return 0
    mg = loaded[0]
    for rec in sorted(mg.docs.values(), key=lambda r: r.seq):
        rows.write_document(conn, mg, rec.document.id)
    return len(mg.docs)
