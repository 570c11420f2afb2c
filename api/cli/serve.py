"""`geokg serve`: run the REST API with uvicorn."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from api.cli.app import app
from api.cli.common import err, load_settings

__all__ = ["serve"]


@app.command()
def serve(
    host: Annotated[
        str | None,
        typer.Option(help="Interface to listen on (default: $GEOKG_HOST, else 127.0.0.1)."),
    ] = None,
    port: Annotated[
        int | None,
        typer.Option(min=0, max=65535, help="Port to listen on (default: $GEOKG_PORT, else 8000)."),
    ] = None,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Serve the REST API (OpenAPI docs at /docs) over the configured store.

    The store and everything else come from GEOKG_* variables: GEOKG_STORE=memory
    (GEOKG_MEMORY_PATH, else GEOKG_HOME/graph.sqlite, else the user data directory) or
    neo4j (GEOKG_NEO4J_URI, _USER, _PASSWORD). Writes (POST/DELETE /documents) need
    an X-API-Key from GEOKG_API_KEYS (comma-separated); without keys the service is
    read-only.
    """
    import uvicorn

    from api.app import create_app
    from api.server import server_config

    settings = load_settings()
    err.print(f"store: {settings.store_location()}", highlight=False, soft_wrap=True)
    overrides: dict[str, Any] = {"host": host or settings.host, "log_level": log_level}
    if port is not None:
        overrides["port"] = port
    uvicorn.Server(server_config(create_app(settings), settings, **overrides)).run()
