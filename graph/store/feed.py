"""The change feed's parameters, checked the same way by every store.

    after = check_cursor(cursor)   # the last seq a previous page returned (0: the start)
    when = check_since(since)      # UTC, microseconds: how the feed writes its times

Both raise ValueError naming the parameter, which the API answers as a 422 problem.
"""

from __future__ import annotations

import datetime as dt

__all__ = ["check_cursor", "check_since"]


def check_since(since: str | None) -> str | None:
    """An ISO 8601 date or timestamp as the feed writes times (naive ones taken as UTC)."""
    if since is None:
        return None
    try:
        when = dt.datetime.fromisoformat(since)
    except (TypeError, ValueError):
        raise ValueError(f"since must be an ISO 8601 date or timestamp, not {since!r}") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC).isoformat(timespec="microseconds")


def check_cursor(cursor: str | None) -> int:
    """The last seq a previous page returned (0 without one)."""
    if cursor is None:
        return 0
    if not (isinstance(cursor, str) and cursor.isascii() and cursor.isdigit()):
        raise ValueError(f"cursor must be one returned by a previous page, not {cursor!r}")
    return int(cursor)
