"""LEADER_OF from title patterns around a person's name.

- `leader-title`:       "Russian Defense Minister Andrei Belousov", "NATO Secretary General X",
                        "Russia's President X", "President X of Kazakhstan"
- `leader-title-of`:    "the President of Kazakhstan (X)", "the Secretary General of NATO, X"
- `leader-appositive`:  "X, the secretary general of NATO", "X, Kazakhstan's president"

Spokespeople, ambassadors, envoys and advisers are not leaders; a title with no named
state or organisation next to it gives nothing (no world knowledge).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from graph.extract.lexicon import LEADER_TITLES, NON_LEADER_TITLES, TITLE_WORDS
from graph.extract.raw import RawMention
from graph.extract.rules.base import Found, Sentence
from graph.model import EntityType, RelationType

__all__ = ["leaders"]

_C, _O = EntityType.COUNTRY, EntityType.ORGANISATION
_POSS = frozenset({"'s", "’s"})


def _role(doc: Doc, start: int, end: int) -> str | None:
    words = [t for t in doc[start:end] if t.lower_ in TITLE_WORDS]
    lows = {t.lower_ for t in words}
    if not lows & LEADER_TITLES or lows & NON_LEADER_TITLES:
        return None
    while words and words[-1].lower_ == "of":
        words.pop()
    text = " ".join(t.text for t in words)
    return " ".join(w if w == "of" else w[:1].upper() + w[1:] for w in text.split()) or None


def _title_start(doc: Doc, end: int, floor: int) -> int:
    k = end
    while k > floor and doc[k - 1].lower_ in TITLE_WORDS and doc[k - 1].lower_ != "of":
        k -= 1
    return k


def _owner_before(s: Sentence, k: int) -> str | None:
    doc = s.span.doc
    t = k - 1
    if t >= s.span.start and doc[t].lower_ in _POSS:
        t -= 1
    return s.entity(doc[t], _C, _O) if t >= s.span.start else None


def _owner_after_of(s: Sentence, i: int) -> tuple[str | None, int]:
    doc, end = s.span.doc, s.span.end
    if i < end and doc[i].lower_ == "of":
        j = i + 1 + (i + 1 < end and doc[i + 1].lower_ == "the")
        if j < end:
            m = s.mention(doc[j])
            if m is not None and m.type in (_C, _O) and m.entity:
                return m.entity, m.tok_end
    return None, i


def _prefix(s: Sentence, m: RawMention, person: str) -> Iterator[Found]:
    doc = s.span.doc
    k = _title_start(doc, m.tok_start, s.span.start)
    role = _role(doc, k, m.tok_start) if k < m.tok_start else None
    if role is None:
        return
    owner = _owner_before(s, k) or _owner_after_of(s, m.tok_end)[0]
    if owner:
        yield Found(person, RelationType.LEADER_OF, owner, "leader-title", 0.9, role)


def _title_of(s: Sentence, m: RawMention, person: str) -> Iterator[Found]:
    """`<title> of <owner> (X)` or `<title> of <owner>, X`."""
    doc = s.span.doc
    t = m.tok_start - 1
    while t > s.span.start and doc[t].text in ("(", ",", "-", "–"):
        t -= 1
    owner_m = s.mention(doc[t]) if t >= s.span.start else None
    if owner_m is None or owner_m.type not in (_C, _O) or t == m.tok_start - 1:
        return
    of = owner_m.tok_start - 1
    if of > s.span.start and doc[of].lower_ == "the":
        of -= 1
    if of <= s.span.start or doc[of].lower_ != "of":
        return
    k = _title_start(doc, of, s.span.start)
    role = _role(doc, k, of)
    if role and owner_m.entity:
        yield Found(person, RelationType.LEADER_OF, owner_m.entity, "leader-title-of", 0.85, role)


def _owner_title_comma(s: Sentence, m: RawMention, person: str) -> Iterator[Found]:
    """`<owner>'s <title>, [rank] X` ("Niger's leader, General Abdourahamane Tiani")."""
    doc = s.span.doc
    k = m.tok_start
    while k > s.span.start and doc[k - 1].lower_ in TITLE_WORDS and doc[k - 1].lower_ != "of":
        k -= 1  # a rank or title right before the name
    if k - 1 <= s.span.start or doc[k - 1].text != ",":
        return
    end = k - 1
    start = _title_start(doc, end, s.span.start)
    role = _role(doc, start, end) if start < end else None
    owner = _owner_before(s, start) if role else None
    if role and owner:
        yield Found(person, RelationType.LEADER_OF, owner, "leader-title", 0.8, role)


def _appositive(s: Sentence, m: RawMention, person: str) -> Iterator[Found]:
    """`X, the secretary general of NATO` / `X, Kazakhstan's president`."""
    doc, end = s.span.doc, s.span.end
    i = m.tok_end
    if i >= end or doc[i].text != ",":
        return
    i += 1
    owner = None
    if i < end and doc[i].lower_ == "the":
        i += 1
    mm = s.mention(doc[i]) if i < end else None
    if mm is not None and mm.type in (_C, _O):
        owner = mm.entity
        i = mm.tok_end + (mm.tok_end < end and doc[mm.tok_end].lower_ in _POSS)
    j = i
    while j < end and doc[j].lower_ in TITLE_WORDS and doc[j].lower_ != "of":
        j += 1
    role = _role(doc, i, j) if j > i else None
    if role is None:
        return
    if owner is None:
        owner = _owner_after_of(s, j)[0]
    if owner:
        yield Found(person, RelationType.LEADER_OF, owner, "leader-appositive", 0.8, role)


def leaders(s: Sentence) -> Iterator[Found]:
    """All LEADER_OF relations of one sentence; records person -> country for later rules."""
    for m in s.mentions(EntityType.PERSON):
        assert m.entity is not None
        found = [
            *_prefix(s, m, m.entity),
            *_title_of(s, m, m.entity),
            *_owner_title_comma(s, m, m.entity),
            *_appositive(s, m, m.entity),
        ]
        for f in found:
            if f.target.startswith("country:"):
                s.state.leaders.setdefault(f.source, f.target)
        yield from found[:1]
