"""Ingest a corpus on a Dask cluster: what `geokg ingest --workers N | --cluster ADDRESS` runs.

    with dask_client(workers=2) as client:        # a LocalCluster of 2 processes
        summary = ingest_distributed(client, store, config, read_sources(paths), model=name)

The client reads the input lazily (`.jsonl.gz` streamed), cuts it into partitions of
`partition_size` documents and keeps at most `window` partitions in flight, so memory
stays bounded whatever the corpus size. Workers extract (`graph.dask_tasks`). Writes keep
input order, so the graph equals a single-process ingest of the same input:

- embedded store (one database, written from one process): the client writes the results
  it gets back, in order, committing them as one transaction at most every `save_every`
  seconds (or every `max_pending` documents);
- Bolt store: each worker writes its partition with its own driver, the write tasks
  chained in input order; the client only receives counts.

Documents already stored (same content hash id) are dropped before extraction, so a
killed job re-run with the same input resumes where it stopped.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from distributed import Client, Future, LocalCluster

from graph.dask_tasks import (
    Extracted,
    IngestPlugin,
    Written,
    extract_partition,
    is_stored,
    write_partition,
)
from graph.ingest import Failure, IngestReport, SourceDocument, ingest_extractions
from graph.model import Extraction
from graph.store.base import GraphStore, StoreConfig

__all__ = ["SLOTS", "Summary", "dask_client", "ingest_distributed"]

# Worker resources: a worker runs one extraction and one write at a time. Workers of an
# outside cluster declare them (`dask worker --nthreads 2 --resources "extract=1,write=1"`);
# without them tasks run unconstrained (then give workers `--nthreads 1`).
SLOTS = {"extract": 1, "write": 1}


@dataclass
class Summary:
    """Running totals of a distributed ingest; `to_json` is the `--format json` summary."""

    workers: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0  # already stored before this run: not extracted again
    extracted: int = 0
    words: int = 0
    failures: list[Failure] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)
    seconds: float = 0.0
    interrupted: bool = False
    bytes_done: int = 0  # input bytes of the documents handled (what the ETA goes by)

    @property
    def seen(self) -> int:
        """Inputs handled so far (extracted, skipped or failed): what the ETA counts.

        Extracted documents count before the embedded store's next commit writes them.
        """
        return self.extracted + self.skipped + len(self.failures)

    def add(self, written: Written) -> None:
        self.created += written.created
        self.updated += written.updated
        self.unchanged += written.unchanged
        self.skipped += written.skipped
        self.extracted += written.extracted
        self.words += written.words
        self.failures.extend(written.failures)
        self.seconds = time.monotonic() - self.started

    def rate(self, amount: int) -> float:
        return amount / self.seconds if self.seconds > 0 else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "workers": self.workers,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "failed": len(self.failures),
            "extracted": self.extracted,
            "words": self.words,
            "seconds": round(self.seconds, 3),
            "interrupted": self.interrupted,
            "docs_per_s": round(self.rate(self.extracted), 3),
            "words_per_s": round(self.rate(self.words), 1),
            "failures": [{"source": f.origin, "error": f.message} for f in self.failures],
        }


@contextmanager
def dask_client(workers: int | None = None, address: str | None = None) -> Iterator[Client]:
    """A client of the cluster at `address`, or of a new LocalCluster of `workers` processes."""
    if address:
        with Client(address) as client:  # type: ignore[no-untyped-call]
            yield client
        return
    # Per process one extraction at a time (spaCy holds the interpreter lock) and one
    # write beside it (mostly waiting on the server): two threads, two resources.
    with (
        _local_cluster(workers or 1) as cluster,
        Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):
        yield client


def _local_cluster(workers: int) -> LocalCluster:
    """Worker processes that ignore Ctrl-C (an ignored signal stays ignored in the
    processes they start): the client alone stops the job, saving what it has, and then
    closes them, instead of each dying mid-task with a traceback."""
    main = threading.current_thread() is threading.main_thread()  # where signals are set
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
    try:
        return LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers,
            threads_per_worker=2,
            resources=dict(SLOTS),
            processes=True,
            dashboard_address=":0",  # any free port: a fixed one clashes with other jobs
            silence_logs=logging.ERROR,
        )
    finally:
        if main:
            signal.signal(signal.SIGINT, previous)


def _partitions(
    sources: Iterable[SourceDocument | Failure], size: int, summary: Summary
) -> Iterator[list[SourceDocument]]:
    """Runs of `size` documents; input failures (bad JSON lines ...) go straight to `summary`."""
    part: list[SourceDocument] = []
    for item in sources:
        if isinstance(item, Failure):
            summary.failures.append(item)
            continue
        part.append(item)
        if len(part) >= size:
            yield part
            part = []
    if part:
        yield part


class _ClientWriter:
    """Embedded store: writes what comes back, in order; one commit per `save_every` s.

    Each flush is one store batch, so one transaction: it costs what its documents cost
    plus one sync to disk, holds the write lock only while it writes, and is all or
    nothing if the job dies. Flushes are spaced in time (and capped in size by
    `max_pending` documents, which bounds the client's memory).
    """

    def __init__(self, store: GraphStore, save_every: float, max_pending: int = 2000) -> None:
        self.store, self.save_every, self.max_pending = store, save_every, max_pending
        self.pending: list[Extraction] = []
        self.last = time.monotonic()

    def add(self, extracted: Extracted, summary: Summary) -> None:
        summary.add(Written.of(IngestReport(), extracted))  # extraction counts show at once
        self.pending.extend(ex for _, ex in extracted.items)
        due = time.monotonic() - self.last >= self.save_every
        if due or len(self.pending) >= self.max_pending:
            self.flush(summary)

    def flush(self, summary: Summary) -> None:
        report = IngestReport()
        if self.pending:  # one batch, one transaction (a bad document's retry included)
            with self.store.batch():
                ingest_extractions(self.store, self.pending, report, chunk_size=len(self.pending))
        summary.add(Written(report.created, report.updated, report.unchanged, report.failures))
        self.pending, self.last = [], time.monotonic()


def _quiet_shutdown() -> None:
    """After Ctrl-C the client closes with tasks still pending, and distributed's event loop
    may log (or raise in a finaliser) about futures cut short: internal noise, not the
    user's concern, whose answer is the "interrupted" summary."""
    for name in ("tornado", "tornado.application", "asyncio", "distributed"):
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)
    sys.unraisablehook = lambda _: None


def _slot(kind: str, slots: bool) -> dict[str, int] | None:
    return {kind: 1} if slots else None


def ingest_distributed(
    client: Client,
    store: GraphStore,
    config: StoreConfig,
    sources: Iterable[SourceDocument | Failure],
    *,
    model: str,
    partition_size: int = 32,
    save_every: float = 30.0,
    window: int | None = None,
    progress: Callable[[Summary], None] | None = None,
    summary: Summary | None = None,
) -> Summary:
    """Extract `sources` on the cluster and store them; see the module docstring.

    `store` is the client's own store (the embedded one is written through it; for Bolt
    it is not written, the workers open their own from `config`). A store error raises
    (what was written stays, and `summary`, when given, holds the totals up to it);
    per-document problems are `Failure`s in the summary.
    """
    on_workers = config.kind != "memory"
    plugin = IngestPlugin(model, config if on_workers else None)
    name = plugin.name
    client.register_plugin(plugin, name)  # returns once every worker has loaded the model
    summary = summary if summary is not None else Summary()
    workers = client.scheduler_info(n_workers=-1)["workers"].values()
    summary.workers = len(workers)
    slots = all(set(SLOTS) <= set(w.get("resources") or {}) for w in workers)
    summary.started = time.monotonic()  # the clock starts now: rates leave model loading out
    # Results are taken in input order: a deep window keeps workers busy past a long
    # document at the head, and still bounds memory to a few partitions per worker.
    window = window or 4 * max(1, summary.workers) + 2
    writer = None if on_workers else _ClientWriter(store, save_every)
    in_flight: deque[tuple[Future[Any], int]] = deque()  # with the partition's input bytes
    previous: Future[Any] | None = None

    def settle(future: Future[Any], size: int) -> None:
        result = future.result()
        summary.bytes_done += size
        if writer is None:
            summary.add(result)
        else:
            writer.add(result, summary)
        if progress is not None:
            progress(summary)

    def submit(part: list[SourceDocument]) -> None:
        nonlocal previous
        if writer is not None:  # the embedded store lives here: check it before sending
            todo = [d for d in part if not is_stored(store, d.document.id)]
            summary.bytes_done += sum(d.size for d in part) - sum(d.size for d in todo)
            summary.skipped, part = summary.skipped + len(part) - len(todo), todo
            if not part:
                return
        future: Future[Any] = client.submit(
            extract_partition, name, part, pure=False, resources=_slot("extract", slots)
        )
        if writer is None:  # chained: partition k is written after k-1, as in one process
            future = client.submit(
                write_partition, name, future, previous, config.batch_size,
                pure=False, retries=2, resources=_slot("write", slots),
            )  # fmt: skip
            previous = future
        in_flight.append((future, sum(d.size for d in part)))

    try:
        for part in _partitions(sources, partition_size, summary):
            submit(part)
            while len(in_flight) >= window:
                settle(*in_flight.popleft())
        while in_flight:
            settle(*in_flight.popleft())
        if writer is not None:
            writer.flush(summary)
    except KeyboardInterrupt:
        # Ctrl-C: keep what was extracted already; a re-run skips it and resumes.
        _quiet_shutdown()
        if writer is not None:
            writer.flush(summary)
        summary.interrupted = True
        raise
    finally:
        summary.seconds = time.monotonic() - summary.started
    return summary
