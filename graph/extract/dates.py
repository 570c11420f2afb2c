"""The calendar date a sentence gives ("on 12 January 2022", "January 12, 2022", "2022-01-12")."""

from __future__ import annotations

import re
from datetime import date

__all__ = ["sentence_date"]

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_PATTERNS = (
    re.compile(r"\b(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})\b"),
    re.compile(
        r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>\d{4})\b",
        re.I,
    ),
    re.compile(r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b", re.I),
)


def sentence_date(sentence: str) -> str | None:
    """The first full date in the sentence as ISO 8601, or None (no partial dates)."""
    for pattern in _PATTERNS:
        for match in pattern.finditer(sentence):
            parts = match.groupdict()
            month = int(parts["mnum"]) if parts.get("mnum") else _MONTHS[parts["month"].lower()]
            try:
                return date(int(parts["year"]), month, int(parts["day"])).isoformat()
            except ValueError:
                continue
    return None
