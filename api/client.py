"""Python client for the geokg HTTP API, sync and async, on httpx.

    from api.client import Client, NotFound, RelationType
    with Client("http://127.0.0.1:8000") as kg:
        kaz = kg.search_entities("kazakstan").items[0]
        for edge in kg.neighbors(kaz.id, RelationType.MEMBER_OF, depth=2).edges:
            print(edge.source, edge.type, edge.target)
        for doc in kg.iter_documents():
            ...
        for change in kg.iter_changes(entity=kaz.id):  # the change feed, page by page
            print(change.seq, change.kind, change.doc_id)

`AsyncClient` has the same methods as coroutines (iterators as async iterators).
Answers are the models the server emits (`graph.model`, `api.schemas`). Error
answers raise `NotFound`, `Unauthorized`, `ValidationError` or `Unavailable`, all
`ClientError`s, as do arguments refused before sending and any other failure.
GETs retry connection errors and 502/503/504 with backoff; writes
never retry. Importing this module loads neither fastapi, spaCy nor neo4j.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import inspect
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from types import TracebackType
from typing import Any, Generic, ParamSpec, Self, TypeVar

import httpx

from api import _client_calls as calls
from api._client_base import (
    Call,
    ClientError,
    NotFound,
    Pager,
    RetryPolicy,
    Unauthorized,
    Unavailable,
    ValidationError,
    unreachable,
)
from graph.model import (  # re-exported: arguments take them (or str), answers are them
    Change,
    ChangePage,
    EntityType,
    RelationType,
)

__all__ = [
    "AsyncClient",
    "Change",
    "ChangePage",
    "Client",
    "ClientError",
    "EntityType",
    "NotFound",
    "RelationType",
    "RetryPolicy",
    "Unauthorized",
    "Unavailable",
    "ValidationError",
]

P = ParamSpec("P")
T = TypeVar("T")

DEFAULT_URL = "http://127.0.0.1:8000"
# Seconds between two reads of the change feed's end while following it.
FOLLOW_INTERVAL = 2.0


def _headers(api_key: str | None) -> dict[str, str]:
    return {"X-API-Key": api_key} if api_key else {}


@contextlib.contextmanager
def _client_errors(what: str) -> Iterator[None]:
    """httpx's own errors (a bad URL, a broken answer) become `ClientError`s.

    Transport errors pass through: `_send` retries them, then raises `Unavailable`.
    """
    try:
        yield
    except httpx.TransportError:
        raise
    except (httpx.HTTPError, httpx.InvalidURL, httpx.CookieConflict) as exc:
        raise ClientError(f"{what}: {exc}") from exc
    except (TypeError, ValueError) as exc:  # e.g. an argument httpx cannot encode
        raise ClientError(f"{what}: {exc}") from exc


class _Method(Generic[P, T]):
    """A client method made from a `calls` builder; subclasses say how it is sent."""

    answer = "{}"  # how help() shows the return type, around the builder's `Call[X]`

    def __init__(self, build: Callable[P, Any]) -> None:
        self.build = build
        self.__doc__ = build.__doc__
        signature = inspect.signature(build)
        returns = str(signature.return_annotation)
        inner = returns[returns.index("[") + 1 : -1] if "[" in returns else returns
        self.signature = signature.replace(return_annotation=self.answer.format(inner))

    def __set_name__(self, owner: type, name: str) -> None:
        self.name, self.qualname = name, f"{owner.__name__}.{name}"

    def _named(self, method: Callable[..., Any]) -> None:
        functools.update_wrapper(method, self.build)
        del method.__wrapped__  # type: ignore[attr-defined]
        method.__name__, method.__qualname__ = self.name, self.qualname
        method.__signature__ = self.signature  # type: ignore[attr-defined]


class _Sync(_Method[P, T]):
    def __init__(self, build: Callable[P, Call[T]]) -> None:
        super().__init__(build)

    def __get__(self, client: Client, owner: Any = None) -> Callable[P, T]:
        build: Callable[P, Call[T]] = self.build

        def method(*args: P.args, **kwargs: P.kwargs) -> T:
            return client._send(build(*args, **kwargs))

        self._named(method)
        return method


class _Async(_Method[P, T]):
    answer = "Awaitable[{}]"

    def __init__(self, build: Callable[P, Call[T]]) -> None:
        super().__init__(build)

    def __get__(self, client: AsyncClient, owner: Any = None) -> Callable[P, Awaitable[T]]:
        build: Callable[P, Call[T]] = self.build

        async def method(*args: P.args, **kwargs: P.kwargs) -> T:
            return await client._send(build(*args, **kwargs))

        self._named(method)
        return method


class _SyncWalk(_Method[P, T]):
    answer = "Iterator[{}]"

    def __init__(self, build: Callable[P, Pager[T]]) -> None:
        super().__init__(build)

    def __get__(self, client: Client, owner: Any = None) -> Callable[P, Iterator[T]]:
        build: Callable[P, Pager[T]] = self.build

        def method(*args: P.args, **kwargs: P.kwargs) -> Iterator[T]:
            return client._walk(build(*args, **kwargs))

        self._named(method)
        return method


class _AsyncWalk(_Method[P, T]):
    answer = "AsyncIterator[{}]"

    def __init__(self, build: Callable[P, Pager[T]]) -> None:
        super().__init__(build)

    def __get__(self, client: AsyncClient, owner: Any = None) -> Callable[P, AsyncIterator[T]]:
        build: Callable[P, Pager[T]] = self.build

        def method(*args: P.args, **kwargs: P.kwargs) -> AsyncIterator[T]:
            return client._walk(build(*args, **kwargs))

        self._named(method)
        return method


class Client:
    """Blocking client; use as a context manager or call `close()`."""

    def __init__(
        self,
        base_url: str = DEFAULT_URL,
        api_key: str | None = None,
        timeout: float = 10.0,
        retry: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.retry = retry or RetryPolicy()
        with _client_errors(f"base_url {base_url!r}"):
            self._http = httpx.Client(
                base_url=base_url, headers=_headers(api_key), timeout=timeout, transport=transport
            )

    search_entities = _Sync(calls.search_entities)
    get_entity = _Sync(calls.get_entity)
    neighbors = _Sync(calls.neighbors)
    relations = _Sync(calls.relations)
    shortest_paths = _Sync(calls.shortest_paths)
    subgraph = _Sync(calls.subgraph)
    documents = _Sync(calls.documents)
    get_document = _Sync(calls.get_document)
    evidence = _Sync(calls.evidence)
    add_document = _Sync(calls.add_document)
    delete_document = _Sync(calls.delete_document)
    stats = _Sync(calls.stats)
    centrality = _Sync(calls.centrality)
    health = _Sync(calls.health)
    ready = _Sync(calls.ready)
    changes = _Sync(calls.changes)

    iter_entities = _SyncWalk(calls.entity_pages)
    iter_relations = _SyncWalk(calls.relation_pages)
    iter_evidence = _SyncWalk(calls.evidence_pages)
    iter_documents = _SyncWalk(calls.document_pages)

    def iter_changes(
        self,
        since: calls.Moment | None = None,
        entity: str | None = None,
        cursor: str | None = None,
        page_size: int = 100,
        follow: bool = False,
        interval: float = FOLLOW_INTERVAL,
    ) -> Iterator[Change]:
        """Every change of the feed from `cursor` (or the start, or `since`), following
        each page's cursor; with `follow`, keeps waiting `interval` seconds for new ones
        instead of stopping at the feed's current end."""
        while True:
            page = self._send(calls.changes(since, entity, cursor, page_size))
            yield from page.changes
            cursor = page.cursor
            if not page.more:
                if not follow:
                    return
                time.sleep(interval)

    def _walk(self, page: Pager[T]) -> Iterator[T]:
        offset: int | None = 0
        while offset is not None:
            answer = self._send(page(offset))
            yield from answer.items
            offset = answer.next_offset

    def _send(self, call: Call[T]) -> T:
        attempt = 0
        while True:
            try:
                with _client_errors(f"{call.method} {call.path}"):
                    response = self._http.request(
                        call.method, call.path, params=call.params, json=call.json
                    )
            except httpx.TransportError as exc:
                wait = self.retry.delay(call, attempt)
                if wait is None:
                    raise unreachable(call, self._http.base_url, exc) from exc
            else:
                wait = self.retry.delay(call, attempt, response)
                if wait is None:
                    return call.result(response)
            time.sleep(wait)
            attempt += 1

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class AsyncClient:
    """Asyncio client with the methods of `Client` as coroutines."""

    def __init__(
        self,
        base_url: str = DEFAULT_URL,
        api_key: str | None = None,
        timeout: float = 10.0,
        retry: RetryPolicy | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.retry = retry or RetryPolicy()
        with _client_errors(f"base_url {base_url!r}"):
            self._http = httpx.AsyncClient(
                base_url=base_url, headers=_headers(api_key), timeout=timeout, transport=transport
            )

    search_entities = _Async(calls.search_entities)
    get_entity = _Async(calls.get_entity)
    neighbors = _Async(calls.neighbors)
    relations = _Async(calls.relations)
    shortest_paths = _Async(calls.shortest_paths)
    subgraph = _Async(calls.subgraph)
    documents = _Async(calls.documents)
    get_document = _Async(calls.get_document)
    evidence = _Async(calls.evidence)
    add_document = _Async(calls.add_document)
    delete_document = _Async(calls.delete_document)
    stats = _Async(calls.stats)
    centrality = _Async(calls.centrality)
    health = _Async(calls.health)
    ready = _Async(calls.ready)
    changes = _Async(calls.changes)

    iter_entities = _AsyncWalk(calls.entity_pages)
    iter_relations = _AsyncWalk(calls.relation_pages)
    iter_evidence = _AsyncWalk(calls.evidence_pages)
    iter_documents = _AsyncWalk(calls.document_pages)

    async def iter_changes(
        self,
        since: calls.Moment | None = None,
        entity: str | None = None,
        cursor: str | None = None,
        page_size: int = 100,
        follow: bool = False,
        interval: float = FOLLOW_INTERVAL,
    ) -> AsyncIterator[Change]:
        """Every change of the feed from `cursor` (or the start, or `since`), following
        each page's cursor; with `follow`, keeps waiting `interval` seconds for new ones
        instead of stopping at the feed's current end."""
        while True:
            page = await self._send(calls.changes(since, entity, cursor, page_size))
            for change in page.changes:
                yield change
            cursor = page.cursor
            if not page.more:
                if not follow:
                    return
                await asyncio.sleep(interval)

    async def _walk(self, page: Pager[T]) -> AsyncIterator[T]:
        offset: int | None = 0
        while offset is not None:
            answer = await self._send(page(offset))
            for item in answer.items:
                yield item
            offset = answer.next_offset

    async def _send(self, call: Call[T]) -> T:
        attempt = 0
        while True:
            try:
                with _client_errors(f"{call.method} {call.path}"):
                    response = await self._http.request(
                        call.method, call.path, params=call.params, json=call.json
                    )
            except httpx.TransportError as exc:
                wait = self.retry.delay(call, attempt)
                if wait is None:
                    raise unreachable(call, self._http.base_url, exc) from exc
            else:
                wait = self.retry.delay(call, attempt, response)
                if wait is None:
                    return call.result(response)
            await asyncio.sleep(wait)
            attempt += 1

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()
