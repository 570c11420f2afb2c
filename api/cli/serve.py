"""`geokg serve`: run the REST API with uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from api.cli.app import app

__all__ = ["serve"]


@app.command()
def serve(
    host: Annotated[
        str | None,
        typer.Option(help="Interface to listen on (default: $GEOKG_HOST, else 127.0.0.1)."),
    ] = None,
    port: Annotated[
        int | None, typer.Option(help="Port to listen on (default: $GEOKG_PORT, else 8000).")
    ] = None,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Serve the REST API (OpenAPI docs at /docs) over the configured store.

    The store and everything else come from GEOKG_* variables: GEOKG_STORE=memory
    (GEOKG_MEMORY_PATH) or neo4j (GEOKG_NEO4J_URI, _USER, _PASSWORD). Writes
    (POST/DELETE /documents) need an X-API-Key from GEOKG_API_KEYS (comma-separated);
    without keys the service is read-only.
    """
    import uvicorn

    from api.app import create_app
    from api.settings import Settings

    settings = Settings()
    uvicorn.run(
        create_app(settings),
        host=host or settings.host,
        port=port if port is not None else settings.port,
        log_level=log_level,
    )
