"""Military units and the installations they are at, and installations in their country.

- `deploy-unit`:   "the 35th Fighter Wing at Misawa Air Base, Japan" (the base and the country
                   it is put in), "the 11th Marine Regiment deployed to Kuwait and Iraq"
- `base-comma`:    "Misawa Air Base, Japan", "Camp Arifjan, Kuwait": a base followed by its
                   country
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from graph.extract.rules.base import Found, Sentence, negated
from graph.extract.rules.registry import fired
from graph.extract.triggers import triggered
from graph.model import EntityType

__all__ = ["units"]

_C, _O, _B = EntityType.COUNTRY, EntityType.ORGANISATION, EntityType.MILITARY_BASE
_PREPS = frozenset({"at", "in", "to", "into", "on"})


_COMPASS = frozenset(
    {"northern", "southern", "eastern", "western", "central", "north", "south", "east", "west"}
)


def _country_after(s: Sentence, end: int) -> str | None:
    """The country right after a base ending at token `end`: "Misawa Air Base, Japan",
    "Camp Lemonier in Djibouti", "Camp Buehring in Northern Kuwait"."""
    doc = s.span.doc
    k = end
    if k < s.span.end and doc[k].text in (",", "in"):
        k += 1
    while k < s.span.end and doc[k].lower_ in _COMPASS:
        k += 1
    if k == end or k >= s.span.end:
        return None
    m = s.mention(doc[k])
    if m is None or m.type is not _C or m.adjective:
        return None
    nxt = m.tok_end
    if nxt + 1 < len(doc) and doc[nxt].lower_ in ("and", "or", ","):
        other = s.mention(doc[nxt + 1])
        if other is not None and other.type is _C:
            return None  # "Camp X, Kuwait and Iraq": a list of places, not an address
    return m.entity


def _places(s: Sentence, head: Token) -> list[str]:
    """Bases and countries under `head`'s at/in/to phrases, with each base's stated country."""
    found: list[str] = []
    for prep in head.children:
        if prep.dep_ != "prep" or prep.lower_ not in _PREPS:
            continue
        for obj in prep.children:
            for t in (obj, *obj.conjuncts):
                m = s.mention(t)
                if m is None or m.type not in (_C, _B) or m.adjective or not m.entity:
                    continue
                found.append(m.entity)
                if m.type is _B and (country := _country_after(s, m.tok_end)):
                    found.append(country)
    return list(dict.fromkeys(found))


def _deployed_units(s: Sentence) -> Iterator[Found]:
    for m in s.mentions(_O):
        if not m.entity or not (
            "unit" in m.extra  # a numbered unit
            or "country" in m.extra  # a state's armed forces ("U.S. Armed Forces")
            or s.state.org_kinds.get(m.entity) == "armed_forces"
        ):
            continue
        root = s.span.doc[m.tok_end - 1]
        heads = [root]
        if root.dep_ in ("nsubj", "nsubjpass") and triggered(root.head, "deploy_intransitive"):
            heads.append(root.head)  # "the 11th Marine Regiment deployed to Kuwait"
        for head in heads:
            if negated(head):
                continue
            for place in _places(s, head):
                yield fired("deploy-unit", m.entity, place)


def _base_countries(s: Sentence) -> Iterator[Found]:
    for m in s.mentions(_B):
        country = _country_after(s, m.tok_end)
        if country and m.entity:
            yield fired("base-comma", m.entity, country)


def units(s: Sentence) -> Iterator[Found]:
    yield from _deployed_units(s)
    yield from _base_countries(s)
