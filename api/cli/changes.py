"""`geokg changes` (also `geokg query changes`): the change feed of a running server.

geokg changes --since 2024-05-02 --entity Armenia
geokg changes --follow --format json      # one JSON change per line, as they come
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Annotated

import typer
from rich.table import Table

from api.cli.app import app, query_app
from api.cli.common import err
from api.cli.query import FormatOpt, KeyOpt, Output, UrlOpt, _client, _print_table, resolve
from graph.model import Change

__all__ = ["changes"]


def _check_moment(value: str | None) -> str | None:
    """`--since` must be an ISO 8601 date or timestamp."""
    if value is None:
        return None
    try:
        dt.datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not an ISO 8601 time such as 2024-05-02 or 2024-05-02T10:00:00Z"
        ) from None
    return value


def what_changed(change: Change) -> str:
    """The entity, or the relation as `source -TYPE-> target`."""
    if change.entity is not None:
        return change.entity
    return f"{change.source} -{change.type}-> {change.target}"


def _table(found: Iterable[Change], header: bool = True) -> Table:
    table = Table("seq", "at", "kind", "what", "document", show_header=header)
    table.columns[0].justify = "right"
    table.columns[4].no_wrap = True  # document ids are copied into other commands
    for c in found:
        table.add_row(str(c.seq), c.at, c.kind, what_changed(c), c.doc_id)
    return table


def changes(
    since: Annotated[
        str | None,
        typer.Option(
            metavar="TIME",
            callback=_check_moment,
            help="Only changes stored at or after this time: 2024-05-02 or "
            "2024-05-02T10:00:00Z (UTC when no zone is given).",
        ),
    ] = None,
    entity: Annotated[
        str | None,
        typer.Option(help="Only changes touching this entity (id or name), or its relations."),
    ] = None,
    cursor: Annotated[
        str | None,
        typer.Option(help="Read on after a previous answer's cursor (printed at its end)."),
    ] = None,
    limit: Annotated[
        int, typer.Option(min=1, max=500, help="Most changes per page (1..500).")
    ] = 100,
    follow: Annotated[
        bool,
        typer.Option(
            "--follow",
            help="Keep going: read every page, then wait for new changes until Ctrl-C "
            "(JSON output: one change per line).",
        ),
    ] = False,
    interval: Annotated[
        float, typer.Option(min=0.1, help="Seconds between reads while following.")
    ] = 2.0,
    url: UrlOpt = None,
    api_key: KeyOpt = None,
    output: FormatOpt = Output.TABLE,
) -> None:
    """Show what document writes and deletes did to the graph, oldest first: entities and
    relations created and removed, evidence added and removed, relations ended and resumed.

    Without --follow one page is printed; when more are there, the command to read on
    (with --cursor) is printed on stderr.
    """
    with _client(url, api_key) as kg:
        entity_id = resolve(kg, entity) if entity else None
        if follow:
            _follow(kg.iter_changes(since, entity_id, cursor, limit, True, interval), output)
            return
        page = kg.changes(since, entity_id, cursor, limit)
    if output is Output.JSON:
        typer.echo(page.model_dump_json(indent=2))
    else:
        _print_table(_table(page.changes))
    if page.more:
        err.print(f"more changes: geokg changes --cursor {page.cursor}", highlight=False)


def _follow(feed: Iterable[Change], output: Output) -> None:
    """Print each change as it arrives, until interrupted."""
    first = True
    try:
        for change in feed:
            if output is Output.JSON:
                typer.echo(change.model_dump_json())
            else:
                _print_table(_table([change], header=first))
                first = False
    except KeyboardInterrupt:
        return


# Under `query` with the other reads, and at the top for short use.
query_app.command("changes")(changes)
app.command("changes")(changes)
