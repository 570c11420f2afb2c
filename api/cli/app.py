"""The `geokg` typer application; command modules register themselves on it."""

from __future__ import annotations

import typer

__all__ = ["app", "query_app"]

app = typer.Typer(
    name="geokg",
    help="Turn geopolitical news into a knowledge graph, and query it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
query_app = typer.Typer(help="Query a running geokg server.", no_args_is_help=True)
app.add_typer(query_app, name="query")
