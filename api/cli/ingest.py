"""`geokg ingest|documents|delete|stats|export|migrate`: the configured store's commands.

The store comes from GEOKG_* variables: GEOKG_STORE=memory (the file
GEOKG_MEMORY_PATH, else GEOKG_HOME/graph.sqlite, else the user data directory) or
GEOKG_STORE=neo4j (GEOKG_NEO4J_URI, GEOKG_NEO4J_USER, GEOKG_NEO4J_PASSWORD,
GEOKG_NEO4J_DATABASE). A bad setting exits 2, a store error 1, each with one line
and never a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from api.cli.app import app
from api.cli.common import USAGE, err, fail, load_settings, open_configured_store, warn

if TYPE_CHECKING:
    from graph.ingest import IngestReport
    from graph.store.base import GraphStore

__all__ = ["delete", "documents", "export", "ingest", "migrate", "stats"]


class Output(StrEnum):
    TEXT = "text"
    JSON = "json"


class ExportFormat(StrEnum):
    GRAPHML = "graphml"
    JSON = "json"


@contextmanager
def _store(announce: bool = False) -> Iterator[GraphStore]:
    with open_configured_store(load_settings(), announce=announce) as store:
        yield store


def _summary(report: IngestReport, unfinished: int = 0) -> None:
    stopped = f", not ingested {unfinished} (stopped)" if unfinished else ""
    err.print(
        f"created {report.created}, updated {report.updated}, "
        f"unchanged {report.unchanged}, failed {len(report.failures)}{stopped}",
        highlight=False,
    )
    for failure in report.failures:
        err.print(f"  failed: {failure}", highlight=False, markup=False, soft_wrap=True)


def _warn_empty(paths: list[str]) -> None:
    """Name each directory that holds nothing ingestible (files are reported when read)."""
    for name in paths:
        root = Path(name)
        if root.is_dir() and not any(
            p.name.endswith((".txt", ".jsonl", ".jsonl.gz")) and p.is_file()
            for p in root.rglob("*")
        ):
            warn(f"{name}: no .txt, .jsonl or .jsonl.gz files in this directory; nothing to ingest")


@app.command()
def ingest(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Files (.txt, .jsonl), directories (recursive), or - for stdin."),
    ] = None,
    output: Annotated[
        Output,
        typer.Option(
            "--format", "-f", case_sensitive=False, help="Summary as text (stderr) or JSON."
        ),
    ] = Output.TEXT,
    chunk_size: Annotated[
        int, typer.Option(min=1, help="Documents extracted and written per batch.")
    ] = 32,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Extract on a local Dask cluster of this many processes."),
    ] = None,
    cluster: Annotated[
        str | None,
        typer.Option(help="Extract on the Dask cluster whose scheduler is at this address."),
    ] = None,
    save_every: Annotated[
        float,
        typer.Option(
            min=0, help="With --workers/--cluster: seconds between embedded-store commits."
        ),
    ] = 30.0,
) -> None:
    """Extract documents and store them; re-ingesting a document changes nothing.

    A JSONL line needs `text` and may carry `title`, `url`, `published`, `publisher`; a
    .txt file may start with `# source: URL`, `# published: YYYY-MM-DD` and
    `# publisher: NAME` lines. A document with a known url and new text replaces the old
    one. Exits 1 when any input failed or nothing was found, naming each. With
    --workers or --cluster, extraction runs on Dask workers and documents already stored
    are skipped unread.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from graph.errors import GeoKGError
    from graph.extract import Extractor
    from graph.ingest import IngestReport, read_sources
    from graph.ingest import ingest as run_ingest

    if not paths and sys.stdin.isatty():
        raise fail("nothing to ingest: give files or directories, or pipe text into `-`", USAGE)
    settings = load_settings()
    _warn_empty(paths or [])
    if workers is not None or cluster is not None:
        if workers is not None and cluster is not None:
            raise fail("give --workers (a local cluster) or --cluster ADDRESS, not both", USAGE)
        from api.cli.ingest_dask import run_distributed

        run_distributed(
            paths or [],
            json_output=output is Output.JSON,
            partition_size=chunk_size,
            workers=workers,
            cluster=cluster,
            save_every=save_every,
            settings=settings,
        )
        return
    sources = list(read_sources(paths or []))
    if not sources:
        raise fail("nothing to ingest: no documents found in the inputs given")
    report = IngestReport()
    with open_configured_store(settings, announce=True) as store:
        extractor = Extractor(settings.spacy_model)
        columns = (TextColumn("ingesting"), BarColumn(), MofNCompleteColumn())
        done = 0

        def advance(n: int) -> None:
            nonlocal done
            done += n
            bar.advance(task, n)

        with Progress(*columns, console=err, transient=True) as bar:
            task = bar.add_task("ingest", total=len(sources))
            try:
                run_ingest(
                    store,
                    sources,
                    extractor,
                    chunk_size=chunk_size,
                    report=report,
                    progress=advance,
                )
            except GeoKGError as exc:
                bar.stop()
                # A store error (locked, unreachable) stops the run: say what did not happen.
                _report(report, output, unfinished=len(sources) - done, stopped=str(exc))
                raise fail(str(exc)) from None
            except KeyboardInterrupt:
                bar.stop()  # each chunk is one transaction: what was committed stays
                _report(report, output, unfinished=len(sources) - done, stopped="interrupted")
                err.print(
                    "interrupted: the documents counted above are stored; run the same "
                    "command again to resume (stored documents are left unchanged)",
                    highlight=False,
                    soft_wrap=True,
                )
                raise typer.Exit(130) from None
    _report(report, output)
    if report.failures:
        raise typer.Exit(1)


def _report(
    report: IngestReport, output: Output, unfinished: int = 0, stopped: str | None = None
) -> None:
    if output is Output.JSON:
        extra = {"not_ingested": unfinished, "stopped": stopped} if stopped else {}
        print(json.dumps(report.to_json() | extra, ensure_ascii=False))
    _summary(report, unfinished)


@app.command()
def delete(
    doc_id: Annotated[str, typer.Argument(help="Document id, e.g. doc:0123abcd...")],
) -> None:
    """Delete a document, its evidence, and relations/entities nothing else supports."""
    with _store() as store:
        store.delete_document(doc_id)
    err.print(f"deleted {doc_id}", highlight=False)


@app.command()
def stats(
    output: Annotated[
        Output, typer.Option("--format", "-f", case_sensitive=False, help="text or json.")
    ] = Output.TEXT,
) -> None:
    """Documents, entities by type, relations by type and evidence count."""
    with _store(announce=True) as store:
        s = store.stats()
    if output is Output.JSON:
        print(s.model_dump_json())
        return
    table = Table(title="geokg store", show_header=True)
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("documents", str(s.documents))
    for name, count in sorted(s.entities.items()):
        table.add_row(f"entities: {name}", str(count))
    for name, count in sorted(s.relations.items()):
        table.add_row(f"relations: {name}", str(count))
    table.add_row("evidence", str(s.evidence))
    Console().print(table)


@app.command()
def documents(
    limit: Annotated[int, typer.Option(min=1, help="Most documents to list.")] = 50,
    offset: Annotated[int, typer.Option(min=0, help="Documents to skip.")] = 0,
    output: Annotated[
        Output, typer.Option("--format", "-f", case_sensitive=False, help="text or json.")
    ] = Output.TEXT,
) -> None:
    """List stored documents: id (for `geokg delete`), title or source, counts."""
    with _store() as store:
        found = store.documents(limit=limit, offset=offset)
    if output is Output.JSON:
        print(json.dumps([d.model_dump(mode="json") for d in found], ensure_ascii=False))
        return
    if not found:
        err.print("no documents" + (f" after the first {offset}" if offset else ""))
        return
    table = Table("id", "title or source", "published", "entities", "relations")
    table.columns[0].no_wrap = True  # ids are copied into other commands: never cut
    table.columns[0].min_width = max(len(d.id) for d in found)
    table.columns[1].overflow = "fold"  # a long path wraps whole rather than losing its end
    for d in found:
        what = d.title or d.url or d.source or ""
        table.add_row(d.id, what, d.published or "", str(d.entity_count), str(d.relation_count))
    Console().print(table)


@app.command()
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="graphml or json.")],
    out: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
) -> None:
    """Export the whole graph: GraphML (for Gephi, yEd, networkx) or JSON with evidence."""
    with _store() as store:
        if fmt is ExportFormat.GRAPHML:
            text = store.export_graphml()
        else:
            text = json.dumps(store.export_json(), ensure_ascii=False, indent=1)
    if out is None:
        sys.stdout.write(text + "\n")
        return
    try:
        out.write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        raise fail(f"cannot write {out}: {exc.strerror or exc}") from None
    err.print(f"wrote {out}", highlight=False)


@app.command()
def migrate(
    source: Annotated[
        Path | None,
        typer.Argument(help="The old JSON store (default: the one beside the configured store)."),
    ] = None,
    to: Annotated[
        Path | None,
        typer.Option("--to", help="The new database (default: the configured store's file)."),
    ] = None,
) -> None:
    """Import an embedded store's old JSON file into its SQLite database (the file stays).

    Opening the store does the same when its database does not exist yet; this command
    does it ahead of time, or between paths of your choice.
    """
    from graph.errors import GeoKGError
    from graph.store.memory import MemoryStore, db

    settings = load_settings()
    target, beside = db.database_path(settings.store_path)
    source, target = source or beside, db.database_path(to)[0] if to else target
    if not source.is_file():
        raise fail(f"{source}: no such file, nothing to import")
    if target.exists() and target.stat().st_size > 0:
        raise fail(f"{target} exists already; move it aside to import {source} into it")
    try:
        store = MemoryStore(target, lock_timeout=settings.lock_timeout, import_from=source)
        documents = store.stats().documents
        store.close()
    except GeoKGError as exc:
        raise fail(str(exc)) from None
    err.print(f"imported {documents} documents from {source} into {target}", highlight=False)
