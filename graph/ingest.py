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

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from graph.errors import GeoKGError, StoreError
from graph.model import Document, Extraction, UpsertResult
from graph.sources import Failure, SourceDocument, parse_jsonl, parse_text, read_sources
from graph.store.base import GraphStore
from graph.store.prepare import prepare

__all__ = [
    "DocumentExtractor",
    "Failure",
    "IngestReport",
    "SourceDocument",
    "extract_chunk",
    "ingest",
    "ingest_extractions",
    "parse_jsonl",
    "parse_text",
    "read_sources",
]


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


# --- writing ----------------------------------------------------------------------


def extract_chunk(
    extractor: DocumentExtractor, chunk: list[SourceDocument], report: IngestReport
) -> list[tuple[str, Extraction]]:
    """(origin, extraction) for each document; a document that fails is a `Failure` in `report`."""
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


def _write_one_by_one(
    store: GraphStore, items: list[tuple[str, Extraction]], report: IngestReport
) -> None:
    with store.batch():
        for origin, ex in items:
            try:
                report.results.append((origin, store.upsert(ex)))
            except StoreError:
                raise
            except (GeoKGError, ValueError) as exc:
                report.failures.append(Failure(origin, str(exc)))


def _write(store: GraphStore, items: list[tuple[str, Extraction]], report: IngestReport) -> None:
    """Write a chunk in as few transactions as the store allows (`upsert_many`)."""
    good = []
    for origin, ex in items:
        try:
            prepare(ex)  # refuse a malformed extraction before it can fail the whole chunk
            good.append((origin, ex))
        except (GeoKGError, ValueError) as exc:
            report.failures.append(Failure(origin, str(exc)))
    try:
        results = store.upsert_many([ex for _, ex in good])
    except StoreError:
        raise
    except (GeoKGError, ValueError):
        _write_one_by_one(store, good, report)  # find the document at fault, keep the rest
        return
    report.results.extend((origin, res) for (origin, _), res in zip(good, results, strict=True))


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
    batch, so the embedded store commits one transaction per chunk.
    """
    report = report if report is not None else IngestReport()
    chunk: list[SourceDocument] = []

    def flush() -> None:
        if chunk:
            _write(store, extract_chunk(extractor, chunk, report), report)
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
