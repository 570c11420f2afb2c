"""Command line entry point: `geokg` (see `geokg --help`).

Each command lives in its own module and imports heavy packages inside the
command, so `geokg --help` stays fast.
"""

from __future__ import annotations

from api.cli import (
    changes,  # noqa: F401  (registers commands)
    extract,  # noqa: F401
    ingest,  # noqa: F401
    query,  # noqa: F401
    serve,  # noqa: F401
)
from api.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    app()
