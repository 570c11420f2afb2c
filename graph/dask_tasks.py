"""What runs on the Dask workers of a distributed ingest (`graph.ingest_dask` drives it).

`IngestPlugin` loads the spaCy model once per worker process (and, for the Bolt store,
opens one store with its own driver, lazily). Two tasks per partition of documents:

- `extract_partition`: drop the documents the store already holds (Bolt: checked here,
  on the worker; the embedded store is checked by the client), then extract the rest;
- `write_partition` (Bolt only): write the extractions with the store's idempotent
  batched writes. Each write task depends on the previous partition's, so documents are
  written in input order and entity resolution ends exactly as in a single-process run.
  A worker runs one write beside one extraction (the `SLOTS` resources of
  `graph.ingest_dask`), so the chain never waits behind a long extraction.

Tasks return plain data (counts, failures, extractions); per-document problems become
`Failure`s, while a store error raises and stops the job.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from distributed import WorkerPlugin, get_worker

from graph.errors import NotFound
from graph.ingest import Failure, IngestReport, SourceDocument, extract_chunk, ingest_extractions
from graph.model import Extraction
from graph.store import open_store
from graph.store.base import GraphStore, StoreConfig

__all__ = [
    "Extracted",
    "IngestPlugin",
    "Written",
    "extract_partition",
    "is_stored",
    "write_partition",
]


_EXTRACTORS: dict[str, Any] = {}  # model name -> Extractor, per worker process


def is_stored(store: GraphStore, doc_id: str) -> bool:
    """Whether the store holds this document id (the content hash), through the contract."""
    try:
        store.get_document(doc_id)
    except NotFound:
        return False
    return True


class IngestPlugin(WorkerPlugin):
    """Per worker process: one `Extractor` (model loaded at setup) and one store if needed."""

    # Registered under `name`, a digest of its settings: a later job with the same model
    # and store reuses the loaded model; one with other settings gets its own plugin.
    idempotent = True

    def __init__(self, model: str, store_config: StoreConfig | None = None) -> None:
        self.model = model
        self.store_config = store_config
        self.extractor: Any = None
        self._store: GraphStore | None = None
        digest = hashlib.sha256(repr((model, store_config)).encode()).hexdigest()[:16]
        self.name = f"geokg-ingest-{digest}"

    def setup(self, worker: Any) -> None:
        from graph.extract import Extractor  # spaCy is imported on the workers only

        if self.model not in _EXTRACTORS:  # plugins of other stores share the loaded model
            _EXTRACTORS[self.model] = Extractor(self.model)
        self.extractor = _EXTRACTORS[self.model]

    def store(self) -> GraphStore:
        if self._store is None:
            assert self.store_config is not None, "this job writes from the client"
            self._store = open_store(self.store_config)
        return self._store

    def teardown(self, worker: Any) -> None:
        if self._store is not None:
            self._store.close()


def _plugin(name: str) -> IngestPlugin:
    plugin = get_worker().plugins[name]
    assert isinstance(plugin, IngestPlugin)
    return plugin


@dataclass
class Extracted:
    """One partition after extraction: what to write and what it cost."""

    items: list[tuple[str, Extraction]] = field(default_factory=list)  # (origin, extraction)
    failures: list[Failure] = field(default_factory=list)
    skipped: int = 0  # already stored, not extracted
    words: int = 0  # words of the extracted documents


@dataclass
class Written:
    """Outcome of writing one partition: counts and named failures, never the extractions."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failures: list[Failure] = field(default_factory=list)
    skipped: int = 0
    extracted: int = 0
    words: int = 0

    @classmethod
    def of(cls, report: IngestReport, extracted: Extracted) -> Written:
        return cls(
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
            failures=[*extracted.failures, *report.failures],
            skipped=extracted.skipped,
            extracted=len(extracted.items),
            words=extracted.words,
        )


def extract_partition(plugin_name: str, docs: list[SourceDocument]) -> Extracted:
    """Extract `docs` with the worker's model; a Bolt job first drops the stored ones."""
    plugin = _plugin(plugin_name)
    out = Extracted()
    if plugin.store_config is not None:
        store = plugin.store()
        todo = [d for d in docs if not is_stored(store, d.document.id)]
        out.skipped = len(docs) - len(todo)
        docs = todo
    report = IngestReport()
    out.items = extract_chunk(plugin.extractor, docs, report) if docs else []
    out.failures = report.failures
    done = {origin for origin, _ in out.items}
    out.words = sum(len(d.document.text.split()) for d in docs if d.origin in done)
    return out


def write_partition(
    plugin_name: str, extracted: Extracted, previous: Written | None, batch: int
) -> Written:
    """Write one partition from the worker to its Bolt store; `previous` only orders the writes."""
    report = IngestReport()
    items = [ex for _, ex in extracted.items]
    ingest_extractions(_plugin(plugin_name).store(), items, report, chunk_size=batch)
    return Written.of(report, extracted)
