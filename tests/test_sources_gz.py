"""Gzipped JSONL input: streamed line by line, problems named `file:line`."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from api.cli.ingest_dask import count_documents, measure_input
from graph.sources import Failure, SourceDocument, read_sources


def _lines(n: int) -> bytes:
    return b"".join(
        json.dumps({"text": f"Russia borders China, note {i}.", "title": f"t{i}"}).encode() + b"\n"
        for i in range(n)
    )


def test_gzipped_jsonl_in_a_directory_is_read_like_jsonl(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "feed.jsonl.gz").write_bytes(gzip.compress(_lines(3) + b"{oops\n"))
    (tmp_path / "plain.jsonl").write_bytes(_lines(2))
    items = list(read_sources([str(tmp_path)]))
    docs = [i for i in items if isinstance(i, SourceDocument)]
    fails = [i for i in items if isinstance(i, Failure)]
    assert [d.origin for d in docs] == [
        f"{tmp_path}/plain.jsonl:1",
        f"{tmp_path}/plain.jsonl:2",
        *(f"{tmp_path}/sub/feed.jsonl.gz:{n}" for n in (1, 2, 3)),
    ]
    assert docs[2].document.title == "t0"
    assert [str(f).split(" (")[0] for f in fails] == [
        f"{tmp_path}/sub/feed.jsonl.gz:4: invalid JSON"
    ]
    assert count_documents([str(tmp_path)]) == 6


def test_a_truncated_gzip_keeps_what_was_read_and_names_where_it_broke(tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl.gz"
    whole = gzip.compress(_lines(2000))
    path.write_bytes(whole[: len(whole) // 2])
    items = list(read_sources([str(path)]))
    *docs, last = items
    assert docs and all(isinstance(d, SourceDocument) for d in docs)
    assert isinstance(last, Failure)
    assert last.origin == f"{path}:{len(docs) + 1}" and "cannot read" in last.message
    assert count_documents([str(path)]) is None  # no ETA, the job names the file itself


def test_input_is_measured_in_the_bytes_its_documents_report(tmp_path: Path) -> None:
    (tmp_path / "feed.jsonl.gz").write_bytes(gzip.compress(_lines(40)))
    (tmp_path / "plain.jsonl").write_bytes(_lines(5))
    (tmp_path / "one.txt").write_text("Armenia borders Georgia.\n", encoding="utf-8")
    measured = measure_input([str(tmp_path)])
    assert measured is not None
    docs, size = measured
    read = [d for d in read_sources([str(tmp_path)]) if isinstance(d, SourceDocument)]
    assert docs == len(read) == 46
    # The ETA compares the two: each document reports the bytes it was read from
    # (a JSONL line without its newline).
    assert size - docs <= sum(d.size for d in read) <= size
