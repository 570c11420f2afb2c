"""What every command shares: one-line errors, settings that fail cleanly, the store."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer
from rich.console import Console

if TYPE_CHECKING:
    from api.settings import Settings
    from graph.store.base import GraphStore

__all__ = ["USAGE", "err", "fail", "load_settings", "open_configured_store", "warn"]

USAGE = 2  # exit status for configuration and usage errors (as click uses for usage)

err = Console(stderr=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print `error: message` on stderr; raise the returned Exit to stop with `code`."""
    err.print(f"[red]error:[/red] {message}", markup=True, highlight=False, soft_wrap=True)
    return typer.Exit(code)


def warn(message: str) -> None:
    err.print(f"[yellow]warning:[/yellow] {message}", highlight=False, soft_wrap=True)


def load_settings() -> Settings:
    """The GEOKG_* settings; an invalid value prints one line and exits 2."""
    from api.settings import ConfigError
    from api.settings import load_settings as load

    try:
        return load()
    except ConfigError as exc:
        raise fail(str(exc), USAGE) from None


@contextmanager
def open_configured_store(settings: Settings, *, announce: bool = False) -> Iterator[GraphStore]:
    """The configured store; `GeoKGError`s (locked, corrupt, unreachable) exit 1 cleanly.

    With `announce`, says on stderr which store this is (the file, or the Bolt URI).
    """
    from graph.errors import GeoKGError
    from graph.store import open_store

    if announce:
        err.print(f"store: {settings.store_location()}", highlight=False, soft_wrap=True)
    try:
        store = open_store(settings.store_config())
    except GeoKGError as exc:
        raise fail(str(exc)) from None
    try:
        yield store
    except GeoKGError as exc:
        raise fail(str(exc)) from None
    finally:
        store.close()
