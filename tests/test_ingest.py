"""graph.ingest: reading inputs, and documents -> real extractor -> store."""

from __future__ import annotations

import json
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from graph.extract import Extractor
from graph.ingest import (
    Failure,
    SourceDocument,
    ingest,
    ingest_extractions,
    parse_jsonl,
    parse_text,
    read_sources,
)
from graph.model import RelationType, document_id
from graph.store.memory import MemoryStore
from tests.store.factories import COUNTRY, ORG, doc, ent, fact

KAZ_TEXT = "Kazakhstan is a member of the Collective Security Treaty Organization (CSTO)."


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def docs(items: list[SourceDocument | Failure]) -> list[SourceDocument]:
    return [i for i in items if isinstance(i, SourceDocument)]


def failures(items: list[SourceDocument | Failure]) -> list[str]:
    return [str(i) for i in items if isinstance(i, Failure)]


def test_text_file_source_header_title_and_id() -> None:
    raw = b"# source: https://news.example/a\nA Headline\n\nBody sentence one. Two.\n"
    got = parse_text(raw, "a.txt")
    assert isinstance(got, SourceDocument)
    d = got.document
    assert d.url == "https://news.example/a" and d.title == "A Headline"
    assert d.text == "A Headline\n\nBody sentence one. Two.\n"
    assert d.id == document_id(d.text) and d.source == "a.txt"
    plain = parse_text(b"Kazakhstan is big.\n", "b.txt")
    assert isinstance(plain, SourceDocument)
    assert plain.document.title is None and plain.document.url is None


def test_text_file_failures_name_the_file() -> None:
    assert str(parse_text(b"ok \xff bad", "x.txt")).startswith("x.txt: not valid UTF-8 (byte 0xff")
    assert str(parse_text(b"  \n", "y.txt")) == "y.txt: empty document (no text)"


def test_jsonl_lines_and_their_failures() -> None:
    lines = [
        json.dumps({"text": KAZ_TEXT, "title": "T", "url": "u://1", "published": "2022-01-06"}),
        "",
        "{not json",
        json.dumps({"title": "no text"}),
        json.dumps(["a list"]),
        json.dumps({"text": "Russia.", "url": 5}),
        json.dumps({"text": "Russia.", "published": "last week"}),
    ]
    raw = "\n".join(lines).encode() + b"\n\xff{}\n"
    items = list(parse_jsonl(raw, "f.jsonl"))
    (good,) = docs(items)
    assert (good.origin, good.document.title, good.document.url) == ("f.jsonl:1", "T", "u://1")
    assert good.document.published == "2022-01-06"
    errors = failures(items)
    assert [e.split(":")[1] for e in errors] == ["3", "4", "5", "6", "7", "8"]
    assert "invalid JSON" in errors[0] and "missing `text`" in errors[1]
    assert "`url` must be a string" in errors[3] and "ISO 8601" in errors[4]
    assert "not valid UTF-8" in errors[5]


def test_read_sources_walks_directories_and_stdin(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("Russia borders Kazakhstan.")
    (tmp_path / "sub" / "b.jsonl").write_text(json.dumps({"text": "China."}) + "\n")
    (tmp_path / "notes.md").write_text("ignored")
    items = list(read_sources([str(tmp_path), str(tmp_path / "missing.txt")]))
    assert [d.origin for d in docs(items)] == [
        str(tmp_path / "a.txt"),
        f"{tmp_path / 'sub' / 'b.jsonl'}:1",
    ]
    assert failures(items) == [f"{tmp_path / 'missing.txt'}: no such file or directory"]
    text_in = list(read_sources(["-"], stdin=lambda: b"Russia is large."))
    assert [d.document.text for d in docs(text_in)] == ["Russia is large."]
    jsonl_in = list(read_sources([], stdin=lambda: b'{"text": "A."}\n{"text": "B."}\n'))
    assert [d.origin for d in docs(jsonl_in)] == ["<stdin>:1", "<stdin>:2"]


def test_ingest_extractions_in_chunks(tmp_path: Path) -> None:
    store = MemoryStore(tmp_path / "g.sqlite")
    transactions = []
    batch = store.batch

    def counted() -> AbstractContextManager[MemoryStore]:
        if store._depth == 0:
            transactions.append(1)
        return batch()

    store.batch = counted  # type: ignore[method-assign,assignment]
    kaz, csto = ent(COUNTRY, "Kazakhstan", key="KAZ"), ent(ORG, "CSTO", key="csto")
    exs = [
        doc(fact(kaz, RelationType.MEMBER_OF, csto, f"Kazakhstan is in the CSTO ({i})."))
        for i in range(7)
    ]
    report = ingest_extractions(store, exs + exs[:2], chunk_size=3)
    assert (report.created, report.unchanged, report.failures) == (7, 2, [])
    assert len(transactions) == 3  # one per chunk
    assert store.relations()[0].evidence_count == 7


def test_ingest_with_the_real_extractor(tmp_path: Path, extractor: Extractor) -> None:
    store = MemoryStore(tmp_path / "g.sqlite")
    raw = [
        {"text": KAZ_TEXT, "url": "u://kaz"},
        {
            "text": "Russian President Vladimir Putin visited Kazakhstan on Monday.",
            "url": "u://put",
        },
    ]
    jsonl = "\n".join(json.dumps(r) for r in raw).encode() + b"\n{bad\n"
    progress: list[int] = []
    report = ingest(store, parse_jsonl(jsonl, "in.jsonl"), extractor, progress=progress.append)
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    assert [str(f).split(":")[1] for f in report.failures] == ["3"]
    assert sum(progress) == 3
    entity_ids = {e.id for e in store.search_entities(None, limit=50)}
    assert {"country:KAZ", "org:csto"} <= entity_ids
    before = store.stats()
    again = ingest(store, parse_jsonl(jsonl, "in.jsonl"), extractor)
    assert again.unchanged == 2 and store.stats() == before
    new = json.dumps({"text": "Kazakhstan left the CSTO, officials said.", "url": "u://kaz"})
    replaced = ingest(store, parse_jsonl(new.encode(), "new.jsonl"), extractor)
    assert replaced.updated == 1
    assert store.stats().documents == 2


def test_surname_in_a_later_document_joins_the_stored_person(
    tmp_path: Path, extractor: Extractor
) -> None:
    # not a known official: the join happens in the store, not in the extractor
    store = MemoryStore(tmp_path / "g.sqlite")
    texts = [
        "Kazakh Defense Minister Ruslan Zhaksylykov inspected troops in Kazakhstan.",
        "Defense Minister Zhaksylikov later flew to Armenia.",
    ]
    sources = [parse_text(t.encode(), f"{i}.txt") for i, t in enumerate(texts)]
    report = ingest(store, sources, extractor)
    assert report.failures == [] and report.created == 2
    merged = report.results[1][1].merged
    assert list(merged.values()) == ["person:ruslan-zhaksylykov"]
    person = store.get_entity("person:ruslan-zhaksylykov")
    assert "Zhaksylikov" in person.aliases and person.doc_count == 2
    assert store.stats().entities["Person"] == 1
