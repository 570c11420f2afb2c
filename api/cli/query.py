"""`geokg query search|neighbors|relations|path|subgraph`: ask a running geokg server,
through the client.

Wherever an entity id is expected a name or alias is accepted too (see `resolve`).
`--as-of DATE` answers with the graph as it stood on that date; relations that have
ended show it ("ended 2024-02-23") when no date is asked.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from api.cli.app import query_app
from api.cli.common import USAGE, fail, load_settings
from graph.model import Edge, EntityType, Path, RelationType, StoredRelation, Subgraph

if TYPE_CHECKING:
    from api.client import Client

__all__ = ["neighbors", "path", "relations", "search", "subgraph"]


class Output(StrEnum):
    TABLE = "table"
    JSON = "json"


class Direction(StrEnum):
    IN = "in"
    OUT = "out"
    BOTH = "both"


UrlOpt = Annotated[
    str | None,
    typer.Option(
        "--url",
        help="Server base URL (default: http://$GEOKG_HOST:$GEOKG_PORT, i.e. 127.0.0.1:8000).",
    ),
]
KeyOpt = Annotated[
    str | None,
    typer.Option("--api-key", envvar="GEOKG_API_KEY", help="X-API-Key, if reads need one."),
]
FormatOpt = Annotated[
    Output, typer.Option("--format", "-f", case_sensitive=False, help="table or json.")
]


def _check_day(value: str | None) -> str | None:
    """`--as-of` must be a calendar date written `YYYY-MM-DD`."""
    if value is None:
        return None
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date as YYYY-MM-DD") from None
    if len(value) != len("YYYY-MM-DD"):
        raise typer.BadParameter(f"{value!r} is not a date as YYYY-MM-DD")
    return value


AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="YYYY-MM-DD",
        callback=_check_day,
        help="The graph as the corpus stated it up to this date: only relations that held "
        "on it (ended and undated ones are left out).",
    ),
]
MinSourcesOpt = Annotated[
    int,
    typer.Option(
        "--min-sources",
        min=0,
        help="Only relations stated by at least this many independent publishers.",
    ),
]


@contextmanager
def _client(url: str | None, api_key: str | None) -> Iterator[Client]:
    from api.client import Client, ClientError

    if url is None:
        settings = load_settings()
        url = f"http://{settings.host}:{settings.port}"
    try:
        with Client(url, api_key=api_key) as client:
            yield client
    except ClientError as exc:
        raise fail(str(exc)) from None


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold().strip())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def resolve(kg: Client, given: str) -> str:
    """The id of the entity `given` names: an id as is, else a unique name or alias.

    Several matches (or none exactly) print the candidates with their ids and exit 2.
    """
    from api.client import NotFound

    try:
        return kg.get_entity(given).id
    except NotFound:
        pass
    found = kg.search_entities(given, limit=10).items
    exact = [e for e in found if _fold(given) in {_fold(n) for n in (e.name, *e.aliases)}]
    if len(exact) == 1 or (len(found) == 1 and not exact):
        return (exact or found)[0].id
    if not found:
        raise fail(f"no entity has the id or name {given!r}")
    listed = "\n".join(f"  {e.id}  {e.name} ({e.type})" for e in (exact or found))
    if exact:
        raise fail(f"{given!r} names several entities; give one of these ids:\n{listed}", USAGE)
    raise fail(f"no entity is named {given!r}; did you mean one of these?\n{listed}", USAGE)


def _id_column(table: Table, ids: list[str]) -> None:
    """Ids are copied into other commands: never wrapped or cut with an ellipsis."""
    column = table.columns[0]
    column.no_wrap = True
    column.min_width = max((len(i) for i in ids), default=2)


def _print_json(model: BaseModel) -> None:
    typer.echo(model.model_dump_json(indent=2))


def _print_table(table: Table) -> None:
    Console().print(table)


@query_app.command()
def search(
    text: Annotated[
        str, typer.Argument(help="Name or alias; case, accents and typos are forgiven.")
    ],
    type: Annotated[
        EntityType | None,
        typer.Option("--type", "-t", case_sensitive=False, help="Only this type."),
    ] = None,
    limit: Annotated[int, typer.Option(help="Most results (1..500).")] = 10,
    url: UrlOpt = None,
    api_key: KeyOpt = None,
    output: FormatOpt = Output.TABLE,
) -> None:
    """Find entities by name, best match first: `geokg query search kazakstan`."""
    with _client(url, api_key) as kg:
        page = kg.search_entities(text, type, limit)
    if output is Output.JSON:
        return _print_json(page)
    table = Table("id", "type", "name", "aliases", "docs", "score")
    _id_column(table, [e.id for e in page.items])
    for e in page.items:
        score = "" if e.score is None else f"{e.score:.2f}"
        table.add_row(e.id, e.type, e.name, ", ".join(e.aliases[:4]), str(e.doc_count), score)
    _print_table(table)


@query_app.command()
def neighbors(
    entity: Annotated[
        str, typer.Argument(help="Entity id or name, e.g. country:KAZ or Kazakhstan.")
    ],
    relation: Annotated[
        RelationType | None, typer.Option(case_sensitive=False, help="Only this relation type.")
    ] = None,
    direction: Annotated[
        Direction, typer.Option(case_sensitive=False, help="in, out or both.")
    ] = Direction.BOTH,
    depth: Annotated[int, typer.Option(help="Hops to follow (1..3).")] = 1,
    min_confidence: Annotated[float, typer.Option(help="Drop weaker relations (0..1).")] = 0.0,
    limit: Annotated[int, typer.Option(help="Most neighbours (1..500).")] = 100,
    as_of: AsOfOpt = None,
    min_sources: MinSourcesOpt = 0,
    url: UrlOpt = None,
    api_key: KeyOpt = None,
    output: FormatOpt = Output.TABLE,
) -> None:
    """Show an entity's relations to its neighbours: `geokg query neighbors Kazakhstan`.

    `--as-of 2022-01-01` shows them as they stood on that date.
    """
    with _client(url, api_key) as kg:
        entity_id = resolve(kg, entity)
        graph = kg.neighbors(
            entity_id,
            relation,
            direction.value,
            depth,
            min_confidence,
            limit,
            as_of=as_of,
            min_sources=min_sources,
        )
    _print_edges(graph, output)


def status_of(relation: Edge | StoredRelation) -> str:
    """ "ended 2024-02-23" for a relation that has ended, "contested" for one stated
    again after an end (or whose end has no date), else nothing."""
    if relation.ended is not None:
        return f"ended {relation.ended.on}" if relation.ended.on else "ended"
    return "contested" if getattr(relation, "contested", False) else ""


def _print_edges(graph: Subgraph, output: Output) -> None:
    if output is Output.JSON:
        return _print_json(graph)
    names = {n.id: n.name for n in graph.nodes}
    table = Table("source", "relation", "target", "confidence", "evidence", "status")
    for edge in graph.edges:
        table.add_row(
            names.get(edge.source, edge.source),
            edge.type,
            names.get(edge.target, edge.target),
            f"{edge.confidence:.2f}",
            str(edge.evidence_count),
            status_of(edge),
        )
    _print_table(table)


def _seen(relation: StoredRelation) -> str:
    if relation.first_seen == relation.last_seen:
        return relation.first_seen or ""
    return f"{relation.first_seen or '?'} to {relation.last_seen or '?'}"


def _sources(relation: StoredRelation) -> str:
    return ", ".join(f"{name} ({count})" for name, count in sorted(relation.sources.items()))


@query_app.command()
def relations(
    source: Annotated[
        str | None, typer.Option(help="Source entity id or name, e.g. Armenia.")
    ] = None,
    target: Annotated[str | None, typer.Option(help="Target entity id or name, e.g. CSTO.")] = None,
    type: Annotated[
        RelationType | None,
        typer.Option("--type", "-t", case_sensitive=False, help="Only this relation type."),
    ] = None,
    min_confidence: Annotated[float, typer.Option(help="Drop weaker relations (0..1).")] = 0.0,
    as_of: AsOfOpt = None,
    min_sources: MinSourcesOpt = 0,
    contested: Annotated[
        bool | None,
        typer.Option(
            "--contested/--uncontested",
            help="Only relations with evidence of their end (a withdrawal, a suspension), "
            "or only those without. Default: both.",
        ),
    ] = None,
    limit: Annotated[int, typer.Option(help="Most relations (1..500).")] = 50,
    url: UrlOpt = None,
    api_key: KeyOpt = None,
    output: FormatOpt = Output.TABLE,
) -> None:
    """List relations with when they were seen, their sources and whether they ended:
    `geokg query relations --source Armenia --type MEMBER_OF`."""
    with _client(url, api_key) as kg:
        source = resolve(kg, source) if source else None
        target = resolve(kg, target) if target else None
        page = kg.relations(
            source,
            target,
            type,
            min_confidence,
            limit,
            as_of=as_of,
            min_sources=min_sources,
            contested=contested,
        )
    if output is Output.JSON:
        return _print_json(page)
    table = Table("source", "relation", "target", "confidence", "seen", "sources", "status")
    for id_column in (table.columns[0], table.columns[2]):  # ids are copied: never cut
        id_column.no_wrap = True
    for r in page.items:
        table.add_row(
            r.source,
            r.type,
            r.target,
            f"{r.confidence:.2f}",
            _seen(r),
            _sources(r),
            status_of(r),
        )
    _print_table(table)


def _describe(path: Path) -> str:
    names = {n.id: n.name for n in path.nodes}
    parts = [path.nodes[0].name] if path.nodes else []
    current = path.nodes[0].id if path.nodes else ""
    for rel in path.relations:
        forward = rel.source == current
        current = rel.target if forward else rel.source
        arrow = f"-[{rel.type}]->" if forward else f"<-[{rel.type}]-"
        parts += [arrow, names.get(current, current)]
    return " ".join(parts)


@query_app.command()
def path(
    source: Annotated[str, typer.Argument(help="Start entity id or name, e.g. country:KAZ.")],
    target: Annotated[str, typer.Argument(help="End entity id or name, e.g. NATO.")],
    max_hops: Annotated[int, typer.Option(help="Longest path to look for (1..6).")] = 4,
    as_of: AsOfOpt = None,
    url: UrlOpt = None,
    api_key: KeyOpt = None,
    output: FormatOpt = Output.TABLE,
) -> None:
    """Show the shortest paths between two entities: `geokg query path country:KAZ org:nato`."""
    with _client(url, api_key) as kg:
        source, target = resolve(kg, source), resolve(kg, target)
        found = kg.shortest_paths(source, target, max_hops, as_of=as_of)
    if output is Output.JSON:
        return _print_json(found)
    if not found.paths:
        when = f" as of {as_of}" if as_of else ""
        typer.echo(f"no path of at most {max_hops} hops from {source} to {target}{when}", err=True)
        raise typer.Exit(1)
    table = Table("#", "hops", "path")
    for i, p in enumerate(found.paths, 1):
        table.add_row(str(i), str(len(p.relations)), _describe(p))
    _print_table(table)


@query_app.command()
def subgraph(
    entities: Annotated[list[str], typer.Argument(help="Entity ids or names, e.g. Armenia CSTO.")],
    depth: Annotated[int, typer.Option(help="Hops to follow from them (0..3).")] = 1,
    as_of: AsOfOpt = None,
    url: UrlOpt = None,
    api_key: KeyOpt = None,
    output: FormatOpt = Output.TABLE,
) -> None:
    """Show the relations among entities and their surroundings:
    `geokg query subgraph Armenia Azerbaijan --depth 0 --as-of 2023-01-01`."""
    with _client(url, api_key) as kg:
        ids: Sequence[str] = [resolve(kg, e) for e in entities]
        graph = kg.subgraph(ids, depth, as_of=as_of)
    _print_edges(graph, output)
