"""Request dependencies: the resources the lifespan built, and the API-key checks.

Routes ask for what they need through the `Annotated` aliases below
(`store: StoreDep`), never by reaching into `app.state` themselves.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Annotated, ParamSpec, TypeVar

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader
from starlette.concurrency import run_in_threadpool

from api.security import key_refusal
from api.settings import Settings
from graph.analytics import Flights
from graph.extract import Extractor
from graph.store import open_store
from graph.store.base import GraphStore

__all__ = [
    "ExtractorDep",
    "ReadAccess",
    "SettingsDep",
    "StoreCall",
    "StoreCallDep",
    "StoreDep",
    "StoreHolder",
    "StoreHolderDep",
    "WriteAccess",
]

P = ParamSpec("P")
T = TypeVar("T")

_api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, scheme_name="ApiKey")


class StoreCall:
    """Runs a store read: inline for the embedded store when it is free, in the threadpool
    otherwise.

    Embedded-store reads are short, bounded, CPU-bound calls on in-memory data; under
    the GIL a worker thread makes them no faster, and the hand-off to and from the
    threadpool costs more than the call itself. Network stores block on I/O, so their
    calls go to the threadpool. Long reads (paths, subgraphs, analytics) and every
    write stay in the threadpool for all stores (their routes are plain `def`).
    """

    def __init__(self, inline: bool) -> None:
        self.inline = inline

    async def __call__(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        if self.inline and _answers_now(fn):
            return fn(*args, **kwargs)
        return await run_in_threadpool(fn, *args, **kwargs)


def _answers_now(fn: Callable[..., object]) -> bool:
    """Whether a store method would answer without waiting: the embedded store says so
    (`answers_now`) while no writer holds its graph and no other process's write waits
    to be applied; otherwise the call goes to the threadpool so the event loop (and
    `/health`) never waits for it."""
    answers_now = getattr(getattr(fn, "__self__", None), "answers_now", None)
    return answers_now is None or bool(answers_now())


class StoreHolder:
    """Opens the store once and hands it out; retries the open while it is unreachable.

    A Bolt server that is down when the service starts must not stop the service:
    requests then answer 503 (`StoreUnavailable`) until the server comes back.
    """

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._store: GraphStore | None = None
        self._flights: Flights | None = None
        self._lock = threading.Lock()

    def get(self) -> GraphStore:
        store = self._store
        if store is None:
            with self._lock:
                if self._store is None:
                    self._store = open_store(self._settings.store_config())
                    self._flights = Flights(self._store)
                store = self._store
        return store

    def analytics(self) -> Flights:
        """The store's shared analytics computations (opens the store if need be)."""
        self.get()
        assert self._flights is not None
        return self._flights

    def close(self) -> None:
        with self._lock:
            if self._flights is not None:
                self._flights.close()
                self._flights = None
            if self._store is not None:
                self._store.close()
                self._store = None


# The dependencies below are `async def` on purpose: they never block, and FastAPI
# would run plain `def` dependencies through the threadpool, one hop each.


async def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def _holder(request: Request) -> StoreHolder:
    holder: StoreHolder = request.app.state.store_holder
    return holder


async def _store(request: Request) -> GraphStore:
    # Opening is cheap after start-up: the lifespan opened the store, or (Bolt) it only
    # builds a driver, which connects lazily.
    holder: StoreHolder = request.app.state.store_holder
    return holder.get()


async def _store_call(request: Request) -> StoreCall:
    call: StoreCall = request.app.state.store_call
    return call


async def _extractor(request: Request) -> Extractor:
    extractor: Extractor = request.app.state.extractor
    return extractor


SettingsDep = Annotated[Settings, Depends(_settings)]
StoreDep = Annotated[GraphStore, Depends(_store)]
StoreHolderDep = Annotated[StoreHolder, Depends(_holder)]
StoreCallDep = Annotated[StoreCall, Depends(_store_call)]
ExtractorDep = Annotated[Extractor, Depends(_extractor)]


def _check_key(settings: Settings, key: str | None) -> None:
    # `api.security.KeyGate` refuses these before the body is read; this check keeps
    # the routes safe on their own and documents the key in the OpenAPI schema.
    refusal = key_refusal(settings.api_key_set, key)
    if refusal is not None:
        raise refusal


async def require_write_key(
    settings: SettingsDep, key: Annotated[str | None, Security(_api_key_header)]
) -> None:
    """POST/DELETE need a configured key; with none configured, writes are refused."""
    _check_key(settings, key)


async def require_read_key(
    settings: SettingsDep, key: Annotated[str | None, Security(_api_key_header)]
) -> None:
    """Reads need a key only when `Settings.read_requires_key` is set."""
    if settings.read_requires_key:
        _check_key(settings, key)


WriteAccess = Depends(require_write_key)
ReadAccess = Depends(require_read_key)
