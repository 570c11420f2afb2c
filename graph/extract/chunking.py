"""Preparing text for the model: the `# source:` metadata line and chunking long texts.

Offsets always index the text exactly as given: the metadata line is blanked to spaces
(same length) rather than removed, and chunks are substrings with their start offset.
"""

from __future__ import annotations

import re

__all__ = ["CHUNK_CHARS", "PIECE_CHARS", "chunk", "strip_source_line"]

CHUNK_CHARS = 100_000  # a text up to this long is parsed whole, in one model call
# A longer text is cut into pieces of about an article's length, so that `nlp.pipe`
# batches of its pieces cost what batches of articles do (time and memory).
PIECE_CHARS = 10_000
_SOURCE = re.compile(r"\A[ \t]*#[ \t]*source:[ \t]*(\S*)[^\n]*", re.IGNORECASE)
# Where to cut, best first: paragraph break, sentence end, any line break, any space.
_CUTS = (
    re.compile(r"\n[ \t]*\n"),
    re.compile(r"[.!?][\"'”’)]?\s"),
    re.compile(r"\n"),
    re.compile(r"\s"),
)


def strip_source_line(text: str) -> tuple[str, str | None]:
    """Blank a leading `# source: URL` line; return (text for the model, URL or None)."""
    match = _SOURCE.match(text)
    if match is None:
        return text, None
    blanked = " " * match.end() + text[match.end() :]
    return blanked, match.group(1) or None


def _cut(text: str, start: int, limit: int) -> int:
    """The end of the chunk starting at `start`: the last good boundary before the limit."""
    stop = start + limit
    window = text[start:stop]
    for pattern in _CUTS:
        ends = [m.end() for m in pattern.finditer(window)]
        if ends and ends[-1] > limit // 4:
            return start + ends[-1]
    return stop


def chunk(text: str, limit: int = CHUNK_CHARS, piece: int = PIECE_CHARS) -> list[tuple[int, str]]:
    """Split `text` into (offset, piece) parts: the whole text if it has at most `limit`
    characters, else pieces of at most `min(limit, piece)` characters cut at boundaries."""
    if limit < 1 or piece < 1:
        raise ValueError("chunk limit must be positive")
    if len(text) > limit:
        limit = min(limit, piece)
    parts: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = len(text) if len(text) - start <= limit else _cut(text, start, limit)
        parts.append((start, text[start:end]))
        start = end
    return parts
