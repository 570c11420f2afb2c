"""Lists of "<owner> <kind>": every listed state is one of that kind.

- `member-other`:     "Poland, Lithuania and other NATO members", "... and other NATO Allies"
- `member-including`: "the Quad nations including Australia and India", "NATO Allies such
                      as Poland and Romania"
- `ally-other`:       "Japan, Australia and other US allies"
- `oppose-other`:     "Ukraine, Georgia, and other Kremlin foes" (the owner opposes each)
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
_NATIONS = words("nations countries")  # members only where the owner is a body
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


def _kind(s: Sentence, noun: Token) -> tuple[str, str] | None:
    """(owner, kind) of a "<owner> <kind>" noun: ("org:nato", "member") for "NATO members"."""
    low = noun.lower_
    kind = (
        "member"
        if low in _MEMBERS or low in _NATIONS
        else "ally"
        if low in _ALLIES
        else "foe"
        if low in _FOES
        else None
    )
    owner = _owner(s, noun) if kind else None
    if kind is None or owner is None or (low in _NATIONS and not owner.startswith("org:")):
        return None
    return owner, kind


def _each(s: Sentence, noun: Token, states: list[str], rule: str) -> Iterator[Found]:
    """The relation each listed state has to the owner of `noun`."""
    kinded = _kind(s, noun)
    if kinded is None or negated(noun):
        return
    owner, kind = kinded
    alliance = s.state.org_kinds.get(owner) == "alliance"
    for state in states:
        if state == owner:
            continue
        if (kind == "member" and owner.startswith("org:")) or (
            kind == "ally" and alliance and noun.lower_ == "allies"  # partners are no members
        ):
            yield fired(f"member-{rule}", state, owner)  # "and other NATO Allies"
        elif kind == "ally" and owner.startswith("country:") and noun.lower_ == "allies":
            yield fired(f"ally-{rule}", state, owner)
        elif kind == "foe":
            yield fired(f"oppose-{rule}", owner, state)


def _other(s: Sentence, other: Token) -> Iterator[Found]:
    noun = other.head
    if noun.dep_ == "conj":
        yield from _each(s, noun, _listed(s, noun), "other")


def _including(s: Sentence, prep: Token) -> Iterator[Found]:
    """ "the Quad nations including A and B", "NATO countries such as A and B": every item
    after the preposition is a state."""
    noun = prep.head.head if prep.head.lower_ == "such" else prep.head
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if obj is None:
        return
    named = [
        m.entity
        for t in (obj, *obj.conjuncts)
        if (m := s.mention(t)) and m.entity and m.type in (_C, _O, EntityType.PERSON)
    ]
    states = [e for e in named if e.startswith("country:")]
    if states and len(states) == len(named):  # regions may trail the list, bodies may not
        yield from _each(s, noun, states, "including")


def others(s: Sentence) -> Iterator[Found]:
    """Relations of "A, B and other <owner> <kind>" and "<owner> <kind> including A and B"
    lists in one sentence."""
    for tok in s.tokens:
        if tok.lower_ == "other" and tok.dep_ == "amod":
            yield from _other(s, tok)
        elif tok.dep_ == "prep" and (tok.lower_ == "including" or _such_as(tok)):
            yield from _including(s, tok)


def _such_as(tok: Token) -> bool:
    return tok.lower_ == "as" and tok.i > 0 and tok.nbor(-1).lower_ == "such"
