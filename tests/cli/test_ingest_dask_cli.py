"""`geokg ingest --workers/--cluster`: the mistakes a user can make get one clear line."""

from __future__ import annotations

from pathlib import Path

import dask
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
