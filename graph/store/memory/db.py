"""The embedded store's database: an SQLite file in WAL mode, its schema and its errors.

SQLite gives the store its write-ahead log, crash safety and multi-process locking:
a committed transaction survives kill -9 and power loss (`synchronous=FULL`), readers
never block the writer nor see half of a write, and one writer at a time holds the
file's write lock (`BEGIN IMMEDIATE`, waiting up to `lock_timeout` seconds).

Tables (schema version 3):

- `meta`: `format` and `version`;
- `entities`: one row per entity, with its search and resolution keys (JSON);
- `documents`: one row per document (its JSON without the text) and its mention counts;
- `relations`: one row per relation with its aggregates (`graph.store.aggregate`):
  confidence, evidence_count, doc_ids, first_seen, last_seen, and for time and
  provenance `ends` (evidence items stating its end), `ended` (0/1), `ended_on`,
  `ended_docs` (JSON list, NULL when none), `spans` (JSON `[[start, end|null], ...]`,
  NULL for a relation without evidence of an end, as most are) and `sources` (JSON
  `[[publisher, documents], ...]`);
- `evidence`: one row per (document, relation), its evidence in `compact` form;
- `changes`: numbers every write (one row per document written or deleted): a process
  that sees a higher number than the last it applied reloads just those documents;
- `feed`: the change feed (`GraphStore.changes`), one row per entity or relation a
  write or delete changed, written in that write's transaction, so `seq` is commit
  order across processes; `at` (UTC, ISO 8601 with microseconds) never falls behind
  the row before; indexed by entity, source, target and `at`.

So opening recomputes nothing and a document's write touches only its own rows.
Version 2 (before time and provenance) is upgraded in place on open (`upgrade`), in
one write transaction; its feed starts empty, as does that of a store imported from
the old JSON file.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import sys
import time
from collections import Counter
from pathlib import Path

from graph.errors import StoreCorrupt, StoreError, StoreLocked
from graph.provenance import publisher_of
from graph.store.aggregate import UNKNOWN_PUBLISHER

__all__ = [
    "FORMAT",
    "VERSION",
    "begin_write",
    "connect",
    "database_path",
    "initialise",
    "upgrade",
    "version",
]

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

FORMAT = "geokg-memory-store"
VERSION = 3  # version 1 was the single JSON file, imported by `legacy.migrate`
_UPGRADABLE = {"2"}  # versions `upgrade` brings to VERSION

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE entities (
    id TEXT PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, aliases TEXT NOT NULL,
    keys TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE documents (
    id TEXT PRIMARY KEY, seq INTEGER NOT NULL, document TEXT NOT NULL, mentions TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE relations (
    source TEXT NOT NULL, type TEXT NOT NULL, target TEXT NOT NULL, properties TEXT NOT NULL,
    confidence REAL NOT NULL, evidence_count INTEGER NOT NULL, doc_ids TEXT NOT NULL,
    first_seen TEXT, last_seen TEXT,
    ends INTEGER NOT NULL DEFAULT 0, ended INTEGER NOT NULL DEFAULT 0, ended_on TEXT,
    ended_docs TEXT, spans TEXT, sources TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (source, type, target)
) WITHOUT ROWID;
CREATE TABLE evidence (
    doc_id TEXT NOT NULL, source TEXT NOT NULL, type TEXT NOT NULL, target TEXT NOT NULL,
    items TEXT NOT NULL,
    PRIMARY KEY (doc_id, source, type, target)
) WITHOUT ROWID;
CREATE TABLE changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, doc_id TEXT NOT NULL);
"""
_FEED = """
CREATE TABLE feed (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, kind TEXT NOT NULL,
    doc_id TEXT NOT NULL, entity TEXT, source TEXT, type TEXT, target TEXT
);
CREATE INDEX feed_entity ON feed (entity, seq);
CREATE INDEX feed_source ON feed (source, seq);
CREATE INDEX feed_target ON feed (target, seq);
CREATE INDEX feed_at ON feed (at);
"""
# What version 3 added to version 2's relations (the same columns `_SCHEMA` creates).
_NEW_RELATION_COLUMNS = [
    "ends INTEGER NOT NULL DEFAULT 0",
    "ended INTEGER NOT NULL DEFAULT 0",
    "ended_on TEXT",
    "ended_docs TEXT",
    "spans TEXT",
    "sources TEXT NOT NULL DEFAULT '[]'",
]


def database_path(path: Path) -> tuple[Path, Path]:
    """The database file for a configured path, and where an old JSON store may be.

    `graph.json` (the old default) names `graph.sqlite` beside it; any other name is the
    database itself, with `<stem>.json` beside it as the JSON store to import.
    """
    if path.suffix == ".json":
        return path.with_suffix(".sqlite"), path
    return path, path.with_suffix(".json")


def _corrupt(path: Path, why: str) -> StoreCorrupt:
    return StoreCorrupt(
        f"the graph database {path} is corrupt or not a geokg store ({why}); it was left "
        "untouched. Move it aside to start an empty store, or restore it from a backup."
    )


def connect(path: Path, lock_timeout: float) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), WAL and full sync.

    Checks the file before changing anything in it: a file that is not SQLite, or an
    SQLite database of another program, raises `StoreCorrupt` and stays as it was.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(
            path, timeout=lock_timeout, isolation_level=None, check_same_thread=False
        )
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"cannot open the graph database {path}: {exc}") from exc
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if tables and "meta" not in tables:
            raise _corrupt(path, f"tables {', '.join(sorted(tables))} are not geokg's")
        if tables:
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
            if meta.get("format") != FORMAT:
                raise _corrupt(path, f"format {meta.get('format')!r}")
            if meta.get("version") not in {str(VERSION), *_UPGRADABLE}:
                raise _corrupt(path, f"unsupported version {meta.get('version')!r}")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute(f"PRAGMA busy_timeout={int(lock_timeout * 1000)}")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise _corrupt(path, str(exc)) from exc
    except BaseException:
        conn.close()
        raise
    return conn


def initialise(conn: sqlite3.Connection) -> bool:
    """Create the schema in an empty database (inside the caller's write transaction).

    Returns True when it was created, False when it was there already (another process
    may have created it while this one waited for the lock).
    """
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name='meta'").fetchone():
        return False
    _run(conn, _SCHEMA + _FEED)
    conn.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?)",
        [("format", FORMAT), ("version", str(VERSION))],
    )
    return True


def _run(conn: sqlite3.Connection, script: str) -> None:
    # Not `executescript`, which would commit the caller's transaction first.
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def version(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
    return int(row[0])


def upgrade(conn: sqlite3.Connection) -> bool:
    """Bring a version 2 database to this version (inside the caller's write transaction).

    Adds the relations' time and provenance columns (version 2 knew no evidence of an
    end, so only `sources` needs computing), fills in each document's publisher from its
    url, and creates the feed. Returns False when there was nothing to do (another
    process may have upgraded it while this one waited for the lock).
    """
    if version(conn) == VERSION:
        return False
    for column in _NEW_RELATION_COLUMNS:
        conn.execute(f"ALTER TABLE relations ADD COLUMN {column}")
    _run(conn, _FEED)
    publishers = _fill_publishers(conn)
    conn.executemany(
        "UPDATE relations SET sources = ? WHERE source = ? AND type = ? AND target = ?",
        (
            (_dumps(_sources_of(json.loads(doc_ids), publishers)), *key)
            for *key, doc_ids in conn.execute(
                "SELECT source, type, target, doc_ids FROM relations"
            ).fetchall()
        ),
    )
    conn.execute("UPDATE meta SET value = ? WHERE key = 'version'", (str(VERSION),))
    return True


def _fill_publishers(conn: sqlite3.Connection) -> dict[str, str | None]:
    """Each document's publisher (as `prepare` now sets it), written into its row."""
    publishers: dict[str, str | None] = {}
    for doc_id, text in conn.execute("SELECT id, document FROM documents").fetchall():
        document = json.loads(text)
        publisher = document.get("publisher") or publisher_of(document.get("url"))
        publishers[doc_id] = publisher
        if publisher != document.get("publisher"):
            document["publisher"] = publisher
            conn.execute(
                "UPDATE documents SET document = ? WHERE id = ?", (_dumps(document), doc_id)
            )
    return publishers


def _sources_of(doc_ids: list[str], publishers: dict[str, str | None]) -> list[list[object]]:
    counts = Counter(publishers.get(d) or UNKNOWN_PUBLISHER for d in doc_ids)
    return [[publisher, n] for publisher, n in sorted(counts.items())]


def begin_write(conn: sqlite3.Connection, path: Path, lock_timeout: float) -> None:
    """Start a write transaction, waiting up to `lock_timeout` for the write lock.

    Raises `StoreLocked` naming the holder, which each writer records in `<path>.owner`
    once it has the lock (the sidecar only serves that message).
    """
    owner = Path(f"{path}.owner")
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise StoreError(f"cannot write to {path}: {exc}") from exc
        raise StoreLocked(
            f"the graph database {path} is locked by {_holder(owner)}, which has been "
            f"writing to it for over {lock_timeout:g}s. If that is a running geokg server, "
            "send documents to it instead (POST /documents) or stop it first; otherwise "
            "wait for it to finish and retry."
        ) from None
    me = {
        "pid": os.getpid(),
        "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]])[:200],
        "since": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    with contextlib.suppress(OSError):
        owner.write_text(json.dumps(me), encoding="utf-8")


def _holder(owner: Path) -> str:
    try:
        info = json.loads(owner.read_text(encoding="utf-8"))
        return f"pid {info['pid']} ({info['command']}, since {info['since']})"
    except (OSError, ValueError, KeyError, TypeError):
        return "another process"
