"""Lists closed by "and other <owner> <kind>": every listed state is one of that kind.

- `member-other`: "Poland, Lithuania and other NATO members", "... and other NATO Allies"
- `ally-other`:   "Japan, Australia and other US allies"
- `oppose-other`: "Ukraine, Georgia, and other Kremlin foes" (the owner opposes each)
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from graph.extract.rules.base import Found, Sentence, negated, words
from graph.extract.rules.registry import fired
from graph.model import EntityType

__all__ = ["others"]

_C, _O = EntityType.COUNTRY, EntityType.ORGANISATION
_MEMBERS = words("members member states")
_ALLIES = words("allies partners")
_FOES = words("foes enemies adversaries rivals opponents")


def _owner(s: Sentence, noun: Token) -> str | None:
    for c in noun.children:
        if c.dep_ in ("compound", "poss", "nmod", "amod") and (e := s.entity(c, _C, _O)):
            return e
        if c.dep_ in ("compound", "amod") and c.ent_id_.startswith("country:"):
            return c.ent_id_  # "Kremlin foes": a seat of government standing for its state
    return None


def _listed(s: Sentence, noun: Token) -> list[str]:
    """The states listed before "and other <noun>" (every item must be one)."""
    first = noun
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    items = [t for t in (first, *first.conjuncts) if t.i != noun.i]
    found = []
    for t in items:
        m = s.mention(t)
        if m is None or m.type is not _C or m.adjective or not m.entity:
            return []
        found.append(m.entity)
    return found


def _other(s: Sentence, other: Token) -> Iterator[Found]:
    noun = other.head
    low = noun.lower_
    if noun.dep_ != "conj" or negated(noun):
        return
    kind = (
        "member"
        if low in _MEMBERS
        else "ally"
        if low in _ALLIES
        else "foe"
        if low in _FOES
        else None
    )
    owner = _owner(s, noun) if kind else None
    if owner is None:
        return
    alliance = s.state.org_kinds.get(owner) == "alliance"
    for state in _listed(s, noun):
        if state == owner:
            continue
        if kind == "member" and owner.startswith("org:"):
            yield fired("member-other", state, owner)
        elif kind == "ally" and alliance:
            yield fired("member-other", state, owner)  # "and other NATO Allies"
        elif kind == "ally" and owner.startswith("country:") and low == "allies":
            yield fired("ally-other", state, owner)
        elif kind == "foe":
            yield fired("oppose-other", owner, state)


def others(s: Sentence) -> Iterator[Found]:
    """Relations of "A, B and other <owner> <kind>" lists in one sentence."""
    for tok in s.tokens:
        if tok.lower_ == "other" and tok.dep_ == "amod":
            yield from _other(s, tok)
