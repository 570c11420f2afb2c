"""Assertions on RFC 9457 problem answers."""

from __future__ import annotations

from typing import Any

import httpx

__all__ = ["assert_problem"]


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    """The response is a problem document with `status`, a title and no traceback."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["title"]
    assert body.get("type", "about:blank") == "about:blank"
    assert "Traceback" not in response.text
    return body
