"""`geokg ingest|stats|delete|export|migrate` over the embedded store, with the real extractor."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from typer.testing import CliRunner, Result

from api.cli import app
from graph.store.base import StoreConfig
from graph.store.memory import MemoryStore, legacy
from tests.conftest import REPO, SEEDS


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"GEOKG_STORE": "memory", "GEOKG_MEMORY_PATH": str(tmp_path / "data" / "graph.sqlite")}


def run(env: dict[str, str], *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(app, list(args), env=env, input=stdin)


def stats(env: dict[str, str]) -> dict[str, Any]:
    result = run(env, "stats", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_ingest_seeds_then_again_changes_nothing(env: dict[str, str], tmp_path: Path) -> None:
    bad = tmp_path / "extra.jsonl"
    bad.write_text(
        json.dumps({"text": "Russia borders China."}) + "\n" + json.dumps({"t": 1}) + "\n"
    )
    first = run(env, "ingest", str(SEEDS), str(bad), "--format", "json")
    assert first.exit_code == 1
    summary = json.loads(first.stdout)
    assert (summary["created"], summary["failed"]) == (3, 1)
    assert f"{bad}:2: missing `text`" in first.stderr
    assert "created 3, updated 0, unchanged 0, failed 1" in first.stderr
    counts = stats(env)
    assert counts["documents"] == 3
    assert counts["entities"]["Country"] >= 5
    assert counts["evidence"] > 0
    again = run(env, "ingest", str(SEEDS))
    assert again.exit_code == 0, again.output
    assert "created 0, updated 0, unchanged 2, failed 0" in again.stderr
    assert stats(env) == counts
    table = run(env, "stats")
    assert "documents" in table.stdout and "entities: Country" in table.stdout


def test_stdin_delete_and_export(env: dict[str, str], tmp_path: Path) -> None:
    text = "Kazakhstan is a member of the Collective Security Treaty Organization (CSTO)."
    added = run(env, "ingest", "-", "--format", "json", stdin=text)
    assert added.exit_code == 0, added.output
    doc_id = json.loads(added.stdout)["documents"][0]["doc_id"]
    graphml = run(env, "export", "--format", "graphml")
    assert graphml.exit_code == 0
    graph = nx.parse_graphml(graphml.stdout)
    assert {"country:KAZ", "org:csto"} <= set(graph.nodes)
    out = tmp_path / "graph.export.json"
    exported = run(env, "export", "-f", "json", "-o", str(out))
    assert exported.exit_code == 0
    data = json.loads(out.read_text())
    assert [d["id"] for d in data["documents"]] == [doc_id]
    assert run(env, "delete", doc_id).exit_code == 0
    assert stats(env)["documents"] == 0
    missing = run(env, "delete", doc_id)
    assert missing.exit_code == 1 and "no document" in missing.stderr


def test_locked_and_corrupt_store_give_one_clear_line(env: dict[str, str]) -> None:
    path = Path(env["GEOKG_MEMORY_PATH"])
    assert run(env, "ingest", "-", stdin="Russia borders China.").exit_code == 0
    holder = subprocess.Popen(
        [sys.executable, "-m", "tests.store.memproc", "hold", str(path), "30"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        locked = run({**env, "GEOKG_LOCK_TIMEOUT": "0.2"}, "ingest", "-", stdin="China is large.")
    finally:
        holder.kill()
        holder.communicate(timeout=10)
    assert locked.exit_code == 1
    assert f"pid {holder.pid}" in locked.stderr and "POST /documents" in locked.stderr
    assert "Traceback" not in locked.output
    path.write_bytes(b"\x00garbage")
    corrupt = run(env, "stats")
    assert corrupt.exit_code == 1
    assert str(path) in corrupt.stderr.replace("\n", "") and "Traceback" not in corrupt.output
    assert path.read_bytes() == b"\x00garbage"


def test_migrate_imports_a_json_store_and_keeps_it(env: dict[str, str], tmp_path: Path) -> None:
    assert run(env, "ingest", "-", stdin="Kazakhstan is a member of the CSTO.").exit_code == 0
    store = MemoryStore(env["GEOKG_MEMORY_PATH"])
    old = tmp_path / "old" / "graph.json"
    old.parent.mkdir()
    with store._lock:
        old.write_text(json.dumps(legacy.dump(store._mg, 1)))
    target = tmp_path / "new.sqlite"
    migrated = run(env, "migrate", str(old), "--to", str(target))
    assert migrated.exit_code == 0, migrated.output
    assert "imported 1 documents" in migrated.stderr
    assert MemoryStore(target).export_json() == store.export_json()
    assert old.exists()
    again = run(env, "migrate", str(old), "--to", str(target))
    assert again.exit_code == 1 and "exists already" in again.stderr
    missing = run(env, "migrate", str(tmp_path / "nothing.json"), "--to", str(tmp_path / "x"))
    assert missing.exit_code == 1 and "no such file" in missing.stderr


def test_ingest_and_stats_over_bolt(bolt_config: StoreConfig) -> None:
    env = {
        "GEOKG_STORE": "neo4j",
        "GEOKG_NEO4J_URI": bolt_config.neo4j_uri,
        "GEOKG_NEO4J_USER": bolt_config.neo4j_user,
        "GEOKG_NEO4J_PASSWORD": bolt_config.neo4j_password,
        "GEOKG_NEO4J_DATABASE": bolt_config.neo4j_database or "",
    }
    first = run(env, "ingest", str(SEEDS))
    assert first.exit_code == 0, first.output
    assert "created 2, updated 0, unchanged 0, failed 0" in first.stderr
    counts = stats(env)
    assert counts["documents"] == 2 and counts["evidence"] > 0
    again = run(env, "ingest", str(SEEDS))
    assert "unchanged 2" in again.stderr and stats(env) == counts
    bad = run({**env, "GEOKG_NEO4J_PASSWORD": "wrong-password"}, "stats")
    assert bad.exit_code == 1 and "Traceback" not in bad.output
    assert bolt_config.neo4j_uri in bad.stderr.replace("\n", "")
