"""`geokg ingest --workers N | --cluster ADDRESS`: the distributed ingest's command-line side.

Progress goes to stderr (documents/s, words/s, ETA; each failure as `file:line: why`
as soon as it is known); `--format json` prints the final summary on stdout. Every
error is one line and exit status 1, never a traceback.
"""

from __future__ import annotations

import gzip
import json
import threading
import time
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn

from api.cli.common import fail

if TYPE_CHECKING:
    from api.settings import Settings
    from graph.ingest_dask import Summary

__all__ = ["count_documents", "measure_input", "run_distributed"]

err = Console(stderr=True)
_BLOCK = 1 << 20
LOG_EVERY = 30.0  # seconds between progress lines when stderr is not a terminal


def _size(path: Path) -> tuple[int, int]:
    """(documents, bytes) in one input file: JSONL lines, or one text file."""
    from graph.sources import is_jsonl

    if not is_jsonl(path):
        return 1, path.stat().st_size
    opener = gzip.open if path.name.endswith(".gz") else open
    count, size, last = 0, 0, b"\n"
    with opener(path, "rb") as fh:
        while block := fh.read(_BLOCK):
            count += block.count(b"\n")
            size += len(block)
            last = block[-1:]
    return count + (last != b"\n"), size


def measure_input(paths: list[str]) -> tuple[int, int] | None:
    """About how many documents `paths` hold and how many bytes of input; None when unknown.

    A streaming pass (a gzip is decompressed once more), run beside the job for the
    ETA, which goes by bytes: documents vary in length a lot (the first thousands of a
    corpus can be three times the average), bytes of text track extraction time.
    """
    from graph.sources import STDIN, expand

    total, size = 0, 0
    for name in paths:
        if name == STDIN:
            return None
        root = Path(name)
        if not root.exists():
            continue
        try:
            for path in expand(root):
                docs, bytes_ = _size(path)
                total, size = total + docs, size + bytes_
        except (OSError, EOFError, zlib.error):
            return None  # the job itself names the unreadable file
    return total, size


def count_documents(paths: list[str]) -> int | None:
    """About how many documents `paths` hold (JSONL lines, text files); None when unknown."""
    measured = measure_input(paths)
    return measured[0] if measured else None


def _eta(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def run_distributed(
    paths: list[str],
    *,
    json_output: bool,
    partition_size: int,
    workers: int | None,
    cluster: str | None,
    save_every: float,
    settings: Settings,
) -> None:
    """Run the job on a LocalCluster of `workers` processes or on the cluster at `cluster`."""
    from graph.errors import GeoKGError
    from graph.ingest import read_sources
    from graph.ingest_dask import Summary, dask_client, ingest_distributed
    from graph.store import open_store

    config = settings.store_config()
    total: list[tuple[int, int] | None] = [None]
    counter = threading.Thread(
        target=lambda: total.__setitem__(0, measure_input(paths)), daemon=True
    )
    counter.start()
    summary = Summary()
    shown = 0  # failures printed so far
    logged = [time.monotonic()]
    progress = Progress(TextColumn("{task.description}"), BarColumn(), console=err, transient=True)
    task = progress.add_task("starting the cluster", total=None)

    def report(s: Summary) -> None:
        nonlocal shown
        for failure in s.failures[shown:]:
            progress.console.print(
                f"  failed: {failure}", highlight=False, markup=False, soft_wrap=True
            )
        shown = len(s.failures)
        known, size = total[0] or (None, None)
        rate = s.rate(s.bytes_done)
        eta = _eta((size - s.bytes_done) / rate) if size and rate and size > s.bytes_done else "?"
        text = (
            f"{s.seen}/{known or '?'} docs | {s.rate(s.extracted):.2f} docs/s | "
            f"{s.rate(s.words):,.0f} words/s | ETA {eta} | failed {len(s.failures)}"
        )
        progress.update(task, description=text, completed=s.seen, total=known)
        if not err.is_terminal and time.monotonic() - logged[0] >= LOG_EVERY:
            logged[0] = time.monotonic()  # no live bar in a log file: a line now and then
            err.print(text, highlight=False, markup=False, soft_wrap=True)

    interrupted = False
    try:
        with progress, dask_client(workers, cluster) as client:
            progress.update(task, description="loading the model on the workers")
            store = open_store(config)
            try:
                ingest_distributed(
                    client,
                    store,
                    config,
                    read_sources(paths),
                    model=settings.spacy_model,
                    partition_size=partition_size,
                    save_every=save_every,
                    progress=report,
                    summary=summary,
                )
            finally:
                store.close()
    except KeyboardInterrupt:
        interrupted = True
    except GeoKGError as exc:
        raise fail(str(exc)) from None
    except (OSError, TimeoutError) as exc:
        where = f"the Dask scheduler at {cluster}" if cluster else "the local Dask cluster"
        raise fail(f"cannot use {where}: {exc}") from None
    except Exception as exc:  # a worker lost for good, a scheduler gone: one line, no traceback
        raise fail(f"distributed ingest stopped: {type(exc).__name__}: {exc}") from None
    finally:
        for failure in summary.failures[shown:]:
            err.print(f"  failed: {failure}", highlight=False, markup=False, soft_wrap=True)
        _print_summary(summary, json_output)
    if interrupted:
        err.print(
            "interrupted: the documents counted above are stored; run the same command "
            "again to resume (stored documents are skipped without extraction)",
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(130)
    if summary.failures:
        raise typer.Exit(1)


def _print_summary(s: Summary, json_output: bool) -> None:
    if json_output:
        print(json.dumps(s.to_json(), ensure_ascii=False))
    err.print(
        f"created {s.created}, updated {s.updated}, unchanged {s.unchanged}, "
        f"skipped {s.skipped} (already stored), failed {len(s.failures)}; "
        f"{s.extracted} documents, {s.words:,} words in {s.seconds:.1f} s "
        f"({s.rate(s.extracted):.2f} docs/s, {s.rate(s.words):,.0f} words/s, "
        f"{s.workers} workers)",
        highlight=False,
        soft_wrap=True,
    )
