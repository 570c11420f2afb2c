"""Assertions on RFC 9457 problem answers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

__all__ = ["assert_problem"]


class Answer(Protocol):
    """What httpx's and the TestClient's (httpx2) responses have in common here."""

    @property
    def status_code(self) -> int: ...
    @property
    def headers(self) -> Mapping[str, str]: ...
    @property
    def text(self) -> str: ...
    def json(self) -> Any: ...


def assert_problem(response: Answer, status: int) -> dict[str, Any]:
    """The response is a problem document with `status`, a title and no traceback."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["title"]
    assert body.get("type", "about:blank") == "about:blank"
    assert "Traceback" not in response.text
    return body
