"""What the sync and async clients share: errors, one request's recipe, retry policy.

A `Call` says how to make one request and how to read its answer; both clients
just send it. Only httpx, pydantic and the shared models are imported here.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import httpx
import pydantic

from api.schemas import Page, Problem

__all__ = [
    "Call",
    "ClientError",
    "NotFound",
    "Pager",
    "RetryPolicy",
    "Unauthorized",
    "Unavailable",
    "ValidationError",
    "error_for",
    "invalid_input",
    "unreachable",
]

T = TypeVar("T")

Params = list[tuple[str, str | int | float | bool | None]]


class ClientError(Exception):
    """Base of every error the client raises; `status` and `problem` when the server answered."""

    def __init__(
        self, message: str, status: int | None = None, problem: Problem | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.problem = problem


class NotFound(ClientError):
    """404: no entity or document has that id."""


class Unauthorized(ClientError):
    """401 (no API key) or 403 (a key the server does not accept)."""


class ValidationError(ClientError):
    """422 (invalid parameters or body) or 413 (body too large)."""


class Unavailable(ClientError):
    """503 (the server's store is unreachable) or the server itself cannot be reached."""


_ERRORS: dict[int, type[ClientError]] = {
    401: Unauthorized,
    403: Unauthorized,
    404: NotFound,
    413: ValidationError,
    422: ValidationError,
    503: Unavailable,
}


def error_for(response: httpx.Response) -> ClientError:
    """The exception for an error response, carrying its problem document when it has one."""
    problem: Problem | None = None
    with contextlib.suppress(ValueError):  # not JSON, or not a problem document
        problem = Problem.model_validate(response.json())
    status = response.status_code
    what = f"{response.request.method} {response.request.url.path}"
    if problem is not None:
        message = f"{status} {problem.title}: {problem.detail or what}"
    else:
        message = f"{status} {response.reason_phrase}: {what}"
    return _ERRORS.get(status, ClientError)(message, status=status, problem=problem)


@dataclass(frozen=True)
class Call(Generic[T]):
    """One request: method, path, query, body, and how a success is read."""

    method: str
    path: str
    read: Callable[[httpx.Response], T]
    params: Params = field(default_factory=list)
    json: dict[str, Any] | None = None
    ok: frozenset[int] = frozenset({200, 201, 204})

    @property
    def idempotent(self) -> bool:
        return self.method in {"GET", "HEAD"}

    def result(self, response: httpx.Response) -> T:
        """The parsed answer, or the matching `ClientError` raised."""
        if response.status_code not in self.ok:
            raise error_for(response)
        try:
            return self.read(response)
        except pydantic.ValidationError as exc:  # e.g. a server of another version
            raise ClientError(
                f"unexpected answer to {self.method} {self.path}: {exc}",
                status=response.status_code,
            ) from exc


@dataclass(frozen=True)
class RetryPolicy:
    """GETs retry on connection errors and 502/503/504, waiting `backoff * 2**attempt`.

    Writes are never retried: a lost answer must not store or delete twice.
    """

    retries: int = 3
    backoff: float = 0.2
    statuses: frozenset[int] = frozenset({502, 503, 504})

    def delay(
        self, call: Call[Any], attempt: int, response: httpx.Response | None = None
    ) -> float | None:
        """Seconds to wait before trying `call` again, or None to stop."""
        if not call.idempotent or attempt >= self.retries:
            return None
        if response is not None and (
            response.status_code not in self.statuses or response.status_code in call.ok
        ):
            return None
        return self.backoff * 2.0**attempt


# A function from an offset to the request for the page starting there.
Pager = Callable[[int], "Call[Page[T]]"]


def invalid_input(what: str, exc: pydantic.ValidationError) -> ValidationError:
    """The client's own `ValidationError` for arguments refused before any request."""
    problems = "; ".join(
        f"{'.'.join(map(str, e['loc'])) or 'value'}: {e['msg']}" for e in exc.errors()[:5]
    )
    return ValidationError(f"invalid arguments to {what}: {problems}")


def unreachable(call: Call[Any], base_url: httpx.URL, exc: httpx.TransportError) -> Unavailable:
    return Unavailable(f"cannot reach {base_url} ({call.method} {call.path}): {exc}")
