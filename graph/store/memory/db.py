"""The embedded store's database: an SQLite file in WAL mode, its schema and its errors.

SQLite gives the store its write-ahead log, crash safety and multi-process locking:
a committed transaction survives kill -9 and power loss (`synchronous=FULL`), readers
never block the writer nor see half of a write, and one writer at a time holds the
file's write lock (`BEGIN IMMEDIATE`, waiting up to `lock_timeout` seconds).

Tables hold one row per entity (with its search and resolution keys), document,
relation (with its aggregates) and (document, relation) evidence list, so opening
recomputes nothing and a document's write touches only its own rows. `changes`
numbers every write (one row per document written or deleted): a process that sees a
higher number than the last it applied reloads just those documents.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import sys
import time
from pathlib import Path

from graph.errors import StoreCorrupt, StoreError, StoreLocked

__all__ = ["FORMAT", "VERSION", "begin_write", "connect", "database_path", "initialise"]

FORMAT = "geokg-memory-store"
VERSION = 2  # version 1 was the single JSON file, imported by `legacy.migrate`

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
    PRIMARY KEY (source, type, target)
) WITHOUT ROWID;
CREATE TABLE evidence (
    doc_id TEXT NOT NULL, source TEXT NOT NULL, type TEXT NOT NULL, target TEXT NOT NULL,
    items TEXT NOT NULL,
    PRIMARY KEY (doc_id, source, type, target)
) WITHOUT ROWID;
CREATE TABLE changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, doc_id TEXT NOT NULL);
"""


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
            if meta.get("version") != str(VERSION):
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
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?)",
        [("format", FORMAT), ("version", str(VERSION))],
    )
    return True


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
