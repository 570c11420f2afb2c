"""VISITED for the people of a travelling party, resolved across sentences.

- `visit-party`:        "A U.S. delegation traveled to Papua New Guinea. ... The delegation
                        included A, B and C" (each member visited where the party went); "X
                        led a delegation to Panama" (X and the party went)
- `visit-accompanied`:  "X traveled to Guyana and Colombia. He was accompanied by Y" (Y went
                        where the traveller just went)
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from graph.extract.rules.base import Found, Sentence, negated, title_holder
from graph.extract.rules.deployment import places_of
from graph.extract.rules.registry import fired
from graph.extract.triggers import triggered
from graph.model import EntityType

__all__ = ["travel"]

_C, _B, _P = EntityType.COUNTRY, EntityType.MILITARY_BASE, EntityType.PERSON


def _traveller(s: Sentence, verb: Token) -> str | None:
    """ "party" for a travelling group noun, a person's id, or None."""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return None
    if triggered(subj, "party"):
        return "party"
    return s.entity(subj, _P) or title_holder(s, subj)


def _note_trip(s: Sentence, verb: Token) -> Iterator[Found]:
    """Remember where a person or a party went ("traveled to X and Y"); "X led a delegation
    to Y": the party went and its leader visited."""
    if negated(verb) or verb.tag_ not in ("VBD", "VBN", "VBZ"):
        return  # past or present trips only: "will travel" is a plan
    who = _traveller(s, verb)
    places = places_of(s, verb, _C, _B, adjectives=False)
    party = next((c for c in verb.children if c.dep_ == "dobj" and triggered(c, "party")), None)
    if verb.lemma_ == "lead":
        if party is None:
            return  # "led the talks": no trip
        places = places or places_of(s, party, _C, _B, adjectives=False)
        leader = who if who != "party" else None
        for place in places:
            if leader:
                yield fired("visit-party", leader, place)
        who = "party"
    if who and places:
        s.state.trips[who] = places
        s.state.trips["last"] = places


def _party_members(s: Sentence, verb: Token) -> Iterator[Found]:
    """ "The delegation included A, B and C": every person named after the verb."""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is not None and subj.lower_ == "members":  # "Members of the delegation included"
        subj = next((o for p in subj.children if p.lower_ == "of" for o in p.children), subj)
    places = s.state.trips.get("party")
    if subj is None or not triggered(subj, "party") or not places:
        return
    for m in s.mentions(_P):
        if m.tok_start > verb.i and m.entity:
            for place in places:
                yield fired("visit-party", m.entity, place)


def _accompanied(s: Sentence, verb: Token) -> Iterator[Found]:
    """ "He was accompanied by Y": Y visited where the last traveller went."""
    places = s.state.trips.get("last")
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    if agent is None or not places or negated(verb):
        return
    for obj in agent.children:  # each companion listed: the first person of each item
        for item in (obj, *obj.conjuncts):
            inside = {t.i for t in item.subtree} - {
                t.i for c in item.children if c.dep_ in ("conj", "cc") for t in c.subtree
            }
            person = next((m.entity for m in s.mentions(_P) if m.tok_start in inside), None)
            for place in places:
                if person:
                    yield fired("visit-accompanied", person, place)


def travel(s: Sentence) -> Iterator[Found]:
    for tok in s.with_trigger("travel"):
        yield from _note_trip(s, tok)
    if s.state.trips:
        for tok in s.with_trigger("include"):
            yield from _party_members(s, tok)
        for tok in s.with_trigger("accompany"):
            yield from _accompanied(s, tok)
