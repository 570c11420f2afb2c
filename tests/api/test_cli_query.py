"""`geokg query search|neighbors|relations|path|subgraph|changes` against a real server,
table and JSON output."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from api.app import create_app
from api.cli import app
from api.cli import app as app_cli
from api.settings import Settings
from graph.extract import Extractor
from graph.model import RelationType
from tests.api.conftest import store_of
from tests.api.live import LiveServer
from tests.api.sample import IDS
from tests.store.factories import COUNTRY, PERSON, doc, ent, fact

runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["query", *args], env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def test_search_json_and_table(live_url: str) -> None:
    code, out, _ = _run("search", "kazakstan", "--url", live_url, "--format", "json")
    assert code == 0
    assert json.loads(out)["items"][0]["id"] == IDS["kaz"]
    code, out, _ = _run("search", "putin", "--type", "Person", "--url", live_url)
    assert code == 0 and "Vladimir Putin" in out and IDS["putin"] in out


def test_neighbors(live_url: str) -> None:
    code, out, _ = _run("neighbors", IDS["csto"], "--url", live_url, "-f", "json")
    assert code == 0
    assert {n["id"] for n in json.loads(out)["nodes"]} == {IDS["csto"], IDS["kaz"], IDS["rus"]}
    code, out, _ = _run("neighbors", IDS["rus"], "--relation", "OPERATES", "--url", live_url)
    assert code == 0 and "OPERATES" in out and "201st Military Base" in out


def test_path(live_url: str) -> None:
    code, out, _ = _run("path", IDS["tjk"], IDS["csto"], "--url", live_url)
    assert code == 0
    assert "<-[LOCATED_IN]-" in out and "-[MEMBER_OF]->" in out
    code, _, err = _run("path", IDS["tjk"], IDS["csto"], "--max-hops", "2", "--url", live_url)
    assert code == 1 and "no path" in err


def test_errors_are_one_line_on_stderr(live_url: str) -> None:
    code, out, err = _run("neighbors", "country:XXX", "--url", live_url)
    assert code == 1 and out == ""
    assert err == "error: no entity has the id or name 'country:XXX'\n"
    code, out, err = _run("search", "x", "--url", "http://127.0.0.1:9")
    assert code == 1 and err.startswith("error: cannot reach") and "Traceback" not in err
    code, _, err = _run("neighbors", IDS["kaz"], "--depth", "9", "--url", live_url)
    assert code == 1 and "422" in err and "depth" in err


def test_names_are_accepted_where_ids_are(live_url: str) -> None:
    code, out, _ = _run("neighbors", "kazakhstan", "--url", live_url, "-f", "json")
    assert code == 0 and IDS["kaz"] in {n["id"] for n in json.loads(out)["nodes"]}
    code, out, _ = _run("path", "Tajikistan", "CSTO", "--url", live_url)
    assert code == 0 and "-[MEMBER_OF]->" in out
    code, _, err = _run("neighbors", "stan", "--url", live_url)
    assert code == 2 and "did you mean" in err and IDS["kaz"] in err and IDS["tjk"] in err


def test_ids_are_never_cut_in_narrow_tables(live_url: str) -> None:
    result = runner.invoke(app, ["query", "search", "a", "--url", live_url], env={"COLUMNS": "60"})
    assert result.exit_code == 0
    for key in ("kaz", "csto", "base"):
        assert IDS[key] in result.stdout


def test_a_name_of_several_entities_lists_them(
    tmp_path_factory: pytest.TempPathFactory, extractor: Extractor
) -> None:
    sergei = ent(PERSON, "Sergei Ivanov", "Ivanov")
    viktor = ent(PERSON, "Viktor Ivanov", "Ivanov")
    rus = ent(COUNTRY, "Russia", key="RUS")
    namesakes = doc(
        fact(sergei, RelationType.LEADER_OF, rus, "Sergei Ivanov leads Russia."),
        fact(viktor, RelationType.VISITED, rus, "Viktor Ivanov visited Russia."),
    )
    path = tmp_path_factory.mktemp("namesakes") / "graph.sqlite"
    app = create_app(Settings(store="memory", memory_path=str(path)), extractor=extractor)
    with LiveServer(app) as server:
        store_of(app).upsert(namesakes)
        code, _, err = _run("neighbors", "ivanov", "--url", server.url)
        assert code == 2 and "'ivanov' names several entities" in err
        assert sergei.id in err and viktor.id in err
        code, out, _ = _run("neighbors", "Viktor Ivanov", "--url", server.url, "-f", "json")
        assert code == 0 and viktor.id in out


def test_as_of_and_sources_options(live_url: str) -> None:
    code, out, _ = _run(
        "neighbors", "Kazakhstan", "--as-of", "2024-05-15", "--url", live_url, "-f", "json"
    )
    assert code == 0 and {n["id"] for n in json.loads(out)["nodes"]} == {IDS["kaz"], IDS["csto"]}
    code, out, _ = _run("relations", "--as-of", "2024-05-15", "--url", live_url, "-f", "json")
    assert code == 0
    assert {r["type"] for r in json.loads(out)["items"]} == {"MEMBER_OF", "OPERATES", "LOCATED_IN"}
    code, out, _ = _run(
        "relations", "--source", "Kazakhstan", "--type", "MEMBER_OF", "--url", live_url
    )
    assert code == 0 and "example.org (1)" in out and "2024-05-02" in out
    code, out, _ = _run("relations", "--min-sources", "2", "--url", live_url, "-f", "json")
    assert code == 0 and json.loads(out)["items"] == []
    code, out, _ = _run("path", "Tajikistan", "CSTO", "--as-of", "2024-01-01", "--url", live_url)
    assert code == 1
    code, out, _ = _run("subgraph", "Kazakhstan", "CSTO", "--depth", "0", "--url", live_url)
    assert code == 0 and "MEMBER_OF" in out
    code, _, err = _run("neighbors", "Kazakhstan", "--as-of", "2024-02-30", "--url", live_url)
    assert code == 2 and "YYYY-MM-DD" in err


def test_ended_relations_and_the_change_feed(
    tmp_path_factory: pytest.TempPathFactory, extractor: Extractor
) -> None:
    from tests.api.test_time import ARM, CSTO, FROZEN, JOINED

    path = tmp_path_factory.mktemp("ended") / "graph.sqlite"
    app = create_app(Settings(store="memory", memory_path=str(path)), extractor=extractor)
    with LiveServer(app) as server:
        store_of(app).upsert(JOINED)
        store_of(app).upsert(FROZEN)
        code, out, _ = _run("neighbors", "Armenia", "--url", server.url)
        assert code == 0 and "ended 2024-02-23" in out
        code, out, _ = _run("relations", "--contested", "--url", server.url)
        assert code == 0 and "ended 2024-02-23" in out and ARM.id in out
        code, out, _ = _run("relations", "--uncontested", "--url", server.url, "-f", "json")
        assert code == 0 and json.loads(out)["items"] == []
        code, out, _ = _run("neighbors", "Armenia", "--as-of", "2025-01-01", "--url", server.url)
        assert code == 0 and "MEMBER_OF" not in out

        code, out, _ = _run("changes", "--entity", "Armenia", "--url", server.url)
        assert code == 0
        for shown in ("entity_created", "relation_ended", ARM.id, FROZEN.document.id):
            assert shown in out
        code, out, err = _run("changes", "--limit", "2", "--url", server.url, "-f", "json")
        page = json.loads(out)
        assert code == 0 and len(page["changes"]) == 2 and page["more"]
        assert f"--cursor {page['cursor']}" in err
        code, out, _ = _run(
            "changes", "--cursor", page["cursor"], "--url", server.url, "-f", "json"
        )
        rest = json.loads(out)["changes"]
        assert rest and rest[0]["seq"] > page["changes"][-1]["seq"]
        code, _, err = _run("changes", "--since", "last week", "--url", server.url)
        assert code == 2 and "ISO 8601" in err
        # `geokg changes` is the same command at the top level.
        result = runner.invoke(app_cli, ["changes", "--url", server.url, "-f", "json"])
        assert result.exit_code == 0 and CSTO.id in result.stdout


def test_following_prints_each_change_as_it_comes(capsys: pytest.CaptureFixture[str]) -> None:
    from api.cli.changes import _follow
    from api.cli.query import Output
    from graph.model import Change

    def feed() -> Iterator[Change]:
        yield Change(
            seq=7,
            at="2024-05-02T10:00:00+00:00",
            kind="entity_created",
            doc_id="doc:1",
            entity="country:ARM",
        )
        raise KeyboardInterrupt  # Ctrl-C ends the command quietly

    _follow(feed(), Output.JSON)
    (line,) = capsys.readouterr().out.splitlines()
    assert json.loads(line)["entity"] == "country:ARM"
    _follow(iter([]), Output.TABLE)
