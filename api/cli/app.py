"""The `geokg` typer application; command modules register themselves on it."""

from __future__ import annotations

from typing import Annotated

import typer

from api import __version__

__all__ = ["app", "query_app"]

app = typer.Typer(
    name="geokg",
    help="Turn geopolitical news into a knowledge graph, and query it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Docstrings are wrapped at 88 columns: markdown mode rejoins their lines into
    # paragraphs, so help reads well at any terminal width.
    rich_markup_mode="markdown",
)
query_app = typer.Typer(
    help="Query a running geokg server.", no_args_is_help=True, rich_markup_mode="markdown"
)
app.add_typer(query_app, name="query")


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"geokg {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Turn geopolitical news into a knowledge graph, and query it."""
