"""`geokg ingest|delete|stats|export|migrate`: write to and read from the configured store.

The store comes from GEOKG_* variables: GEOKG_STORE=memory (the file
GEOKG_MEMORY_PATH) or GEOKG_STORE=neo4j (GEOKG_NEO4J_URI, GEOKG_NEO4J_USER,
GEOKG_NEO4J_PASSWORD, GEOKG_NEO4J_DATABASE). Store errors print one line and
exit 1; they never show a traceback.
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

if TYPE_CHECKING:
    from graph.ingest import IngestReport
    from graph.store.base import GraphStore

__all__ = ["delete", "export", "ingest", "migrate", "stats"]

err = Console(stderr=True)


class Output(StrEnum):
    TEXT = "text"
    JSON = "json"


class ExportFormat(StrEnum):
    GRAPHML = "graphml"
    JSON = "json"


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}", markup=True, highlight=False, soft_wrap=True)
    return typer.Exit(code)


@contextmanager
def _store() -> Iterator[GraphStore]:
    """The configured store; `GeoKGError`s (locked, corrupt, unreachable) exit 1 cleanly."""
    from api.settings import Settings
    from graph.errors import GeoKGError
    from graph.store import open_store

    try:
        store = open_store(Settings().store_config())
    except GeoKGError as exc:
        raise _fail(str(exc)) from None
    try:
        yield store
    except GeoKGError as exc:
        raise _fail(str(exc)) from None
    finally:
        store.close()


def _summary(report: IngestReport) -> None:
    err.print(
        f"created {report.created}, updated {report.updated}, "
        f"unchanged {report.unchanged}, failed {len(report.failures)}",
        highlight=False,
    )
    for failure in report.failures:
        err.print(f"  failed: {failure}", highlight=False, markup=False, soft_wrap=True)


@app.command()
def ingest(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Files (.txt, .jsonl), directories (recursive), or - for stdin."),
    ] = None,
    output: Annotated[
        Output, typer.Option("--format", "-f", help="Summary as text (stderr) or JSON (stdout).")
    ] = Output.TEXT,
    chunk_size: Annotated[
        int, typer.Option(min=1, help="Documents extracted and written per batch.")
    ] = 32,
) -> None:
    """Extract documents and store them; re-ingesting a document changes nothing.

    A JSONL line needs `text` and may carry `title`, `url`, `published`; a .txt file
    may start with `# source: URL`. A document with a known url and new text replaces
    the old one. Exits 1 when any input failed, naming each.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from api.settings import Settings
    from graph.extract import Extractor
    from graph.ingest import IngestReport, read_sources
    from graph.ingest import ingest as run_ingest

    if not paths and sys.stdin.isatty():
        raise _fail("nothing to ingest: give files or directories, or pipe text into `-`", 2)
    sources = list(read_sources(paths or []))
    report = IngestReport()
    settings = Settings()
    with _store() as store:
        extractor = Extractor(settings.spacy_model)
        columns = (TextColumn("ingesting"), BarColumn(), MofNCompleteColumn())
        with Progress(*columns, console=err, transient=True) as bar:
            task = bar.add_task("ingest", total=len(sources))
            try:
                run_ingest(
                    store,
                    sources,
                    extractor,
                    chunk_size=chunk_size,
                    report=report,
                    progress=lambda n: bar.advance(task, n),
                )
            finally:
                bar.stop()
                if output is Output.JSON:
                    print(json.dumps(report.to_json(), ensure_ascii=False))
                _summary(report)
    if report.failures:
        raise typer.Exit(1)


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
    output: Annotated[Output, typer.Option("--format", "-f", help="text or json.")] = Output.TEXT,
) -> None:
    """Documents, entities by type, relations by type and evidence count."""
    with _store() as store:
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
        raise _fail(f"cannot write {out}: {exc.strerror or exc}") from None
    err.print(f"wrote {out}", highlight=False)


@app.command()
def migrate(
    source: Annotated[
        Path | None,
        typer.Argument(help="The old JSON store (default: the one beside GEOKG_MEMORY_PATH)."),
    ] = None,
    to: Annotated[
        Path | None, typer.Option("--to", help="The new database (default: GEOKG_MEMORY_PATH).")
    ] = None,
) -> None:
    """Import an embedded store's old JSON file into its SQLite database (the file stays).

    Opening the store does the same when its database does not exist yet; this command
    does it ahead of time, or between paths of your choice.
    """
    from api.settings import Settings
    from graph.errors import GeoKGError
    from graph.store.memory import MemoryStore, db

    target, beside = db.database_path(Path(Settings().memory_path))
    source, target = source or beside, to or target
    if not source.is_file():
        raise _fail(f"{source}: no such file, nothing to import")
    if target.exists() and target.stat().st_size > 0:
        raise _fail(f"{target} exists already; move it aside to import {source} into it")
    try:
        store = MemoryStore(target, import_from=source)
        documents = store.stats().documents
        store.close()
    except GeoKGError as exc:
        raise _fail(str(exc)) from None
    err.print(f"imported {documents} documents from {source} into {target}", highlight=False)
