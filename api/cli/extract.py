"""`geokg extract FILE... [--format json|table]`: entities and relations found in text files.

Reads standard input when no file is given. JSON output is the extraction contract (docs/design.md):
`{"documents": [Extraction.to_contract(), ...]}` in input order, offsets indexing each
file's text as given (a leading `# source: URL` line included). A file that is not
UTF-8 or cannot be read is reported on stderr by name; the others are still processed
and the exit code is 1.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from api.cli.app import app

if TYPE_CHECKING:
    from graph.model import Document, Extraction

__all__ = ["OutputFormat", "extract"]


class OutputFormat(StrEnum):
    json = "json"
    table = "table"


def _read(files: list[Path]) -> tuple[list[Document], list[str]]:
    from graph.model import Document, document_id

    documents: list[Document] = []
    errors: list[str] = []
    sources: list[tuple[str, bytes]] = []
    if not files:
        sources.append(("<stdin>", sys.stdin.buffer.read()))
    for path in files:
        try:
            sources.append((str(path), path.read_bytes()))
        except OSError as exc:
            errors.append(f"{path}: cannot read: {exc.strerror or exc}")
    for name, data in sources:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            errors.append(f"{name}: not UTF-8 text (invalid byte at offset {exc.start})")
            continue
        source = None if name == "<stdin>" else name
        documents.append(Document(id=document_id(text), source=source, text=text))
    return documents, errors


def _table(extractions: list[Extraction]) -> None:
    from rich.console import Console
    from rich.table import Table

    # Piped output has no terminal width to follow; use a wide one so rows stay readable.
    console = Console() if sys.stdout.isatty() else Console(width=160)
    for ex in extractions:
        names = {e.id: e.name for e in ex.entities}
        console.rule(f"{ex.document.source or ex.document.id}  ({ex.document.id})")
        ents = Table(title="Entities", show_lines=False)
        for column in ("type", "name", "id", "mentions", "aliases"):
            ents.add_column(column)
        for e in ex.entities:
            ents.add_row(e.type.value, e.name, e.id, str(len(e.mentions)), ", ".join(e.aliases))
        console.print(ents)
        rels = Table(title="Relations")
        for column in ("source", "type", "target", "conf", "rule", "evidence"):
            rels.add_column(column, overflow="fold")
        for r in ex.relations:
            ev = r.evidence[0]
            role = f" ({r.properties['role']})" if "role" in r.properties else ""
            snippet = ev.text if len(ev.text) <= 70 else ev.text[:67] + "..."
            rels.add_row(
                names.get(r.source, r.source),
                r.type.value + role,
                names.get(r.target, r.target),
                f"{r.confidence:.2f}",
                ", ".join(dict.fromkeys(e.rule for e in r.evidence)),
                snippet,
            )
        console.print(rels)


@app.command()
def extract(
    files: Annotated[
        list[Path] | None, typer.Argument(help="Text files (stdin when none).")
    ] = None,
    output: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", case_sensitive=False, help="json (the contract) or table."),
    ] = OutputFormat.json,
) -> None:
    """Extract entities and relations from text files (stdin when none)."""
    from api.cli.common import load_settings
    from graph.errors import ExtractionError
    from graph.extract import Extractor

    documents, errors = _read(list(files or []))
    for message in errors:
        typer.echo(f"error: {message}", err=True)
    try:
        extractor = Extractor(load_settings().spacy_model)
    except ExtractionError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    extractions = list(extractor.extract_many(documents))
    if output is OutputFormat.json:
        payload = {"documents": [ex.to_contract() for ex in extractions]}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=1))
    else:
        _table(extractions)
    if errors:
        raise typer.Exit(1)
