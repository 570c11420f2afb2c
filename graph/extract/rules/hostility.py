"""OPPOSES and BORDERS from trigger words on the parse.

- `oppose-verb`:   "Russia aspires to ... contain NATO", "annexed by Moscow" (the object's
                   country), "X invaded Y", "X sanctioned Y"
- `oppose-noun`:   "the CSTO, ... the new antagonist of NATO", "X's rival Y"
- `oppose-attack`: "Iran launched drones at Israel", "vessels fired water cannon at a
                   Philippine boat"
- `oppose-clash`:  "Indian and Chinese troops clashed" (both ways), "X clashed with Y"
- `war-between`:   "the war between Armenians and Azerbaijanis" (both directions)
- `border`:        "X borders Y", "X and Y share a frontier", "X shares a border with Y",
                   "in X near the Y border"
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from graph.extract.rules.base import Found, Sentence, negated, subject_of, words
from graph.extract.tags import is_noun, is_verb
from graph.model import EntityType, RelationType

__all__ = ["hostility"]

_C, _O, _P = EntityType.COUNTRY, EntityType.ORGANISATION, EntityType.PERSON
_OPPOSE_VERBS = words(
    "contain counter confront oppose opposed opposes threaten threatened attack strike "
    "attacked attacks invade invaded invades annexed annex occupied occupies bombed "
    "struck sanctioned condemned condemns deter accused shelled blockaded"
)
_OPPOSE_NOUNS = words(
    "antagonist adversary adversaries enemy enemies foe rival rivals opponent archrival nemesis"
)
_LAUNCH = frozenset({"launched", "fired", "lobbed", "launches", "fires"})
_PROJECTILES = words(
    "missiles missile drones rockets cannon shells strikes attack attacks artillery "
    "torpedoes munitions"
)
_CLASH = frozenset({"clashed", "fought", "clash", "skirmished"})
_WAR = frozenset({"war", "conflict", "clashes", "fighting", "hostilities", "confrontation"})


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
    if negated(tok) or not is_verb(tok):
        return
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    if obj is None or obj.lower_ not in _PROJECTILES:
        return
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    own = (s.entity(subj, _C, _O) or s.modifier(subj, _C, _O)) if subj is not None else None
    actors = [own] if own else s.in_subtree(subj, _C, _O) if subj is not None else []
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


def _clash(s: Sentence, tok: Token) -> Iterator[Found]:
    """ "Indian and Chinese troops clashed" (both ways); "Pakistan clashed with India"."""
    if not is_verb(tok) or negated(tok):
        return
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return
    sides = [e for e in (s.entity(subj, _C) or s.modifier(subj, _C),) if e]
    sides += [
        e for c in subj.children if c.dep_ == "amod" for e in _conj_entities(s, c) if e not in sides
    ]
    withs = [
        e
        for p in tok.children
        if p.dep_ == "prep" and p.lower_ in ("with", "against")
        for e in s.in_subtree(p, _C)
    ]
    if len(sides) == 2 and not withs:
        yield Found(sides[0], RelationType.OPPOSES, sides[1], "oppose-clash", 0.7)
        yield Found(sides[1], RelationType.OPPOSES, sides[0], "oppose-clash", 0.7)
    elif len(sides) == 1:
        for other in withs:
            yield Found(sides[0], RelationType.OPPOSES, other, "oppose-clash", 0.7)


def _conj_entities(s: Sentence, tok: Token) -> list[str]:
    return [e for t in (tok, *tok.conjuncts) if (e := s.entity(t, _C))]


def _border_list(s: Sentence, tok: Token) -> Iterator[Found]:
    """Surface form "<Country> borders A, B and C" (the tagger often reads "borders" as a noun)."""
    doc = s.span.doc
    k = tok.i - 1
    if k > s.span.start and doc[k].lower_ in ("which", "that"):
        k -= 1  # "Lithuania, which borders Belarus"
        while k > s.span.start and doc[k].is_punct:
            k -= 1
    before = s.mention(doc[k]) if k >= s.span.start else None
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


def _of_country(s: Sentence, noun: Token) -> str | None:
    """ "the northern part of Kazakhstan" -> Kazakhstan."""
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                ent = s.entity(obj, _C)
                if ent:
                    return ent
    return None


def _place_of(s: Sentence, tok: Token) -> str | None:
    """The country `tok` is, or is placed in: "in (the north of) Kazakhstan"."""
    if tok.dep_ == "pobj" and tok.head.lower_ in ("in", "of"):
        found = s.entity(tok, _C) or _of_country(s, tok)
        if found:
            return found
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == "in":
            for obj in prep.children:
                found = s.entity(obj, _C) or _of_country(s, obj)
                if found:
                    return found
    return None


def _shared(s: Sentence, noun: Token) -> Iterator[Found]:
    """ "India and China share a frontier", "Poland shares a border with Belarus"."""
    verb = noun.head
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    sides = _conj_entities(s, subj) if subj is not None else []
    for head in (verb, noun):
        for p in head.children:
            if p.dep_ == "prep" and p.lower_ == "with":
                sides += [e for e in s.in_subtree(p, _C) if e not in sides]
    if negated(verb) or len(sides) < 2:
        return
    for other in sides[1:]:
        yield Found(sides[0], RelationType.BORDERS, other, "border", 0.8)


def _borders(s: Sentence, tok: Token) -> Iterator[Found]:
    if tok.lower_ in ("borders", "bordered"):
        found = list(_border_list(s, tok))
        if found:
            yield from found
            return
    if is_verb(tok) and tok.lower_ in ("borders", "bordered", "border"):
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        a = s.entity(subj, _C) if subj is not None else None
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        if a and obj is not None:
            for b in s.in_subtree(obj, _C):
                yield Found(a, RelationType.BORDERS, b, "border", 0.85)
        return
    if not is_noun(tok):
        return
    if tok.dep_ == "dobj" and tok.head.lower_ in ("share", "shares", "shared"):
        yield from _shared(s, tok)
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
                near = _place_of(s, anchor)
                if near and near != owner:
                    yield Found(near, RelationType.BORDERS, owner, "border", 0.7)
                    return
                anchor = anchor.head
    elif len(withs) == 2:
        yield Found(withs[0], RelationType.BORDERS, withs[1], "border", 0.8)


def hostility(s: Sentence) -> Iterator[Found]:
    """OPPOSES and BORDERS relations of one sentence."""
    for tok in s.tokens:
        low = tok.lower_
        if low in _OPPOSE_VERBS or low in _OPPOSE_NOUNS:
            yield from _opposes(s, tok)
        elif low in _LAUNCH:
            yield from _launch(s, tok)
        elif low in _WAR:
            yield from _war(s, tok)
        elif low.startswith("border") or low == "frontier":
            yield from _borders(s, tok)
        elif low in _CLASH:
            yield from _clash(s, tok)
