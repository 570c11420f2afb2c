"""BORDERS from trigger words on the parse.

- `border`: "X borders Y", "X, which borders both Y and Z", "A, B and C, which all border D",
            "X and Y share a frontier", "X shares a border with Y", "the border his country
            shares with Y", "kept its border with Y closed", "in X near the Y border"
- `border-both`: "Brazil, which borders both countries" (the two other countries just named)
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from graph.extract.rules.base import Found, Sentence, negated, subject_of
from graph.extract.rules.registry import fired
from graph.extract.tags import is_noun, is_verb
from graph.model import EntityType

__all__ = ["borders"]

_C = EntityType.COUNTRY
_PLURALS = frozenset({"countries", "states", "nations", "neighbours", "neighbors"})
_SKIP = frozenset({"both", "all", "also", "either"})
_COMPASS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast"})
_COMPASS |= {"southwest"}


def _conj_entities(s: Sentence, tok: Token) -> list[str]:
    return [e for t in (tok, *tok.conjuncts) if (e := s.entity(t, _C))]


def _countries_before(s: Sentence, k: int) -> list[str]:
    """Countries listed right up to token `k` ("Latvia, Estonia and Finland"), last first."""
    doc, found = s.span.doc, []
    while k >= s.span.start:
        m = s.mention(doc[k])
        if m is not None and m.type is _C and m.entity and not m.adjective:
            found.append(m.entity)
            k = m.tok_start - 1
        elif found and (doc[k].text == "," or doc[k].lower_ == "and"):
            k -= 1
        else:
            break
    return found


def _border_list(s: Sentence, tok: Token) -> Iterator[Found]:
    """Surface form "<Country> borders A, B and C" (the tagger often reads "borders" as a noun)."""
    doc = s.span.doc
    k = tok.i - 1
    while k > s.span.start and doc[k].lower_ in _SKIP:
        k -= 1
    relative = k > s.span.start and doc[k].lower_ in ("which", "that")
    if relative:
        k -= 1  # "Lithuania, which borders Belarus"
        while k > s.span.start and doc[k].is_punct:
            k -= 1
    if tok.lower_ == "border" and not relative:
        return  # "the border": only "A and B, which (all) border C" reads as a verb
    sides = _countries_before(s, k)
    if not relative or tok.lower_ == "borders":  # a singular verb has one subject
        sides = sides[:1]
    if not sides:
        return
    i = tok.i + 1
    if i + 1 < s.span.end and doc[i].lower_ == "both" and doc[i + 1].lower_ in _PLURALS:
        # "Brazil, which borders both countries": the two other countries just named
        pair = s.state.pair(s.index, set(sides))
        if pair:
            for other in pair:
                yield fired("border-both", sides[0], other)
        return
    while i < s.span.end:
        m = s.mention(doc[i])
        if m is not None and m.type is _C and m.entity and not m.adjective:
            for side in sides:
                yield fired("border", side, m.entity)
            i = m.tok_end
        elif doc[i].text == "," or doc[i].lower_ in ("and", "the", *_SKIP):
            i += 1
        elif [t.lower_ for t in doc[i : i + 2]] == ["to", "the"] and (
            i + 2 < s.span.end and doc[i + 2].lower_ in _COMPASS
        ):
            i += 3  # "borders Russia to the north and Turkey to the south"
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
    if subj is not None and subj.tag_ == "WDT" and verb.dep_ == "relcl":
        subj = verb.head  # "China, which shares a border with X"
    sides = _conj_entities(s, subj) if subj is not None else []
    for head in (verb, noun):
        for p in head.children:
            if p.dep_ == "prep" and p.lower_ == "with":
                sides += [e for e in s.in_subtree(p, _C) if e not in sides]
    if negated(verb) or len(sides) < 2:
        return
    for other in sides[1:]:
        yield fired("border", sides[0], other, confidence=0.8)


def _own(s: Sentence, noun: Token) -> str | None:
    """ "kept its border with X closed", "the border his country shares with X"."""
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    if poss is not None and poss.lower_ in ("its", "their") and noun.dep_ in ("dobj", "nsubj"):
        return subject_of(noun.head, s, _C)
    for clause in noun.children:
        if clause.dep_ == "relcl" and clause.lower_ in ("shares", "shared", "share"):
            subj = next((c for c in clause.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.lower_ == "country":
                his = next((c for c in subj.children if c.lower_ in ("his", "her")), None)
                people = [m.entity for m in s.mentions(EntityType.PERSON) if m.tok_end <= subj.i]
                if his is not None and people:
                    return s.state.leaders.get(people[-1] or "")
            ent = s.entity(subj, _C) if subj is not None else None
            if ent:
                return ent
    return None


def _border_verb(s: Sentence, tok: Token) -> Iterator[Found]:
    """ "X borders Y", "A, B and C, which all border D"."""
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    sides = _conj_entities(s, subj) if subj is not None else []
    if subj is not None and subj.tag_ == "WDT" and tok.dep_ == "relcl":
        sides = _conj_entities(s, tok.head)
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    if obj is not None and not negated(tok):
        for a in sides:
            for b in s.in_subtree(obj, _C):
                yield fired("border", a, b)


def _left_span(tok: Token) -> slice:
    """The tokens of `tok`'s left modifiers and itself."""
    return slice(tok.left_edge.i, tok.i + 1)


def _border_noun(s: Sentence, tok: Token) -> Iterator[Found]:
    """ "its border with X", "the border between A and B", "near the Russian border"."""
    pair = list(  # "the Armenian-Turkish frontier"
        dict.fromkeys(
            e
            for c in tok.lefts
            for t in c.subtree
            if t.dep_ in ("amod", "compound", "npadvmod", "nmod") and (e := s.entity(t, _C))
        )
    )
    if len(pair) == 2 and "-" in s.span.doc[_left_span(tok)].text:
        yield fired("border", pair[0], pair[1], confidence=0.75)
        return
    owner = s.modifier(tok, _C) or _own(s, tok)
    withs = [
        e
        for head in (tok, *(c for c in tok.children if c.dep_ == "relcl"))
        for p in head.children
        if p.dep_ == "prep" and p.lower_ in ("with", "between")
        for e in s.in_subtree(p, _C)
    ]
    between = any(p.lower_ == "between" for p in tok.children)
    if owner is None and withs and tok.dep_ == "dobj" and is_verb(tok.head):
        # "Tajikistan guards a long frontier with Afghanistan" (the verb's own subject)
        subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        owner = s.entity(subj, _C) if subj is not None and not negated(tok.head) else None
    if owner:
        withs = [w for w in withs if w != owner]
        for w in withs:
            yield fired("border", owner, w, confidence=0.8)
        # "in the north of Kazakhstan near the Russian border"
        prep = tok.head if tok.dep_ == "pobj" else None
        if not withs and prep is not None and prep.lower_ in ("near", "along", "on"):
            anchor = prep.head
            for _ in range(3):
                near = _place_of(s, anchor)
                if near and near != owner:
                    yield fired("border", near, owner, confidence=0.7)
                    return
                anchor = anchor.head
    elif len(withs) == 2 and between:  # "the border between A and B", not "borders with A and B"
        yield fired("border", withs[0], withs[1], confidence=0.8)


def _borders(s: Sentence, tok: Token) -> Iterator[Found]:
    if tok.lower_ in ("borders", "bordered", "border"):
        listed = list(_border_list(s, tok))
        if listed:
            yield from listed
            return
        if is_verb(tok):
            yield from _border_verb(s, tok)
            return
    if not is_noun(tok):
        return
    if tok.dep_ == "dobj" and tok.head.lower_ in ("share", "shares", "shared"):
        yield from _shared(s, tok)
    else:
        yield from _border_noun(s, tok)


def _his_country(s: Sentence, tok: Token) -> Iterator[Found]:
    """Surface form "the border his country shares with X" (parsed unreliably): the state the
    last person named before it leads."""
    doc, i = s.span.doc, tok.i + 1
    words_after = [t.lower_ for t in doc[i : min(i + 4, s.span.end)]]
    if len(words_after) < 4 or words_after[0] not in ("his", "her") or words_after[1] != "country":
        return
    if words_after[2] not in ("shares", "shared") or words_after[3] != "with":
        return
    m = s.mention(doc[i + 4]) if i + 4 < s.span.end else None
    people = [p.entity for p in s.mentions(EntityType.PERSON) if p.tok_end <= tok.i]
    own = s.state.leaders.get(people[-1] or "") if people else None
    if m is not None and m.type is _C and m.entity and own and own != m.entity:
        yield fired("border", own, m.entity, confidence=0.7)


def borders(s: Sentence) -> Iterator[Found]:
    """BORDERS relations of one sentence."""
    for tok in s.tokens:
        low = tok.lower_
        if low == "border":
            yield from _his_country(s, tok)
        if low.startswith("border") or low == "frontier":
            yield from _borders(s, tok)
