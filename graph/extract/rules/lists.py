"""Relations stated by a sentence that introduces a list, for every item of the list.

- `meeting-list`: "Joining President Biden at the meeting were the following leaders:" then
                  one line per participant: each participant met the people the intro names;
                  "The following participated in the meeting:" then a state's heading line
                  above its participants: each met every participant under another heading
"""

from __future__ import annotations

from collections.abc import Iterator

from graph.extract.rules.base import DocState, Found, Sentence
from graph.extract.rules.registry import fired
from graph.model import EntityType

__all__ = ["is_list_item", "lists"]

_P = EntityType.PERSON
_PRINCIPALS_WINDOW = 12  # sentences (lines) back to the meeting the list belongs to
_MARKERS = frozenset({"-", "•", "*", "–", "—", "·"})


def is_list_item(s: Sentence) -> bool:
    """A list line: it opens with a marker, or the parser cut the marker off before it."""
    first = next((t for t in s.tokens if not t.is_space), None)
    doc, k = s.span.doc, s.span.start - 1
    while k >= 0 and doc[k].is_space:
        k -= 1
    before = doc[k] if k >= 0 else None
    return (first is not None and (first.text in _MARKERS or first.like_num)) or (
        before is not None and before.text in _MARKERS
    )


def _heading(s: Sentence) -> str | None:
    """The state a short heading line of a participant list names ("United States",
    "Indian Participants:"), else None."""
    words = [t for t in s.tokens if not t.is_space and not t.is_punct]
    if not words or len(words) > 5 or any(t.pos_ in ("VERB", "AUX") for t in words):
        return None
    if s.mentions(_P):
        return None
    states = {m.entity for m in s.mentions(EntityType.COUNTRY) if m.entity}
    return states.pop() if len(states) == 1 else None


def _opens_list(s: Sentence) -> bool:
    """ "The following participated in the meeting:", "Joining the President were:"."""
    if not s.span.text.rstrip().endswith(":"):
        return False
    return bool(s.with_trigger("meet") or s.with_trigger("take_part"))


def _item(s: Sentence) -> Iterator[Found]:
    """A participant line: each person met the people the introduction named and, under a
    state's heading, every participant listed under another state's."""
    state = s.state
    for m in s.mentions(_P):
        if not m.entity:
            continue
        for host in state.list_hosts:
            if m.entity != host:
                yield fired("meeting-list", m.entity, host)
        if state.list_side is not None:
            yield from _joins(state, state.list_side, m.entity)


def _joins(state: DocState, side: str, person: str) -> Iterator[Found]:
    """`person` joins `side` of the list and met everyone on the other sides."""
    for other_side, people in state.list_sides.items():
        if other_side != side:
            for other in people:
                if other != person:
                    yield fired("meeting-list", person, other)
    state.list_sides[side].append(person)


def lists(s: Sentence) -> Iterator[Found]:
    state = s.state
    if state.list_open:
        side = None if is_list_item(s) else _heading(s)
        if side is not None:
            state.list_side = side
            if side not in state.list_sides:  # the side's principals, named before the list
                principals = state.recent(state.persons, s.index, _PRINCIPALS_WINDOW)
                state.list_sides[side] = []
                for p in dict.fromkeys(principals):
                    if state.leaders.get(p) == side:
                        yield from _joins(state, side, p)
            return
        if is_list_item(s):
            yield from _item(s)
            return
    state.list_hosts, state.list_open, state.list_sides, state.list_side = [], False, {}, None
    if _opens_list(s):
        state.list_open = True
        state.list_hosts = [m.entity for m in s.mentions(_P) if m.entity]
