"""The FastAPI application: `create_app(settings)` builds it, `geokg serve` runs it.

    from api.app import create_app
    app = create_app()                 # Settings() from GEOKG_* variables

The lifespan opens the store and loads the extractor once and closes them on
shutdown; nothing connects at import time. A store that cannot be reached at
start-up does not stop the service: requests answer 503 until it is back.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from api.deps import ReadAccess, StoreCall, StoreHolder
from api.errors import install_error_handlers, problem_media_types, problem_responses
from api.limits import BodySizeLimit
from api.routes import documents, entities, explorer, graphs, health, relations, stats
from api.settings import Settings
from graph.errors import StoreUnavailable
from graph.extract import Extractor

__all__ = ["create_app"]

log = logging.getLogger("geokg.api")

_DESCRIPTION = """\
Entities (countries, organisations, people, military bases) and the relations
between them, each backed by the sentences that state it.

Errors are `application/problem+json` (RFC 9457). `POST` and `DELETE` need an
`X-API-Key` header holding one of the keys in `GEOKG_API_KEYS`; with no keys
configured the service is read-only (401 without a key, 403 with any key).
"""


def create_app(settings: Settings | None = None, *, extractor: Extractor | None = None) -> FastAPI:
    """Build the service from `settings` (default: `Settings()` from the environment).

    `extractor` shares an already-loaded Extractor (e.g. between apps in tests);
    without it the lifespan loads `settings.spacy_model`.
    """
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        holder = StoreHolder(settings)
        try:
            await run_in_threadpool(holder.get)
        except StoreUnavailable as exc:
            log.warning("store not reachable at start-up, answering 503 until it is: %s", exc)
        app.state.store_holder = holder
        app.state.extractor = extractor or await run_in_threadpool(Extractor, settings.spacy_model)
        try:
            yield
        finally:
            await run_in_threadpool(holder.close)
            app.state.extractor = None

    app = FastAPI(
        title="geokg",
        version="0.1.0",
        description=_DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store_call = StoreCall(inline=settings.store == "memory")
    install_error_handlers(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)

    # Reads carry the key check (and its OpenAPI security entry) only when configured.
    read_deps = [ReadAccess] if settings.read_requires_key else []
    read_responses = problem_responses(401, 403) if settings.read_requires_key else {}
    read_modules = (entities, relations, graphs, documents, stats)
    for module in read_modules:
        app.include_router(module.router, dependencies=read_deps, responses=read_responses)
    app.include_router(health.router)
    # For the Allow header of 405 answers (see api.errors).
    app.state.api_routes = [
        route
        for module in (*read_modules, health)
        for route in module.router.routes
        if isinstance(route, APIRoute)
    ]
    app.include_router(explorer.router)  # the page at `/`, outside the OpenAPI schema

    _patch_openapi(app)
    return app


def _patch_openapi(app: FastAPI) -> None:
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            problem_media_types(build())
        return app.openapi_schema or build()

    app.openapi = openapi  # type: ignore[method-assign]
