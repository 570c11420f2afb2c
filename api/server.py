"""How `geokg serve` runs uvicorn: connection timeouts, read limits, problem+json 400s.

uvicorn closes idle keep-alive connections but lets a client that never finishes its
request line and headers hold a socket forever, and answers malformed HTTP with a
`text/plain` 400. `GuardedH11Protocol` closes a connection whose request has not
fully arrived within `Settings.header_timeout` seconds of its first byte (or of the
connection opening), and answers protocol errors as `application/problem+json`.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
import uvicorn
from starlette.types import ASGIApp
from uvicorn.protocols.http.h11_impl import H11Protocol

from api.errors import PROBLEM_JSON, problem_bytes
from api.settings import Settings

__all__ = ["MAX_HEADER_BYTES", "GuardedH11Protocol", "server_config"]

# Largest request line plus headers accepted (uvicorn's h11 default, stated here).
MAX_HEADER_BYTES = 16 * 1024


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for each request's head."""

    header_timeout = 10.0  # set per server by `server_config`

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_deadline: asyncio.TimerHandle | None = None

    def _arm(self) -> None:
        self._disarm()
        self._head_deadline = self.loop.call_later(self.header_timeout, self._head_timed_out)

    def _disarm(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None

    def _head_timed_out(self) -> None:
        # Still no complete request head: drop the connection (there is no one to answer).
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:
            self._disarm()  # the head is in; the app and keep-alive take it from here
        elif self._head_deadline is None:
            self._arm()  # the first bytes of the next request on a kept-alive connection

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def send_400_response(self, msg: str) -> None:
        body = problem_bytes(400, msg)
        headers = [
            (b"content-type", PROBLEM_JSON.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"connection", b"close"),
        ]
        for event in (
            h11.Response(status_code=400, headers=headers, reason=b"Bad Request"),
            h11.Data(data=body),
            h11.EndOfMessage(),
        ):
            self.transport.write(self.conn.send(event))
        self.transport.close()


def server_config(app: ASGIApp, settings: Settings, **overrides: Any) -> uvicorn.Config:
    """The uvicorn configuration `geokg serve` uses (tests build their servers with it)."""
    protocol = type(
        "GuardedH11Protocol", (GuardedH11Protocol,), {"header_timeout": settings.header_timeout}
    )
    options: dict[str, Any] = {
        "host": settings.host,
        "port": settings.port,
        "http": protocol,
        "ws": "none",
        "lifespan": "on",
        "timeout_keep_alive": settings.keep_alive_timeout,
        "limit_concurrency": settings.max_connections,
        "h11_max_incomplete_event_size": MAX_HEADER_BYTES,
        "timeout_graceful_shutdown": 10,
        "server_header": False,
    }
    return uvicorn.Config(app, **(options | overrides))
