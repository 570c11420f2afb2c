"""Every HTTP error status is decided here, and every error is `application/problem+json`.

`graph.errors` exceptions, request validation failures, API-key and body-size
refusals all become RFC 9457 problem documents; anything unexpected becomes a
bare 500 problem with no stack trace or internals.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from api.schemas import Problem
from graph import errors as graph_errors

__all__ = [
    "PROBLEM_JSON",
    "ApiKeyMissing",
    "ApiKeyRejected",
    "PayloadTooLarge",
    "install_error_handlers",
    "problem_bytes",
    "problem_media_types",
    "problem_response",
    "problem_responses",
]

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("geokg.api")

# graph.errors -> (status, title); looked up along the exception's MRO, so the
# most specific class wins and a new subclass inherits its parent's status.
_GRAPH_STATUS: dict[type[Exception], tuple[int, str]] = {
    graph_errors.NotFound: (404, "Not Found"),
    graph_errors.StoreUnavailable: (503, "Store Unavailable"),
    graph_errors.StoreLocked: (503, "Store Locked"),
    graph_errors.StoreCorrupt: (503, "Store Corrupt"),
    graph_errors.StoreError: (500, "Store Error"),
    graph_errors.ExtractionError: (422, "Unprocessable Text"),
    graph_errors.GeoKGError: (500, "Internal Server Error"),
}

_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Content Too Large",
    422: "Unprocessable Content",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


class ApiKeyMissing(HTTPException):
    """401: the request needs an `X-API-Key` header and has none."""

    def __init__(self) -> None:
        super().__init__(401, "This request needs an X-API-Key header.")


class ApiKeyRejected(HTTPException):
    """403: the `X-API-Key` given is not one of the configured keys."""

    def __init__(self) -> None:
        super().__init__(403, "The X-API-Key given is not accepted (see GEOKG_API_KEYS).")


class PayloadTooLarge(HTTPException):
    """413: the request body is over `Settings.max_body_bytes`.

    An HTTPException so FastAPI's body reader passes it through unchanged.
    """

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"The request body is over the limit of {limit} bytes.")


def _problem(
    status: int, detail: str | None, title: str | None = None, **extra: Any
) -> dict[str, Any]:
    title = title or _TITLES.get(status, "Error")
    body = Problem(title=title, status=status, detail=detail, **extra)
    return body.model_dump(mode="json", exclude_none=True)


def problem_bytes(status: int, detail: str | None = None) -> bytes:
    """A problem document as bytes, for raw ASGI code that has no Request."""
    return json.dumps(_problem(status, detail), separators=(",", ":")).encode("utf-8")


def problem_response(
    status: int,
    detail: str | None = None,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    return JSONResponse(
        _problem(status, detail, **extra),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


def _graph_status(exc: Exception) -> tuple[int, str]:
    for cls in type(exc).__mro__:
        if cls in _GRAPH_STATUS:
            return _GRAPH_STATUS[cls]
    return 500, _TITLES[500]


async def _on_graph_error(request: Request, exc: Exception) -> JSONResponse:
    status, title = _graph_status(exc)
    if status >= 500 and status != 503:
        log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        return problem_response(status, None, title=title)
    return problem_response(status, str(exc) or None, title=title)


def _allowed_methods(request: Request) -> str:
    # Starlette's 405 lists only the first route matching the path; list them all.
    path = request.scope.get("path", "")
    methods: set[str] = set()
    for route in getattr(request.app.state, "api_routes", ()):
        if route.path_regex.match(path):
            methods |= route.methods
    return ", ".join(sorted(methods))


async def _on_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 400:
        # FastAPI's only 400 is a body it cannot decode (e.g. not UTF-8): an invalid body.
        unreadable = "body: cannot be read as UTF-8 JSON"
        return problem_response(
            422, unreadable, errors=[{"loc": ["body"], "msg": unreadable, "type": "json_invalid"}]
        )
    detail = exc.detail if exc.detail != _TITLES.get(exc.status_code) else None
    headers = dict(exc.headers or {})
    if exc.status_code == 405 and (allowed := _allowed_methods(request)):
        headers["Allow"] = allowed
    return problem_response(exc.status_code, detail, headers=headers)


async def _on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {
            "loc": [str(p) if not isinstance(p, int) else p for p in e.get("loc", ())],
            "msg": str(e.get("msg", "")),
            "type": str(e.get("type", "")),
        }
        for e in exc.errors()
    ]
    detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors[:5])
    return problem_response(422, detail or "Invalid request.", errors=errors)


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
    return problem_response(500, None)


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers above on `app` (called once by `create_app`)."""
    app.add_exception_handler(graph_errors.GeoKGError, _on_graph_error)
    app.add_exception_handler(HTTPException, _on_http_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(Exception, _on_unexpected)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries documenting problem answers for `statuses`."""
    return {
        status: {
            "model": Problem,
            "description": _TITLES.get(status, "Error"),
            "content": {PROBLEM_JSON: {}},
        }
        for status in statuses
    }


def problem_media_types(openapi: dict[str, Any]) -> dict[str, Any]:
    """Move error schemas FastAPI put under `application/json` to `application/problem+json`."""
    for operations in openapi.get("paths", {}).values():
        for operation in operations.values():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if (
                    str(status).isdigit()
                    and int(status) >= 400
                    and PROBLEM_JSON in content
                    and "application/json" in content
                ):
                    content[PROBLEM_JSON] = content.pop("application/json")
    return openapi
