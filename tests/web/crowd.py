"""A made-up 200-entity neighbourhood for the explorer's crowd test, built with the
store factories (no spaCy): one alliance, its 150 member states (each bordering the
next), 30 partner organisations and 19 envoys, with varied name lengths."""

from __future__ import annotations

import random
from collections.abc import Callable

from graph.model import Entity, Extraction, RelationType
from tests.store.factories import COUNTRY, ORG, PERSON, Fact, doc, ent, fact

__all__ = ["CROWD_SIZE", "HUB", "crowd_extractions"]

CROWD_SIZE = 200
HUB = ent(ORG, "Concord of Two Hundred Nations", "CTHN", key="cthn")
_SYLLABLES = ["va", "lo", "ri", "ka", "mar", "te", "sol", "dun", "bre", "an", "os", "tel", "qu"]
_PREFIXES = ["", "", "", "North ", "South ", "Republic of ", "Upper ", "New "]
_GIVEN = ["Ana", "Boris", "Chen", "Dalia", "Emeka", "Farid", "Greta", "Hiro", "Ines", "Jonas"]


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables)).capitalize()


def _names(count: int, make: Callable[[], str]) -> list[str]:
    out: list[str] = []
    while len(out) < count:
        name = make()
        if name not in out:
            out.append(name)
    return out


def _crowd(rng: random.Random) -> tuple[list[Entity], list[Entity], list[Entity]]:
    states = _names(150, lambda: rng.choice(_PREFIXES) + _word(rng, rng.randint(2, 4)))
    orgs = _names(30, lambda: f"{_word(rng, 2)} {rng.choice(['Council', 'Pact', 'Forum'])}")
    envoys = _names(19, lambda: f"{rng.choice(_GIVEN)} {_word(rng, rng.randint(2, 3))}")
    return (
        [ent(COUNTRY, n, key=f"Z{i:03d}") for i, n in enumerate(states)],
        [ent(ORG, n) for n in orgs],
        [ent(PERSON, n) for n in envoys],
    )


def crowd_extractions() -> list[Extraction]:
    """Documents whose facts put CROWD_SIZE entities (hub included) one hop from HUB."""
    states, orgs, envoys = _crowd(random.Random(12))
    r = RelationType
    facts: list[Fact] = []
    for i, state in enumerate(states):
        facts.append(fact(state, r.MEMBER_OF, HUB, f"{state.name} is a member of the CTHN."))
        if i:
            left = states[i - 1]
            facts.append(fact(left, r.BORDERS, state, f"{left.name} borders {state.name}."))
    facts += [fact(o, r.ALLIED_WITH, HUB, f"{o.name} is an ally of the CTHN.") for o in orgs]
    facts += [fact(p, r.VISITED, HUB, f"{p.name} visited the CTHN.") for p in envoys]
    # One document per 50 facts keeps every document small.
    return [doc(*facts[i : i + 50], title=f"Concord {i // 50}") for i in range(0, len(facts), 50)]
