"""Request dependencies: the resources the lifespan built, and the API-key checks.

Routes ask for what they need through the `Annotated` aliases below
(`store: StoreDep`), never by reaching into `app.state` themselves.
"""

from __future__ import annotations

import secrets
import threading
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader

from api.errors import ApiKeyMissing, ApiKeyRejected
from api.settings import Settings
from graph.extract import Extractor
from graph.store import open_store
from graph.store.base import GraphStore

__all__ = [
    "ExtractorDep",
    "ReadAccess",
    "SettingsDep",
    "StoreDep",
    "StoreHolder",
    "StoreHolderDep",
    "WriteAccess",
]

_api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, scheme_name="ApiKey")


class StoreHolder:
    """Opens the store once and hands it out; retries the open while it is unreachable.

    A Bolt server that is down when the service starts must not stop the service:
    requests then answer 503 (`StoreUnavailable`) until the server comes back.
    """

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._store: GraphStore | None = None
        self._lock = threading.Lock()

    def get(self) -> GraphStore:
        store = self._store
        if store is None:
            with self._lock:
                if self._store is None:
                    self._store = open_store(self._settings.store_config())
                store = self._store
        return store

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _holder(request: Request) -> StoreHolder:
    holder: StoreHolder = request.app.state.store_holder
    return holder


def _store(request: Request) -> GraphStore:
    return _holder(request).get()


def _extractor(request: Request) -> Extractor:
    extractor: Extractor = request.app.state.extractor
    return extractor


SettingsDep = Annotated[Settings, Depends(_settings)]
StoreDep = Annotated[GraphStore, Depends(_store)]
StoreHolderDep = Annotated[StoreHolder, Depends(_holder)]
ExtractorDep = Annotated[Extractor, Depends(_extractor)]


def _check_key(settings: Settings, key: str | None) -> None:
    if not key:
        raise ApiKeyMissing()
    # Compare against every key in constant time so timing reveals nothing.
    accepted = False
    for candidate in settings.api_key_set:
        accepted |= secrets.compare_digest(key.encode(), candidate.encode())
    if not accepted:
        raise ApiKeyRejected()


def require_write_key(
    settings: SettingsDep, key: Annotated[str | None, Security(_api_key_header)]
) -> None:
    """POST/DELETE need a configured key; with none configured, writes are refused."""
    _check_key(settings, key)


def require_read_key(
    settings: SettingsDep, key: Annotated[str | None, Security(_api_key_header)]
) -> None:
    """Reads need a key only when `Settings.read_requires_key` is set."""
    if settings.read_requires_key:
        _check_key(settings, key)


WriteAccess = Depends(require_write_key)
ReadAccess = Depends(require_read_key)
