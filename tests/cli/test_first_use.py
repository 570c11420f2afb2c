"""A new user's mistakes (issue 12): bad settings, the store's location, empty inputs,
a locked store, narrow terminals, `--version` and `geokg documents`."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from api import __version__
from api.cli import app
from api.settings import Settings
from graph.store.base import StoreConfig
from tests.conftest import REPO, SEEDS


def run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(app, list(args), env=env)


@pytest.mark.parametrize(
    ("variable", "value", "allowed"),
    [
        ("GEOKG_STORE", "mongo", "'memory' or 'neo4j'"),
        ("GEOKG_PORT", "abc", "integer"),
        ("GEOKG_PORT", "70000", "65535"),
        ("GEOKG_BATCH_SIZE", "0", "greater than or equal to 1"),
    ],
)
@pytest.mark.parametrize("command", [["stats"], ["serve"], ["documents"], ["query", "search", "x"]])
def test_a_bad_setting_is_one_line_and_exit_2(
    tmp_path: Path, variable: str, value: str, allowed: str, command: list[str]
) -> None:
    result = run({"GEOKG_HOME": str(tmp_path), variable: value}, *command)
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert f"{variable}='{value}'" in result.stderr and allowed in result.stderr


def test_setting_errors_never_show_a_traceback_in_a_real_process(tmp_path: Path) -> None:
    env = {**os.environ, "GEOKG_HOME": str(tmp_path), "GEOKG_PORT": "abc"}
    geokg = Path(sys.executable).parent / "geokg"
    done = subprocess.run(
        [str(geokg), "serve"], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "error: GEOKG_PORT='abc' is not valid: expected a valid integer, "
        "unable to parse string as an integer"
    ]


def test_enum_settings_ignore_case(tmp_path: Path) -> None:
    result = run({"GEOKG_HOME": str(tmp_path), "GEOKG_STORE": "Memory"}, "stats")
    assert result.exit_code == 0, result.output


def test_the_store_is_in_one_absolute_place_and_said(tmp_path: Path) -> None:
    data = tmp_path / "xdg"  # platformdirs' user data directory follows XDG_DATA_HOME
    old = os.environ.copy()
    try:
        for variable in ("GEOKG_HOME", "GEOKG_MEMORY_PATH"):
            os.environ.pop(variable, None)
        os.environ["XDG_DATA_HOME"] = str(data)
        expected = data / "geokg" / "graph.sqlite"
        assert Settings().store_path == expected and expected.is_absolute()
        os.chdir(tmp_path)  # another directory: the same store
        ingested = run({}, "ingest", str(SEEDS))
        assert ingested.exit_code == 0, ingested.output
        assert f"store: memory store at {expected}" in ingested.stderr
        os.chdir(REPO)
        stats = run({}, "stats", "--format", "json")
        assert f"store: memory store at {expected}" in stats.stderr
        assert json.loads(stats.stdout)["documents"] == 2
    finally:
        os.chdir(REPO)
        os.environ.clear()
        os.environ.update(old)


def test_a_relative_store_path_is_made_absolute(tmp_path: Path) -> None:
    os.chdir(tmp_path)
    try:
        assert Settings(memory_path="here/g.sqlite").store_path == tmp_path / "here/g.sqlite"
    finally:
        os.chdir(REPO)


def test_an_old_json_store_path_says_the_database_beside_it(tmp_path: Path) -> None:
    settings = Settings(store="memory", memory_path=str(tmp_path / "graph.json"))
    assert settings.store_location() == f"memory store at {tmp_path / 'graph.sqlite'}"


def test_store_defaults_come_only_from_settings() -> None:
    assert all(
        f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        for f in dataclasses.fields(StoreConfig)
    )
    with pytest.raises(TypeError):
        StoreConfig()  # type: ignore[call-arg]


def test_nothing_to_ingest_is_said_and_fails(tmp_path: Path) -> None:
    env = {"GEOKG_HOME": str(tmp_path / "home")}
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.md").write_text("not ingested")
    result = run(env, "ingest", str(tmp_path / "empty"))
    assert result.exit_code == 1
    assert "no .txt, .jsonl or .jsonl.gz files in this directory" in result.stderr
    assert "error: nothing to ingest" in result.stderr


def test_a_locked_store_stops_with_a_summary_that_agrees(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {"GEOKG_HOME": str(home), "GEOKG_LOCK_TIMEOUT": "0.2"}
    # Another process holds the store's write lock (as a running `geokg ingest` would).
    holder = subprocess.Popen(
        [sys.executable, "-m", "tests.store.memproc", "hold", str(home / "graph.sqlite"), "30"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        result = run(env, "ingest", str(SEEDS), "--format", "json")
    finally:
        holder.kill()
        holder.communicate(timeout=10)
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    assert summary["not_ingested"] == 2 and summary["stopped"]
    assert "not ingested 2 (stopped)" in result.stderr and "error:" in result.stderr
    error = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(error) == 1 and f"pid {holder.pid}" in error[0]


def test_version() -> None:
    result = run({}, "--version")
    assert result.exit_code == 0 and result.stdout == f"geokg {__version__}\n"
    assert __version__ != "0+unknown"


def test_documents_lists_whole_ids_in_80_columns(tmp_path: Path) -> None:
    env = {"GEOKG_HOME": str(tmp_path), "COLUMNS": "80"}
    assert run(env, "ingest", str(SEEDS)).exit_code == 0
    listed = run(env, "documents")
    assert listed.exit_code == 0, listed.output
    ids = [d["id"] for d in json.loads(run(env, "documents", "-f", "json").stdout)]
    assert len(ids) == 2 and all(i in listed.stdout for i in ids)


def test_the_readme_namesakes_example_behaves_as_written(tmp_path: Path) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert '"Ivanov said ..." keeps `person:ivanov` apart' in readme
    env = {"GEOKG_HOME": str(tmp_path)}
    first = tmp_path / "first.jsonl"
    first.write_text(
        '{"text": "Russian Deputy Prime Minister Sergei Ivanov visited Kazakhstan."}\n'
        '{"text": "Russian banker Viktor Ivanov met Kazakh officials in Astana."}\n'
        '{"text": "Russian Defence Minister Andrei Belousov visited Kazakhstan."}\n'
    )
    assert run(env, "ingest", str(first)).exit_code == 0
    second = tmp_path / "second.jsonl"
    second.write_text(
        '{"text": "Ivanov said the talks with Kazakhstan went well."}\n'
        '{"text": "Defence Minister Andrey Belyousov met Kazakh officials."}\n'
    )
    result = run(env, "ingest", str(second), "--format", "json")
    ivanov, belousov = json.loads(result.stdout)["documents"]
    assert ivanov["ambiguous"] == ["person:ivanov"]
    assert belousov["ambiguous"] == []
    joined = {e["id"] for e in _entities(env, "Andrey Belyousov")}
    assert joined == {"person:andrei-belousov"}


def _entities(env: dict[str, str], name: str) -> list[dict[str, str]]:
    """Entities of the store whose aliases include `name`, from `geokg export`."""
    exported = json.loads(run(env, "export", "--format", "json").stdout)
    return [n for n in exported["nodes"] if name in n.get("aliases", [])]


def test_serve_says_where_the_store_is_and_limits_connections(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    from api.server import MAX_HEADER_BYTES, GuardedH11Protocol

    started: list[uvicorn.Config] = []
    monkeypatch.setattr(uvicorn.Server, "run", lambda server, **_: started.append(server.config))
    env = {"GEOKG_HOME": str(tmp_path), "GEOKG_KEEP_ALIVE_TIMEOUT": "3", "GEOKG_PORT": "8123"}
    result = run(env, "serve")
    assert result.exit_code == 0, result.output
    assert f"store: memory store at {tmp_path / 'graph.sqlite'}" in result.stderr
    (config,) = started
    assert isinstance(config.http, type) and issubclass(config.http, GuardedH11Protocol)
    assert config.timeout_keep_alive == 3 and config.port == 8123
    assert config.limit_concurrency == 1000
    assert config.h11_max_incomplete_event_size == MAX_HEADER_BYTES
