"""Documents -> extraction -> store, idempotent; what `geokg ingest` runs.

    sources = read_sources(["articles/", "feed.jsonl"])      # SourceDocument | Failure
    report = ingest(store, sources, Extractor(model))
    report.created, report.updated, report.unchanged, report.failures

Inputs: `.txt` files (a first line `# source: URL` sets the url and is not part
of the text), `.jsonl` files (one object per line: `text`, optional `title`,
`url`, `published`), directories (recursively, `*.txt` and `*.jsonl`) and `-` for
stdin (JSONL when it starts with `{`, else one text). Problems with one input are
reported as a `Failure` naming it (`file:line` for JSONL) and never stop the rest;
a store error (`StoreLocked`, `StoreUnavailable`, ...) stops the run and
propagates, with `report` holding what was done before it.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from graph.errors import GeoKGError, StoreError
from graph.model import Document, Extraction, UpsertResult, document_id
from graph.store import write_batch
from graph.store.base import GraphStore

__all__ = [
    "DocumentExtractor",
    "Failure",
    "IngestReport",
    "SourceDocument",
    "ingest",
    "ingest_extractions",
    "parse_jsonl",
    "parse_text",
    "read_sources",
]

STDIN = "-"
_SOURCE_PREFIX = "# source:"
_TITLE_MAX = 200


@dataclass(frozen=True)
class SourceDocument:
    origin: str  # path, path:line, or <stdin>
    document: Document


@dataclass(frozen=True)
class Failure:
    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


@dataclass
class IngestReport:
    results: list[tuple[str, UpsertResult]] = field(default_factory=list)  # (origin, result)
    failures: list[Failure] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for _, r in self.results if r.status == status)

    @property
    def created(self) -> int:
        return self.count("created")

    @property
    def updated(self) -> int:
        return self.count("updated")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    def to_json(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": len(self.failures),
            "documents": [{"source": o, **r.model_dump(mode="json")} for o, r in self.results],
            "failures": [{"source": f.origin, "error": f.message} for f in self.failures],
        }


class DocumentExtractor(Protocol):
    """What `ingest` needs of `graph.extract.Extractor`."""

    def extract(self, document: Document) -> Extraction: ...

    def extract_many(self, documents: Iterable[Document]) -> Iterator[Extraction]: ...


# --- reading inputs ---------------------------------------------------------------


def _decode(raw: bytes, origin: str) -> str | Failure:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Failure(
            origin, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})"
        )


def _make(
    origin: str, text: str, title: str | None, url: str | None, published: str | None
) -> SourceDocument | Failure:
    if not text.strip():
        return Failure(origin, "empty document (no text)")
    if published is not None:
        try:
            dt.date.fromisoformat(published[:10])
        except ValueError:
            return Failure(origin, f"`published` is not an ISO 8601 date: {published!r}")
    doc = Document(
        id=document_id(text), source=origin, title=title, url=url, published=published, text=text
    )
    return SourceDocument(origin, doc)


def parse_text(raw: bytes, origin: str) -> SourceDocument | Failure:
    """One text document; a `# source: URL` first line sets the url."""
    text = _decode(raw, origin)
    if isinstance(text, Failure):
        return text
    url = None
    first, _, rest = text.partition("\n")
    if first.lower().startswith(_SOURCE_PREFIX):
        url = first[len(_SOURCE_PREFIX) :].strip() or None
        text = rest
    head = text.strip().split("\n", 1)
    title = None
    if (
        len(head) == 2
        and len(head[0]) <= _TITLE_MAX
        and not head[0].rstrip().endswith((".", '"', "”"))
    ):
        title = head[0].strip()
    return _make(origin, text, title, url, None)


def _optional_str(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if value is None or isinstance(value, str):
        return value or None
    raise ValueError(f"`{key}` must be a string, not {type(value).__name__}")


def parse_jsonl(raw: bytes, origin: str) -> Iterator[SourceDocument | Failure]:
    """One document per non-blank line; failures are named `origin:line`."""
    for number, line in enumerate(raw.split(b"\n"), start=1):
        where = f"{origin}:{number}"
        if not line.strip():
            continue
        text = _decode(line, where)
        if isinstance(text, Failure):
            yield text
            continue
        try:
            obj = json.loads(text)
        except ValueError as exc:
            yield Failure(where, f"invalid JSON ({exc})")
            continue
        if not isinstance(obj, dict):
            yield Failure(where, "expected a JSON object with a `text` field")
            continue
        if not isinstance(obj.get("text"), str):
            yield Failure(where, "missing `text` (a string)")
            continue
        try:
            fields = [_optional_str(obj, k) for k in ("title", "url", "published")]
        except ValueError as exc:
            yield Failure(where, str(exc))
            continue
        yield _make(where, obj["text"], *fields)


def _expand(path: Path) -> list[Path]:
    if path.is_dir():
        found = [p for p in path.rglob("*") if p.suffix in (".txt", ".jsonl") and p.is_file()]
        return sorted(found)
    return [path]


def _read_one(path: Path, raw: bytes, origin: str) -> Iterator[SourceDocument | Failure]:
    if path.suffix == ".jsonl" or (origin == "<stdin>" and raw.lstrip().startswith(b"{")):
        yield from parse_jsonl(raw, origin)
    else:
        yield parse_text(raw, origin)


def read_sources(
    paths: Sequence[str], stdin: Callable[[], bytes] | None = None
) -> Iterator[SourceDocument | Failure]:
    """Every document under `paths` in order; `-` (or no paths) reads `stdin()`."""
    read_stdin = stdin or sys.stdin.buffer.read
    for name in paths or [STDIN]:
        if name == STDIN:
            yield from _read_one(Path("stdin"), read_stdin(), "<stdin>")
            continue
        root = Path(name)
        if not root.exists():
            yield Failure(name, "no such file or directory")
            continue
        for path in _expand(root):
            try:
                raw = path.read_bytes()
            except OSError as exc:
                yield Failure(str(path), f"cannot read ({exc.strerror or exc})")
                continue
            yield from _read_one(path, raw, str(path))


# --- writing ----------------------------------------------------------------------


def _extract_chunk(
    extractor: DocumentExtractor, chunk: list[SourceDocument], report: IngestReport
) -> list[tuple[str, Extraction]]:
    docs = [s.document for s in chunk]
    try:
        return [(s.origin, ex) for s, ex in zip(chunk, extractor.extract_many(docs), strict=True)]
    except Exception:  # find the document that broke the batch, keep the others
        out = []
        for s in chunk:
            try:
                out.append((s.origin, extractor.extract(s.document)))
            except Exception as exc:
                report.failures.append(Failure(s.origin, f"extraction failed: {exc}"))
        return out


def _write(store: GraphStore, items: list[tuple[str, Extraction]], report: IngestReport) -> None:
    with write_batch(store):
        for origin, ex in items:
            try:
                report.results.append((origin, store.upsert(ex)))
            except StoreError:
                raise
            except (GeoKGError, ValueError) as exc:
                report.failures.append(Failure(origin, str(exc)))


def ingest_extractions(
    store: GraphStore,
    extractions: Iterable[Extraction],
    report: IngestReport | None = None,
    chunk_size: int = 50,
) -> IngestReport:
    """Upsert ready extractions in chunks (one store batch each)."""
    report = report if report is not None else IngestReport()
    chunk: list[tuple[str, Extraction]] = []
    for ex in extractions:
        chunk.append((ex.document.source or ex.document.id, ex))
        if len(chunk) >= chunk_size:
            _write(store, chunk, report)
            chunk = []
    if chunk:
        _write(store, chunk, report)
    return report


def ingest(
    store: GraphStore,
    sources: Iterable[SourceDocument | Failure],
    extractor: DocumentExtractor,
    *,
    chunk_size: int = 32,
    report: IngestReport | None = None,
    progress: Callable[[int], None] | None = None,
) -> IngestReport:
    """Extract and store `sources` chunk by chunk; `progress(n)` after each chunk of n inputs.

    Extraction runs outside the store's write lock; each chunk is written as one
    batch, so the memory store saves its file once per chunk.
    """
    report = report if report is not None else IngestReport()
    chunk: list[SourceDocument] = []

    def flush() -> None:
        if chunk:
            _write(store, _extract_chunk(extractor, chunk, report), report)
            if progress is not None:
                progress(len(chunk))
            chunk.clear()

    for item in sources:
        if isinstance(item, Failure):
            report.failures.append(item)
            if progress is not None:
                progress(1)
            continue
        chunk.append(item)
        if len(chunk) >= chunk_size:
            flush()
    flush()
    return report
