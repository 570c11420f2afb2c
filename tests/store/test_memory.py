"""Memory store specifics: the file (round trip, corruption, kills) and two processes."""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.errors import StoreCorrupt, StoreError, StoreLocked
from graph.model import RelationType
from graph.store import open_store, write_batch
from graph.store.memory import MemoryStore
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


def test_round_trip_through_the_file(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "graph.json"
    store = open_store(memory_config(path))
    store.upsert(doc(fact(KAZ, R.MEMBER_OF, CSTO, "Kazakhstan is in the CSTO."), url="u://1"))
    store.upsert(
        doc(fact(KAZ, R.MEMBER_OF, CSTO, "Kazakh troops serve the CSTO.", date="2022-01-06"))
    )
    reopened = MemoryStore(path)
    assert reopened.export_json() == store.export_json()
    assert reopened.stats() == store.stats()
    assert reopened.search_entities("kazakstan")[0].id == KAZ.id
    assert [d.id for d in reopened.documents()] == [d.id for d in store.documents()]
    # the url index survives: same url, new text replaces
    res = reopened.upsert(doc(fact(KAZ, R.MEMBER_OF, CSTO, "Kazakhstan left?"), url="u://1"))
    assert res.status == "updated" and len(res.replaced) == 1


def test_batch_saves_once(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    store = MemoryStore(path)
    with write_batch(store):
        for i in range(5):
            store.upsert(numbered_doc("b", i))
        assert not path.exists()
    assert json.loads(path.read_text())["generation"] == 1
    results = store.upsert_many([numbered_doc("b", i) for i in range(3, 8)])
    assert [r.status for r in results] == ["unchanged"] * 2 + ["created"] * 3
    assert json.loads(path.read_text())["generation"] == 2


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"",
        b"\xff\xfe\x00garbage",
        b'{"format": "something else"}',
        b"[1, 2]",
        b'{"format": "geokg-memory-store", "version": 1, "entities": [{"id": "x"}]}',
    ],
)
def test_corrupt_file_is_reported_and_left_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "graph.json"
    path.write_bytes(content)
    with pytest.raises(StoreCorrupt, match=str(path)):
        MemoryStore(path)
    assert path.read_bytes() == content


def test_file_corrupted_under_a_running_store_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    store = MemoryStore(path)
    store.upsert(numbered_doc("a", 1))
    path.write_bytes(b"{broken")
    with pytest.raises(StoreCorrupt, match="untouched"):
        store.upsert(numbered_doc("a", 2))
    assert path.read_bytes() == b"{broken"


def test_reads_see_writes_of_another_process(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    reader = MemoryStore(path)
    assert reader.stats().documents == 0
    finish(child("ingest", str(path), "w", "3"))
    assert reader.stats().documents == 3


def test_two_processes_writing_one_file_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
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


def test_kill_during_save_leaves_a_loadable_file(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    big = MemoryStore(path)
    with big.batch():  # a larger file makes each save take a while
        for i in range(400):
            big.upsert(numbered_doc(f"big {'x' * 200}", i))
    rng = random.Random(7)
    for _ in range(4):
        before = MemoryStore(path).stats().documents
        proc = child("saveloop", str(path))
        assert proc.stdout is not None and proc.stdout.readline().strip() == "saving"
        time.sleep(rng.uniform(0.0, 0.4))
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=10)
        after = MemoryStore(path).stats().documents  # loads, or raises StoreCorrupt
        assert after >= before
    store = MemoryStore(path)
    store.upsert(numbered_doc("after", 0))
    assert not list(tmp_path.glob(".graph.json.*.tmp"))


def test_second_writer_gets_store_locked_naming_the_holder(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
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


def test_failed_save_reports_and_keeps_the_last_saved_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "graph.json"
    store = MemoryStore(path)
    store.upsert(numbered_doc("a", 0))
    saved = path.read_bytes()

    def disk_full(target: Path, payload: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("graph.store.persist.write_atomic", disk_full)
    with pytest.raises(StoreError, match="No space left"):
        store.upsert(numbered_doc("a", 1))
    monkeypatch.undo()
    assert path.read_bytes() == saved
    assert store.stats().documents == 1  # the unsaved document is not served either
    store.upsert(numbered_doc("a", 1))
    assert MemoryStore(path).stats().documents == 2
