"""`geokg ingest --workers/--cluster`: the mistakes a user can make get one clear line, and
Ctrl-C (with and without workers) keeps what was stored."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import dask
import pytest
from typer.testing import CliRunner

from api.cli import app
from tests.conftest import SEEDS
from tests.fixtures.arcadedb import free_port


def test_workers_and_cluster_together_are_refused(tmp_path: Path) -> None:
    env = {"GEOKG_MEMORY_PATH": str(tmp_path / "graph.sqlite")}
    args = ["ingest", str(SEEDS), "--workers", "2", "--cluster", "tcp://127.0.0.1:1"]
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 2
    assert "not both" in result.stderr and not (tmp_path / "graph.sqlite").exists()


def test_an_absent_scheduler_is_one_line_and_stores_nothing(tmp_path: Path) -> None:
    env = {"GEOKG_MEMORY_PATH": str(tmp_path / "graph.sqlite")}
    address = f"tcp://127.0.0.1:{free_port()}"
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        result = CliRunner().invoke(app, ["ingest", str(SEEDS), "--cluster", address], env=env)
    assert result.exit_code == 1
    assert f"cannot use the Dask scheduler at {address}" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "graph.sqlite").exists()


def _stored(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.OperationalError:  # the schema is not there yet
        return 0


@pytest.mark.parametrize(
    ("options", "resumed"),
    [
        (["--workers", "2", "--save-every", "0"], "skipped {n} (already stored)"),
        ([], "unchanged {n},"),
    ],
    ids=["workers", "one-process"],
)
def test_ctrl_c_keeps_what_was_stored_and_a_rerun_resumes(
    tmp_path: Path, options: list[str], resumed: str
) -> None:
    texts = [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    feed = tmp_path / "feed.jsonl"
    lines = [json.dumps({"text": f"{texts[i % len(texts)]}\n\nUpdate {i}."}) for i in range(40)]
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "graph.sqlite"
    env = {**os.environ, "GEOKG_MEMORY_PATH": str(db), "GEOKG_STORE": "memory"}
    geokg = str(Path(sys.executable).with_name("geokg"))
    command = [geokg, "ingest", str(feed), "--chunk-size", "2", *options]
    # Its own process group with Ctrl-C handled as a terminal would: the whole group
    # (client and any worker processes) gets SIGINT, as when a user presses Ctrl-C.
    job = subprocess.Popen(
        command,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 240
    while _stored(db) == 0 and job.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    os.killpg(job.pid, signal.SIGINT)
    _, stderr = job.communicate(timeout=120)
    before = _stored(db)
    assert job.returncode == 130, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert 0 < before < 40
    rerun = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert resumed.format(n=before) in rerun.stderr
    assert _stored(db) == 40
