"""ASGI middleware guarding every request: API keys before bodies, security headers after.

`KeyGate` answers 401/403 for a route that needs a key before the route (and so
FastAPI's body parser) runs: an unauthenticated client never learns how its body
would have been judged, and no body is read for it. `SecurityHeaders` adds
`nosniff`, a frame ban and a Content-Security-Policy to every answer, error
pages and the docs pages included; a route that sets its own CSP keeps it.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable

from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import PROBLEM_JSON, ApiKeyMissing, ApiKeyRejected, problem_bytes

__all__ = ["DEFAULT_CSP", "KeyGate", "SecurityHeaders", "key_refusal"]

# JSON answers need nothing from anywhere; pages that do set their own policy.
DEFAULT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]


def key_refusal(accepted: frozenset[str], key: str | None) -> HTTPException | None:
    """None when `key` is one of `accepted`, else the 401 or 403 to answer."""
    if not key:
        return ApiKeyMissing()
    # Compare against every key in constant time so timing reveals nothing.
    ok = False
    for candidate in accepted:
        ok |= secrets.compare_digest(key.encode(), candidate.encode())
    return None if ok else ApiKeyRejected()


class KeyGate:
    """Refuses requests to `routes` without an accepted `X-API-Key`, before the route runs."""

    def __init__(self, app: ASGIApp, routes: Iterable[APIRoute], keys: frozenset[str]) -> None:
        self.app = app
        self.keys = keys
        self.guarded: list[tuple[re.Pattern[str], set[str]]] = [
            (route.path_regex, set(route.methods or ())) for route in routes
        ]

    def _guards(self, scope: Scope) -> bool:
        path, method = scope.get("path", ""), scope.get("method", "")
        return any(method in methods and regex.match(path) for regex, methods in self.guarded)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self._guards(scope):
            key = _header(scope, b"x-api-key")
            refusal = key_refusal(self.keys, key)
            if refusal is not None:
                await _answer(send, refusal.status_code, refusal.detail)
                return
        await self.app(scope, receive, send)


class SecurityHeaders:
    """Adds nosniff, frame and referrer bans and a default CSP to every HTTP answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                headers += [(n, v) for n, v in _HEADERS if n not in names]
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", DEFAULT_CSP.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value).decode("latin-1")
    return None


async def _answer(send: Send, status: int, detail: str) -> None:
    body = problem_bytes(status, detail)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", PROBLEM_JSON.encode()),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
