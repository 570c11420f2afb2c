"""Relations stated by a sentence that introduces a list, for every item of the list.

- `meeting-list`: "Joining President Biden at the meeting were the following leaders:" then
                  one line per participant: each participant met the people the intro names
"""

from __future__ import annotations

from collections.abc import Iterator

from graph.extract.rules.base import Found, Sentence
from graph.extract.rules.registry import fired
from graph.extract.triggers import triggered
from graph.model import EntityType

__all__ = ["lists"]

_P = EntityType.PERSON
_MARKERS = frozenset({"-", "•", "*", "–", "—", "·"})


def _is_item(s: Sentence) -> bool:
    """A list line: it opens with a marker, or the parser cut the marker off before it."""
    first = next((t for t in s.tokens if not t.is_space), None)
    doc, k = s.span.doc, s.span.start - 1
    while k >= 0 and doc[k].is_space:
        k -= 1
    before = doc[k] if k >= 0 else None
    return (first is not None and (first.text in _MARKERS or first.like_num)) or (
        before is not None and before.text in _MARKERS
    )


def lists(s: Sentence) -> Iterator[Found]:
    if s.state.list_hosts and _is_item(s):
        for m in s.mentions(_P):
            for host in s.state.list_hosts:
                if m.entity and m.entity != host:
                    yield fired("meeting-list", m.entity, host)
        return
    s.state.list_hosts = []
    if s.span.text.rstrip().endswith(":") and any(triggered(t, "meet") for t in s.tokens):
        s.state.list_hosts = [m.entity for m in s.mentions(_P) if m.entity]
