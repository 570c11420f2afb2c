"""`geokg extract` end to end: JSON contract, bad bytes, stdin."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def _run(args: list[str], stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    code = "from api.cli import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, "extract", *args],
        input=stdin,
        capture_output=True,
        timeout=120,
    )


def test_json_contract_bad_file_and_order(tmp_path: Path, seeds_dir: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe not utf-8")
    good = tmp_path / "good.txt"
    text = "# source: https://example.org/a\nKazakhstan, a key member of the CSTO, borders Russia."
    good.write_text(text, encoding="utf-8")
    seed = sorted(seeds_dir.glob("*.txt"))[0]
    proc = _run([str(seed), str(bad), str(good)])
    assert proc.returncode == 1
    assert "bad.txt" in proc.stderr.decode() and "UTF-8" in proc.stderr.decode()
    out = json.loads(proc.stdout)
    docs = out["documents"]
    assert [d["source"] for d in docs] == [str(seed), str(good)]
    assert set(docs[1]) == {"id", "source", "entities", "relations"}
    for e in docs[1]["entities"]:
        assert set(e) == {"id", "type", "name", "aliases", "mentions"}
        for m in e["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]
    rel = next(r for r in docs[1]["relations"] if r["type"] == "MEMBER_OF")
    assert (rel["source"], rel["target"]) == ("country:KAZ", "org:csto")
    ev = rel["evidence"][0]
    assert text[ev["start"] : ev["end"]] == ev["text"] and ev["rule"]


def test_stdin_and_table() -> None:
    proc = _run(["--format", "table"], stdin=b"Russia borders Mongolia.")
    assert proc.returncode == 0, proc.stderr
    assert "BORDERS" in proc.stdout.decode() and "Mongolia" in proc.stdout.decode()
