"""Memory store specifics: the database (round trip, import, upgrade, corruption, kills),
processes, the change feed in the database."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from graph.errors import NotFound, StoreCorrupt, StoreError, StoreLocked
from graph.model import ChangePage, RelationType
from graph.store import open_store
from graph.store.memory import MemoryStore, db, legacy, rows
from tests.configs import memory_config
from tests.conftest import REPO
from tests.store.factories import COUNTRY, ORG, doc, ent, fact
from tests.store.memproc import numbered_doc

R = RelationType
KAZ = ent(COUNTRY, "Kazakhstan", "Kazakh", key="KAZ")
CSTO = ent(ORG, "Collective Security Treaty Organization", "CSTO", key="csto")


def child(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.store.memproc", *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(proc: subprocess.Popen[str]) -> None:
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err


def test_round_trip_through_the_database(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "graph.sqlite"
    store = open_store(memory_config(path))
    store.upsert(doc(fact(KAZ, R.MEMBER_OF, CSTO, "Kazakhstan is in the CSTO."), url="u://1"))
    store.upsert(
        doc(fact(KAZ, R.MEMBER_OF, CSTO, "Kazakh troops serve the CSTO.", date="2022-01-06"))
    )
    store.upsert(  # an end, its spans and two publishers go through the rows
        doc(
            fact(KAZ, R.MEMBER_OF, CSTO, "Kazakhstan left the CSTO.", ends=True),
            published="2023-05-01",
            url="https://www.example.org/left",
        )
    )
    reopened = MemoryStore(path)
    (rel,) = reopened.relations()
    assert rel.ended is not None and rel.ended.on == "2023-05-01" and rel.contested
    assert rel.sources == store.relations()[0].sources and len(rel.sources) == 3
    assert reopened.relations(as_of="2022-06-01") and not reopened.relations(as_of="2023-06-01")
    assert reopened.export_json() == store.export_json()
    assert reopened.stats() == store.stats()
    assert reopened.search_entities("kazakstan")[0].id == KAZ.id
    assert [d.id for d in reopened.documents()] == [d.id for d in store.documents()]
    # the url index survives: same url, new text replaces
    res = reopened.upsert(doc(fact(KAZ, R.MEMBER_OF, CSTO, "Kazakhstan left?"), url="u://1"))
    assert res.status == "updated" and len(res.replaced) == 1


def test_deletes_and_replacements_reach_the_rows_and_other_stores(tmp_path: Path) -> None:
    path = tmp_path / "graph.sqlite"
    store = MemoryStore(path)
    other = MemoryStore(path)  # opened before the writes: it must catch up through the log
    store.upsert(doc(fact(KAZ, R.MEMBER_OF, CSTO, "Kazakhstan is in the CSTO."), url="u://1"))
    second = store.upsert(
        doc(fact(KAZ, R.MEMBER_OF, CSTO, "Kazakh troops serve the CSTO.", date="2022-01-06"))
    )
    assert other.relations()[0].evidence_count == 2
    store.delete_document(second.doc_id)
    replaced = store.upsert(doc(fact(KAZ, R.MEMBER_OF, CSTO, "Kazakhstan left?"), url="u://1"))
    assert replaced.status == "updated"
    expected = store.export_json()
    assert other.export_json() == expected
    assert MemoryStore(path).export_json() == expected  # aggregates as stored in the rows
    store.delete_document(replaced.doc_id)
    assert other.stats().entities == {} and MemoryStore(path).stats().documents == 0


def test_evidence_read_when_first_used_agrees_with_other_processes_changes(
    tmp_path: Path,
) -> None:
    """A store opened before other processes' changes reads a relation's evidence only when
    first used, after those changes: whatever order it reads and applies them in, it ends
    with what a fresh open finds."""
    path = tmp_path / "graph.sqlite"
    store = MemoryStore(path)
    first, second, third = (
        doc(fact(KAZ, R.MEMBER_OF, CSTO, sentence), url=f"u://{i}")
        for i, sentence in enumerate(
            ["Kazakhstan is in the CSTO.", "Kazakh troops serve the CSTO.", "CSTO hosts Kazakh."]
        )
    )
    ids = [r.doc_id for r in store.upsert_many([first, second, third])]
    key = (KAZ.id, R.MEMBER_OF, CSTO.id)

    # Every document of a relation deleted elsewhere: applying the first removes it.
    other = MemoryStore(path)
    for doc_id in ids:
        store.delete_document(doc_id)
    store.upsert(second)  # back again, after the changes the other store applies first
    assert store.upsert(third).status == "created"
    assert other.export_json() == store.export_json() == MemoryStore(path).export_json()
    assert other.stats() == store.stats()
    reopened = MemoryStore(path)  # documents learn their relations when first asked
    assert reopened.documents() == other.documents() == store.documents()
    assert reopened.get_document(ids[1]) == store.get_document(ids[1])

    # Read before the change is applied: the changed document's items are left out, and
    # applying the change reads them again.
    other, exporter = MemoryStore(path), MemoryStore(path)
    store.delete_document(ids[2])
    assert {ev.doc_id for ev in other._mg.rel(key).evidence.values()} == {ids[1]}
    rows.read_all_evidence(exporter._econn, exporter._mg, exporter._seen)  # in one scan
    assert exporter._mg.rel(key).evidence == other._mg.rel(key).evidence
    assert exporter.export_json() == store.export_json()
    assert other.relations() == store.relations() == MemoryStore(path).relations()
    assert other.stats() == store.stats() and other.stats().evidence == 1
    store.delete_document(ids[1])
    assert other.stats() == store.stats() and other.relations() == []


def test_a_batch_is_one_transaction(tmp_path: Path) -> None:
    path = tmp_path / "graph.sqlite"
    store, other = MemoryStore(path), MemoryStore(path)
    with store.batch():
        for i in range(5):
            store.upsert(numbered_doc("b", i))
        assert store.stats().documents == 5
        assert other.stats().documents == 0  # nothing committed yet
    assert other.stats().documents == 5
    results = store.upsert_many([numbered_doc("b", i) for i in range(3, 8)])
    assert [r.status for r in results] == ["unchanged"] * 2 + ["created"] * 3
    assert other.stats() == store.stats()


def test_json_store_is_imported_and_kept(tmp_path: Path) -> None:
    """An old `graph.json` becomes `graph.sqlite` beside it on first open."""
    source = MemoryStore(tmp_path / "source.sqlite")
    source.upsert(doc(fact(KAZ, R.MEMBER_OF, CSTO, "Kazakhstan is in the CSTO."), url="u://1"))
    source.upsert(doc(fact(KAZ, R.MEMBER_OF, CSTO, "Kazakh troops.", date="2022-01-06")))
    old = tmp_path / "data" / "graph.json"
    old.parent.mkdir()
    with source._lock:
        old.write_text(json.dumps(legacy.dump(source._mg, 3)))
    content = old.read_bytes()
    imported = open_store(memory_config(old))
    assert (tmp_path / "data" / "graph.sqlite").exists()
    assert old.read_bytes() == content
    assert imported.export_json() == source.export_json()
    again = MemoryStore(tmp_path / "data" / "graph.sqlite")  # imported once, not twice
    assert again.stats() == source.stats()


def _foreign_database(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE accounts (id INTEGER)")


def _future_version(path: Path) -> None:
    MemoryStore(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'version'")


def _orphan_relation(path: Path) -> None:
    MemoryStore(path).upsert(numbered_doc("a", 0))
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM entities")


@pytest.mark.parametrize(
    "spoil",
    [
        lambda p: p.write_bytes(b"{not a database"),
        lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200),
        lambda p: p.write_bytes(b"\xff\xfe\x00garbage" * 300),
        _foreign_database,
        _future_version,
        _orphan_relation,
    ],
    ids=["text", "torn-header", "binary", "foreign-sqlite", "future-version", "orphan-relation"],
)
def test_corrupt_or_foreign_database_is_reported_and_left_untouched(
    tmp_path: Path, spoil: Callable[[Path], None]
) -> None:
    path = tmp_path / "graph.sqlite"
    spoil(path)
    content = path.read_bytes()
    with pytest.raises(StoreCorrupt, match=str(path)):
        MemoryStore(path)
    assert path.read_bytes() == content


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"\xff\xfe\x00garbage",
        b'{"format": "something else"}',
        b"[1, 2]",
        b'{"format": "geokg-memory-store", "version": 1, "entities": [{"id": "x"}]}',
    ],
)
def test_corrupt_json_store_is_reported_and_left_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "graph.sqlite"
    path.write_bytes(content)
    for _ in range(2):  # a failed import leaves nothing behind that hides the file
        with pytest.raises(StoreCorrupt, match=str(path)):
            MemoryStore(path)
    assert path.read_bytes() == content


def test_reads_see_writes_of_another_process(tmp_path: Path) -> None:
    path = tmp_path / "graph.sqlite"
    reader = MemoryStore(path)
    assert reader.stats().documents == 0
    finish(child("ingest", str(path), "w", "3"))
    assert reader.stats().documents == 3


def test_two_processes_writing_one_file_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "graph.sqlite"
    mine = MemoryStore(path)
    procs = [child("ingest", str(path), tag, "40") for tag in ("p", "q")]
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    for i in range(40):
        mine.upsert(numbered_doc("m", i))
    for proc in procs:
        finish(proc)
    final = MemoryStore(path)
    stats = final.stats()
    assert stats.documents == 120
    assert stats.entities == {"Country": 10, "Organisation": 1}
    assert stats.relations == {"MEMBER_OF": 10}
    assert stats.evidence == 120
    assert [r.evidence_count for r in final.relations(limit=20)] == [12] * 10
    assert mine.stats() == stats
    feed = final.changes(limit=10_000).changes  # one feed, in commit order, from 3 writers
    assert [c.seq for c in feed] == sorted({c.seq for c in feed})
    kinds = [c.kind for c in feed]
    assert (kinds.count("entity_created"), kinds.count("relation_created")) == (11, 10)
    assert kinds.count("evidence_added") == 110


def test_acknowledged_writes_survive_kill_9(tmp_path: Path) -> None:
    """20 rounds: a writer is killed at a random moment; every document whose write
    returned before the kill is there after a restart, and the store still writes."""
    path = tmp_path / "graph.sqlite"
    rng = random.Random(7)
    acknowledged: set[str] = set()
    for round_ in range(20):
        proc = child("ackloop", str(path), f"round {round_}")
        assert proc.stdout is not None
        first = proc.stdout.readline().strip()
        assert first.startswith("doc:"), proc.stderr.read() if proc.stderr else ""
        time.sleep(rng.uniform(0.0, 0.3))
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate(timeout=10)
        acknowledged |= {first, *(line for line in out.split() if line.startswith("doc:"))}
        store = MemoryStore(path)
        missing = sorted(d for d in acknowledged if not _has(store, d))
        assert not missing, f"round {round_}: lost {missing[:3]} of {len(acknowledged)}"
        store.close()
    assert len(acknowledged) > 20
    store = MemoryStore(path)
    assert _has(store, store.upsert(numbered_doc("after", 0)).doc_id)


def _has(store: MemoryStore, doc_id: str) -> bool:
    try:
        store.get_document(doc_id)
    except NotFound:
        return False
    return True


def test_second_writer_gets_store_locked_naming_the_holder(tmp_path: Path) -> None:
    path = tmp_path / "graph.sqlite"
    MemoryStore(path).upsert(numbered_doc("a", 0))
    holder = child("hold", str(path), "30")
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        store = MemoryStore(path, lock_timeout=0.3)
        with pytest.raises(StoreLocked) as info:
            store.upsert(numbered_doc("a", 1))
        message = str(info.value)
        assert str(path) in message and f"pid {holder.pid}" in message
        assert "POST" in message and "stop" in message
        assert store.stats().documents == 1  # reading still works
    finally:
        holder.kill()
        holder.communicate(timeout=10)
    store.upsert(numbered_doc("a", 1))  # the lock died with its holder
    assert store.stats().documents == 2


def test_unusable_path_gives_a_store_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / "plain-file").write_text("x")
    path = tmp_path / "plain-file" / "graph.json"
    with pytest.raises(StoreError, match="plain-file"):
        MemoryStore(path)


def test_failed_write_reports_and_keeps_the_last_saved_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "graph.sqlite"
    store = MemoryStore(path)
    store.upsert(numbered_doc("a", 0))
    before = store.export_json()

    def disk_full(*args: object) -> int:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(rows, "write_document", disk_full)
    with pytest.raises(StoreError, match="disk is full"):
        store.upsert(numbered_doc("a", 1))
    monkeypatch.undo()
    assert store.export_json() == before  # the unsaved document is not served either
    assert MemoryStore(path).export_json() == before
    store.upsert(numbered_doc("a", 1))
    assert MemoryStore(path).stats().documents == 2


def test_reads_do_not_wait_for_a_writer_waiting_for_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "graph.sqlite"
    store = MemoryStore(path, lock_timeout=60)
    store.upsert(numbered_doc("a", 0))
    holder = child("hold", str(path), "30")
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        writer = threading.Thread(target=store.upsert, args=(numbered_doc("a", 1),))
        writer.start()
        time.sleep(0.3)
        assert writer.is_alive()  # waiting for the other process's lock
        assert store.answers_now()
        assert store.stats().documents == 1
    finally:
        holder.kill()
        holder.communicate(timeout=10)
    writer.join(timeout=30)
    assert store.stats().documents == 2


def test_answers_now_is_false_while_a_write_changes_the_graph(tmp_path: Path) -> None:
    store = MemoryStore(tmp_path / "graph.sqlite")
    assert store.answers_now()
    busy, release = threading.Event(), threading.Event()

    def change(mg: object, conn: object) -> None:
        busy.set()
        release.wait(10)

    writer = threading.Thread(target=store._write, args=(change,))
    writer.start()
    assert busy.wait(10)
    assert not store.answers_now()
    release.set()
    writer.join(timeout=10)
    assert store.answers_now()


# --- schema upgrade ----------------------------------------------------------------

# A version 2 database as `geokg ingest` wrote it before time and provenance (`.dump`).
V2_DUMP = Path(__file__).with_name("store-v2.sql")


def _v2_database(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.executescript(V2_DUMP.read_text(encoding="utf-8"))
    conn.close()


def _schema(path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as conn:
        found = conn.execute(
            "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
        ).fetchall()
        columns = conn.execute("SELECT name, type FROM pragma_table_info('relations')").fetchall()
    conn.close()
    return [*found, *columns]


def test_version_2_database_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "graph.sqlite"
    _v2_database(path)
    store = MemoryStore(path)
    fresh = tmp_path / "fresh.sqlite"
    MemoryStore(fresh).close()
    assert _schema(path) == _schema(fresh)
    by_source = {r.source: r for r in store.relations()}
    assert by_source["country:KAZ"].sources == {"bbc.co.uk": 1, "example.com": 1}
    assert by_source["country:RUS"].sources == {"unknown": 1}
    assert by_source["country:KAZ"].first_seen == "2021-01-01" and not store.relations(
        contested=True
    )
    assert sorted(str(d.publisher) for d in store.documents()) == [
        "None",
        "bbc.co.uk",
        "example.com",
    ]
    assert store.changes().changes == []  # the feed starts at the upgrade
    store.upsert(
        doc(fact(KAZ, R.MEMBER_OF, CSTO, "Kazakhstan left.", ends=True), published="2024-01-01")
    )
    assert [c.kind for c in store.changes().changes] == ["evidence_added", "relation_ended"]
    assert MemoryStore(path).export_json() == store.export_json()


def test_a_failed_upgrade_leaves_version_2_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "graph.sqlite"
    _v2_database(path)
    before = _schema(path)

    def broken(conn: sqlite3.Connection) -> dict[str, str | None]:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(db, "_fill_publishers", broken)
    with pytest.raises(StoreError, match="upgrade"):
        MemoryStore(path)
    assert _schema(path) == before
    monkeypatch.undo()
    assert MemoryStore(path).stats().documents == 3


# --- the change feed in the database ------------------------------------------------------


def test_a_batch_writes_its_changes_when_it_commits(tmp_path: Path) -> None:
    path = tmp_path / "graph.sqlite"
    store, other = MemoryStore(path), MemoryStore(path)
    with store.batch():
        store.upsert(numbered_doc("b", 0))
        store.upsert(numbered_doc("b", 1))
        assert other.changes().changes == []
    feed = other.changes().changes
    assert [c.kind for c in feed] == [
        "entity_created",
        "entity_created",
        "relation_created",
        "entity_created",
        "relation_created",
    ]
    assert len({c.at for c in feed}) == 2  # one time per write


def test_replacing_a_document_records_the_removal_then_the_new_version(tmp_path: Path) -> None:
    store = MemoryStore(tmp_path / "graph.sqlite")
    first = store.upsert(
        doc(fact(KAZ, R.MEMBER_OF, CSTO, "Kazakhstan is in the CSTO."), url="u://1")
    )
    mark = store.changes().cursor
    second = store.upsert(
        doc(fact(KAZ, R.MEMBER_OF, CSTO, "Kazakhstan joined the CSTO."), url="u://1")
    )
    assert [(c.kind, c.doc_id) for c in store.changes(cursor=mark).changes] == [
        ("relation_removed", first.doc_id),
        ("entity_removed", first.doc_id),
        ("entity_removed", first.doc_id),
        ("entity_created", second.doc_id),
        ("entity_created", second.doc_id),
        ("relation_created", second.doc_id),
    ]


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"cursor": "x"}, "cursor"),
        ({"cursor": "-1"}, "cursor"),
        ({"since": "last week"}, "since"),
        ({"since": "2024-13-01"}, "since"),
    ],
)
def test_bad_feed_arguments_are_clear_errors(
    tmp_path: Path, kwargs: dict[str, str], named: str
) -> None:
    store = MemoryStore(tmp_path / "graph.sqlite")
    with pytest.raises(ValueError, match=named):
        store.changes(since=kwargs.get("since"), cursor=kwargs.get("cursor"))


def test_feed_since_takes_dates_and_any_offset(tmp_path: Path) -> None:
    store = MemoryStore(tmp_path / "graph.sqlite")
    store.upsert(numbered_doc("s", 0))
    (first, *_) = store.changes().changes
    assert len(store.changes(since="2000-01-01").changes) == 3
    assert store.changes(since="2999-01-01").changes == []
    at = dt.datetime.fromisoformat(first.at)
    in_paris = at.astimezone(dt.timezone(dt.timedelta(hours=1))).isoformat()
    assert len(store.changes(since=in_paris).changes) == 3
    later = (at + dt.timedelta(microseconds=1)).isoformat().replace("+00:00", "Z")
    assert store.changes(since=later).changes == []
    page = store.changes(limit=2)
    assert page.more and page.cursor == str(page.changes[-1].seq)
    rest = store.changes(cursor=page.cursor)
    assert not rest.more and len(rest.changes) == 1
    assert store.changes(cursor=rest.cursor) == ChangePage(cursor=rest.cursor)


def test_feed_times_never_fall_behind_when_the_clock_steps_back(tmp_path: Path) -> None:
    path = tmp_path / "graph.sqlite"
    store = MemoryStore(path)
    store.upsert(numbered_doc("t", 0))
    ahead = "2999-01-01T00:00:00.000000+00:00"  # as if the clock had since stepped back
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE feed SET at = ?", (ahead,))
    conn.close()
    store.upsert(numbered_doc("t", 1))
    feed = store.changes().changes
    assert len(feed) == 5 and {c.at for c in feed} == {ahead}
    assert [c.seq for c in store.changes(since="2998-12-31").changes] == [c.seq for c in feed]
