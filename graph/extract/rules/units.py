"""Military units and the installations they are at, and installations in their country.

- `deploy-unit`:   "the 35th Fighter Wing at Misawa Air Base, Japan" (the base and the country
                   it is put in), "the 11th Marine Regiment deployed to Kuwait and Iraq"
- `base-comma`:    "Misawa Air Base, Japan", "Camp Arifjan, Kuwait": a base followed by its
                   country
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from graph.extract.gazetteer import LABEL_COUNTRY
from graph.extract.rules.base import Found, Sentence, negated, words
from graph.extract.rules.deployment import base_state
from graph.extract.rules.registry import fired
from graph.extract.tags import is_verb
from graph.extract.triggers import triggered
from graph.model import EntityType

__all__ = ["units"]

_C, _O, _B = EntityType.COUNTRY, EntityType.ORGANISATION, EntityType.MILITARY_BASE
_P = EntityType.PERSON
_PREPS = frozenset({"at", "in", "to", "into", "on"})
_CREW = words("soldiers sailors airmen marines members troops personnel guardsmen seabees")


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
        if prep.dep_ not in ("prep", "dative") or prep.lower_ not in _PREPS:
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
        anchor = root
        if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in _CREW:
            anchor = root.head.head  # "the 586 soldiers of the 3rd Battalion were deployed"
        if anchor.dep_ in ("nsubj", "nsubjpass"):
            verb = anchor.head
            if triggered(verb, "deploy_intransitive") or (
                anchor.dep_ == "nsubjpass" and _deploying(verb)
            ):
                heads.append(verb)  # "the 11th Marine Regiment deployed to Kuwait", "was sent"
            heads += _deploying_conjuncts(verb)  # "were mobilized and deployed to Camp X"
        owner = _owner(s, root, m.tok_start)
        for head in heads:
            if negated(head):
                continue
            for place in _places(s, head):
                yield fired("deploy-unit", m.entity, place)
                if owner and owner != place:  # "the U.S. Air Force 52nd Fighter Wing at X"
                    yield fired("deploy-unit-country", owner, place)
        for place in _address(s, m.tok_end):
            yield fired("deploy-unit", m.entity, place)
        for verb in _member_deployments(s, root):
            if not negated(verb):
                for place in _places(s, verb):
                    yield fired("deploy-unit-member", m.entity, place)


def _owner(s: Sentence, root: Token, start: int) -> str | None:
    """The state whose name opens a unit's noun phrase ("the U.S. Air Force 52nd Fighter
    Wing", "Britain's 3rd Division")."""
    for t in root.subtree:
        if t.i >= start:
            break
        if t.dep_ not in ("compound", "poss", "nmod") and t.head.dep_ not in ("compound", "poss"):
            continue
        if t.ent_id_.startswith("country:") and t.ent_type_ == LABEL_COUNTRY:
            return t.ent_id_
        mm = s.mention(t)  # "the U.S. Air Force 52nd Fighter Wing": the force's state
        if mm is not None and mm.type is _O and mm.entity:
            state = s.state.forces.get(mm.entity) or mm.extra.get("country")
            if state:
                return state
    return None


def _address(s: Sentence, end: int) -> list[str]:
    """ "1st Marine Division, Camp Pendleton, CA": the base written after a unit, as in an
    address (and the country after the base)."""
    doc = s.span.doc
    if end + 1 >= s.span.end or doc[end].text != ",":
        return []
    base = s.mention(doc[end + 1])
    if base is None or base.type is not _B or not base.entity:
        return []
    after = doc[base.tok_end] if base.tok_end < s.span.end else None
    if after is not None and after.lower_ in ("and", "or"):
        return []  # "the 1st Wing, Camp X and ...": a list, not an address
    country = _country_after(s, base.tok_end)
    return [base.entity, country] if country else [base.entity]


def _deploying(verb: Token) -> bool:
    return is_verb(verb) and (triggered(verb, "deploy_intransitive") or triggered(verb, "deploy"))


def _deploying_conjuncts(verb: Token) -> list[Token]:
    """Deployment verbs joined to `verb` that share its subject."""
    return [
        c
        for c in verb.children
        if c.dep_ == "conj"
        and _deploying(c)
        and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
    ]


def _member_deployments(s: Sentence, root: Token) -> list[Token]:
    """Deployments of someone assigned to the unit at `root`, in the same clause: "he was
    assigned to the 11th Marine Regiment where he deployed to Kuwait", "assigned as the
    Sergeant Major of 1st Marine Division and deployed to Iraq"."""
    found = [
        c
        for c in root.children
        if c.dep_ == "relcl" and _deploying(c) and any(g.lower_ == "where" for g in c.children)
    ]
    tok = root
    for _ in range(5):
        if tok.head == tok:
            return found
        tok = tok.head
        if is_verb(tok):
            break
    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    person = subj is not None and (subj.lower_ in ("he", "she") or s.entity(subj, _P))
    if triggered(tok, "assignment") and person:
        found += _deploying_conjuncts(tok)
    return found


def _listed_base_end(s: Sentence, end: int) -> int:
    """The end of the last base of a list starting at a base ending at `end` ("Camp A and
    Camp B in Kuwait": the country after B is where A is too)."""
    doc = s.span.doc
    for _ in range(6):
        k = end + 1 if end < s.span.end and doc[end].lower_ in (",", "and") else end
        if k < s.span.end and doc[k].lower_ == "and" and doc[end].lower_ == ",":
            k += 1
        nxt = s.mention(doc[k]) if end < k < s.span.end else None
        if nxt is None or nxt.type is not _B:
            return end
        end = nxt.tok_end
    return end


def _base_countries(s: Sentence) -> Iterator[Found]:
    for m in s.mentions(_B):
        country = _country_after(s, m.tok_end)
        if country and m.entity:
            yield fired("base-comma", m.entity, country)
        elif m.entity and (last := _listed_base_end(s, m.tok_end)) != m.tok_end:
            listed = _country_after(s, last)
            if listed:
                yield fired("base-list-country", m.entity, listed)


def _place_pairs(s: Sentence) -> dict[str, str]:
    """ "Spangdahlem, Germany", "in Aviano, Italy": place names the text puts in a country
    (lower-case place -> country id), read once over the whole parsed text."""
    doc = s.span.doc
    cached = s.state.place_pairs.get(id(doc))
    if cached is not None:
        return cached[1]
    pairs: dict[str, str] = {}
    for tok in doc:
        if tok.ent_id_.startswith("country:") and tok.i >= 2 and doc[tok.i - 1].text == ",":
            place = doc[tok.i - 2]
            named = s.tok2m.get(place.i)
            if named is not None and named.type is _B:
                continue  # "Fort Moore, Georgia": the base's own address (base-comma)
            if place.tag_ == "NNP" and place.is_title and not place.ent_id_:
                pairs.setdefault(place.lower_, tok.ent_id_)
    s.state.place_pairs[id(doc)] = (doc, pairs)
    return pairs


def _base_places(s: Sentence) -> Iterator[Found]:
    """A base named after its place: a country in its name ("Naval Support Activity–Bahrain"),
    or a place the text puts in a country ("in Spangdahlem, Germany ... Spangdahlem Air
    Base")."""
    doc = s.span.doc
    for m in s.mentions(_B):
        if not m.entity:
            continue
        inner = base_state(s, m)
        if inner:
            yield fired("base-place-named", m.entity, inner)
            continue
        country = _place_pairs(s).get(doc[m.tok_start].lower_)
        if country is None and doc[m.tok_start].lower_ in ("camp", "fort"):
            country = _place_pairs(s).get(doc[min(m.tok_start + 1, m.tok_end - 1)].lower_)
        if country:
            yield fired("base-place-named", m.entity, country, confidence=0.6)


def units(s: Sentence) -> Iterator[Found]:
    yield from _deployed_units(s)
    yield from _base_countries(s)
    yield from _base_places(s)
