"""VISITED, ALLIED_WITH, OPPOSES, BORDERS and MET_WITH from trigger words on the parse.

- `visit`:            "X's inspection of sites in Kazakhstan, including the 201st base",
                      "X visited Beijing/China", "X arrived in Kyiv"
- `ally-noun`:        "Kazakhstan ... has long been a strategic partner for Russia",
                      "X, a close ally of Y", "X's alliance with Y"
- `ally-pronoun`:     "<leader of X> endorsed his ally" -> the country the last other
                      leader named led (lower confidence)
- `oppose-verb`:      "Russia aspires to ... contain NATO", "annexed by Moscow" (the
                      object's country), "X invaded Y", "X sanctioned Y"
- `oppose-noun`:      "the CSTO, ... the new antagonist of NATO", "X's rival Y"
- `war-between`:      "the war between Armenians and Azerbaijanis" (both directions)
- `border`:           "X borders Y", "X shares a border with Y", "in X near the Y border"
- `meeting`:          "X met (with) Y", "X held talks with Y", "a meeting between X and Y"
                      (past, not negated, not a call or a video link)
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from graph.extract.rules.base import Found, Sentence, negated, subject_of
from graph.model import EntityType, RelationType

__all__ = ["diplomacy"]

_C, _O, _P, _B = (
    EntityType.COUNTRY,
    EntityType.ORGANISATION,
    EntityType.PERSON,
    EntityType.MILITARY_BASE,
)
_VISIT = frozenset(
    {
        "visit",
        "visited",
        "visits",
        "visiting",
        "inspection",
        "inspected",
        "toured",
        "tour",
        "trip",
        "arrived",
        "travelled",
        "traveled",
        "flew",
    }
)
_ALLY = frozenset({"ally", "allies", "partner", "partners", "alliance"})
_ALLY_QUALIFIERS = frozenset(
    {"strategic", "military", "security", "defence", "defense", "close", "key", "staunch", "loyal"}
)
_OPPOSE_VERBS = frozenset(
    {
        "contain",
        "counter",
        "confront",
        "oppose",
        "opposed",
        "opposes",
        "threaten",
        "threatened",
        "attack",
        "attacked",
        "attacks",
        "invade",
        "invaded",
        "invades",
        "annexed",
        "annex",
        "occupied",
        "occupies",
        "bombed",
        "struck",
        "sanctioned",
        "condemned",
        "condemns",
        "deter",
        "accused",
        "shelled",
        "blockaded",
    }
)
_OPPOSE_NOUNS = frozenset(
    {
        "antagonist",
        "adversary",
        "adversaries",
        "enemy",
        "enemies",
        "foe",
        "rival",
        "rivals",
        "opponent",
        "archrival",
        "nemesis",
    }
)
_LAUNCH = frozenset({"launched", "fired", "lobbed", "launches", "fires"})
_PROJECTILES = frozenset(
    {
        "missiles",
        "missile",
        "drones",
        "rockets",
        "cannon",
        "shells",
        "strikes",
        "attack",
        "attacks",
        "artillery",
        "torpedoes",
        "munitions",
    }
)
_WAR = frozenset({"war", "conflict", "clashes", "fighting", "hostilities", "confrontation"})
_MEET = frozenset({"met", "meet", "meeting", "talks", "hosted", "received", "summit"})
_REMOTE = frozenset(
    {"phone", "call", "called", "video", "videoconference", "virtual", "online", "telephone"}
)


def _visits(s: Sentence, tok: Token) -> Iterator[Found]:
    person = None
    for c in tok.children:
        if c.dep_ == "poss" or (c.dep_ == "nsubj" and tok.pos_ in ("VERB", "AUX")):
            person = s.entity(c, _P)
    if person is None or negated(tok) or any(c.lower_ in ("will", "plans") for c in tok.children):
        return
    stack = [c for c in tok.children if c.dep_ in ("prep", "dobj")]
    while stack:
        t = stack.pop()
        if t.lower_ in ("from", "near", "border") or t.dep_ in ("relcl", "advcl"):
            continue
        m = s.mention(t)
        if (
            m is not None
            and m.type in (_C, _B)
            and m.entity
            and not m.adjective
            and t.i == m.tok_end - 1
        ):
            yield Found(person, RelationType.VISITED, m.entity, "visit", 0.8)
        stack.extend(t.children)


def _allies(s: Sentence, tok: Token) -> Iterator[Found]:
    if tok.lower_ in ("partner", "partners") and not any(
        c.lower_ in _ALLY_QUALIFIERS for c in tok.children
    ):
        return
    if negated(tok):
        return
    others = [
        e
        for prep in tok.children
        if prep.dep_ == "prep" and prep.lower_ in ("of", "for", "to", "with")
        for e in s.in_subtree(prep, _C)
    ]
    owner = s.modifier(tok, _C)
    if owner is None and tok.dep_ == "appos":
        owner = s.entity(tok.head, _C)
    if owner is None and tok.dep_ in ("attr", "dobj"):
        owner = subject_of(tok.head, s, _C)
    if owner and others:
        for other in others:
            yield Found(owner, RelationType.ALLIED_WITH, other, "ally-noun", 0.8)
        return
    poss = next((c for c in tok.children if c.dep_ == "poss" and c.lower_ in ("his", "her")), None)
    if poss is not None and tok.dep_ == "dobj":
        subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        me = s.entity(subj, _P) if subj is not None else None
        mine = s.state.leaders.get(me or "")
        for other in s.state.recent(s.state.persons, s.index + 1, 3):
            theirs = s.state.leaders.get(other)
            if other != me and theirs and mine and theirs != mine:
                yield Found(mine, RelationType.ALLIED_WITH, theirs, "ally-pronoun", 0.6)
                return


def _opposes(s: Sentence, tok: Token) -> Iterator[Found]:
    if negated(tok):
        return
    if tok.lower_ in _OPPOSE_NOUNS:
        targets = [
            e
            for p in tok.children
            if p.dep_ == "prep" and p.lower_ in ("of", "to")
            for e in s.in_subtree(p, _C, _O)
        ]
        head = tok
        actor = None
        for _ in range(4):
            if head.dep_ in ("appos", "conj", "attr", "oprd", "acl") and head.head is not head:
                head = head.head
                actor = s.entity(head, _C, _O)
                if actor:
                    break
            else:
                break
        for t in targets:
            if actor:
                yield Found(actor, RelationType.OPPOSES, t, "oppose-noun", 0.7)
        return
    obj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if tok.dep_ == "acl" and obj is None:
        obj = tok.head
    if obj is None:
        return
    target = s.entity(obj, _C, _O) or s.modifier(obj, _C)
    actor = subject_of(tok, s, _C, _O, _P)
    if actor is None:
        agent = next((c for c in tok.children if c.dep_ == "agent"), None)
        if agent is not None:
            actor = next(
                (s.entity(c, _C, _O, _P) for c in agent.children if s.entity(c, _C, _O, _P)), None
            )
    if actor and target:
        yield Found(actor, RelationType.OPPOSES, target, "oppose-verb", 0.7)


def _launch(s: Sentence, tok: Token) -> Iterator[Found]:
    """ "Iran launched drones at Israel", "vessels fired water cannon at a Philippine boat"."""
    if negated(tok) or tok.pos_ != "VERB":
        return
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    if obj is None or obj.lower_ not in _PROJECTILES:
        return
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    actors = s.in_subtree(subj, _C, _O) if subj is not None else []
    if not actors:
        return
    for prep in (*tok.children, *obj.children):
        if prep.dep_ == "prep" and prep.lower_ in ("at", "into", "on", "against"):
            for target in s.in_subtree(prep, _C, _O)[:1]:
                yield Found(actors[0], RelationType.OPPOSES, target, "oppose-attack", 0.7)


def _war(s: Sentence, tok: Token) -> Iterator[Found]:
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == "between":
            sides = s.in_subtree(prep, _C)
            if len(sides) == 2:
                a, b = sides
                yield Found(a, RelationType.OPPOSES, b, "war-between", 0.75)
                yield Found(b, RelationType.OPPOSES, a, "war-between", 0.75)


def _border_list(s: Sentence, tok: Token) -> Iterator[Found]:
    """Surface form "<Country> borders A, B and C" (the tagger often reads "borders" as a noun)."""
    doc = s.span.doc
    before = s.mention(doc[tok.i - 1]) if tok.i > s.span.start else None
    if before is None or before.type is not _C or before.adjective or not before.entity:
        return
    i = tok.i + 1
    while i < s.span.end:
        m = s.mention(doc[i])
        if m is not None and m.type is _C and m.entity and not m.adjective:
            yield Found(before.entity, RelationType.BORDERS, m.entity, "border", 0.85)
            i = m.tok_end
        elif doc[i].text == "," or doc[i].lower_ == "and":
            i += 1
        else:
            return


def _borders(s: Sentence, tok: Token) -> Iterator[Found]:
    if tok.lower_ in ("borders", "bordered"):
        found = list(_border_list(s, tok))
        if found:
            yield from found
            return
    if tok.pos_ == "VERB" and tok.lower_ in ("borders", "bordered", "border"):
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        a = s.entity(subj, _C) if subj is not None else None
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        if a and obj is not None:
            for b in s.in_subtree(obj, _C):
                yield Found(a, RelationType.BORDERS, b, "border", 0.85)
        return
    if tok.pos_ != "NOUN":
        return
    owner = s.modifier(tok, _C)
    withs = [
        e
        for p in tok.children
        if p.dep_ == "prep" and p.lower_ in ("with", "between")
        for e in s.in_subtree(p, _C)
    ]
    if owner:
        withs = [w for w in withs if w != owner]
        for w in withs:
            yield Found(owner, RelationType.BORDERS, w, "border", 0.8)
        # "in the north of Kazakhstan near the Russian border"
        prep = tok.head if tok.dep_ == "pobj" else None
        if not withs and prep is not None and prep.lower_ in ("near", "along", "on"):
            anchor = prep.head
            for _ in range(3):
                if anchor.dep_ == "pobj" and anchor.head.lower_ in ("in", "of"):
                    near = s.entity(anchor, _C)
                    if near and near != owner:
                        yield Found(near, RelationType.BORDERS, owner, "border", 0.7)
                        return
                anchor = anchor.head
    elif len(withs) == 2:
        yield Found(withs[0], RelationType.BORDERS, withs[1], "border", 0.8)


def _meetings(s: Sentence, tok: Token) -> Iterator[Found]:
    if negated(tok) or any(t.lower_ in _REMOTE for t in s.span):
        return
    if tok.pos_ in ("VERB", "AUX") and tok.tag_ not in ("VBD", "VBN"):
        return
    if any(c.lower_ in ("will", "would", "to", "plans") for c in tok.children):
        return
    a = subject_of(tok, s, _P) if tok.pos_ in ("VERB", "AUX") else s.modifier(tok, _P)
    others = [
        e
        for c in tok.children
        if c.dep_ in ("dobj", "prep") and c.lower_ not in ("in", "at", "on", "during")
        for e in s.in_subtree(c, _P)
    ]
    if a is None and tok.pos_ in ("VERB", "AUX"):
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        people = s.in_subtree(subj, _P) if subj is not None else []
        if len(people) == 2:
            a, others = people[0], people[1:]
    if a is None and len(others) == 2:
        a, others = others[0], others[1:]
    for b in others:
        if a and b != a:
            yield Found(a, RelationType.MET_WITH, b, "meeting", 0.75)


def diplomacy(s: Sentence) -> Iterator[Found]:
    """VISITED, ALLIED_WITH, OPPOSES, BORDERS and MET_WITH relations of one sentence."""
    for tok in s.span:
        low = tok.lower_
        if low in _VISIT:
            yield from _visits(s, tok)
        elif low in _ALLY:
            yield from _allies(s, tok)
        elif low in _OPPOSE_VERBS or low in _OPPOSE_NOUNS:
            yield from _opposes(s, tok)
        elif low in _LAUNCH:
            yield from _launch(s, tok)
        elif low in _WAR:
            yield from _war(s, tok)
        elif low.startswith("border"):
            yield from _borders(s, tok)
        elif low in _MEET:
            yield from _meetings(s, tok)
