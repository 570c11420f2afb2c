"""The FastAPI application: `create_app(settings)` builds it, `geokg serve` runs it.

    from api.app import create_app
    app = create_app()                 # Settings() from GEOKG_* variables

The lifespan opens the store and loads the extractor once and closes them on
shutdown; nothing connects at import time. A store that cannot be reached at
start-up does not stop the service: requests answer 503 until it is back.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp

from api import __version__
from api.deps import ReadAccess, StoreCall, StoreHolder, require_read_key, require_write_key
from api.errors import install_error_handlers, problem_media_types, problem_responses
from api.limits import BodySizeLimit
from api.routes import (
    apidocs,
    changes,
    documents,
    entities,
    explorer,
    graphs,
    health,
    relations,
    stats,
)
from api.security import KeyGate, SecurityHeaders
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
        version=__version__,
        description=_DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served from local files by api.routes.apidocs
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store_call = StoreCall(inline=settings.store == "memory")
    install_error_handlers(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)

    # Reads carry the key check (and its OpenAPI security entry) only when configured.
    read_deps = [ReadAccess] if settings.read_requires_key else []
    read_responses = problem_responses(401, 403) if settings.read_requires_key else {}
    read_modules = (entities, relations, graphs, documents, changes, stats)
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
    app.include_router(apidocs.router)

    keyed = [r for r in app.state.api_routes if _checks_key(r)]
    if settings.read_requires_key:
        keyed += [r for m in read_modules for r in m.router.routes if isinstance(r, APIRoute)]
    app.add_middleware(KeyGate, routes=keyed, keys=settings.api_key_set)
    _patch_openapi(app)
    _outermost(app, SecurityHeaders)
    return app


def _checks_key(route: APIRoute) -> bool:
    """Whether the route's own dependencies check an API key (writes do)."""
    return any(d.dependency in (require_write_key, require_read_key) for d in route.dependencies)


def _outermost(app: FastAPI, middleware: Callable[[ASGIApp], ASGIApp]) -> None:
    # add_middleware() stays inside Starlette's ServerErrorMiddleware, whose 500 answers
    # would then miss the headers; wrapping the built stack covers every answer.
    build = app.build_middleware_stack

    def build_wrapped() -> ASGIApp:
        return middleware(build())

    app.build_middleware_stack = build_wrapped  # type: ignore[method-assign]


def _patch_openapi(app: FastAPI) -> None:
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            problem_media_types(build())
        return app.openapi_schema or build()

    app.openapi = openapi  # type: ignore[method-assign]
