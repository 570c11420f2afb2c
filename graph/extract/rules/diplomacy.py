"""VISITED, ALLIED_WITH and MET_WITH from trigger words on the parse.

- `visit`:        "X's inspection of sites in Kazakhstan, including the 201st base",
                  "X visited China", "X arrived in Kyiv" (not planned visits)
- `ally-noun`:    "Kazakhstan ... has long been a strategic partner for Russia",
                  "X, a close ally of Y", "Japan and South Korea, both allies of the US",
                  "praised Finland as a strong ally of the United States"
- `ally-pronoun`: "<leader of X> endorsed his ally" -> the country the last other
                  leader named led (lower confidence)
- `meeting`:      "X met (with) Y", "X and Y met", "X held talks with Y", "X received Y"
                  (past, not negated, not a call or a video link)
- `meeting-alongside`: "X, speaking in Kyiv alongside Y"
- `meeting-joined`: "X also joined the meeting": X met the other state's side of it
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from graph.extract.gazetteer import capital_state
from graph.extract.lexicon import HONORIFICS, LEADER_TITLES, TITLE_WORDS
from graph.extract.raw import RawMention
from graph.extract.rules.base import (
    Found,
    Sentence,
    negated,
    person_pronoun,
    subject_of,
    words,
)
from graph.extract.rules.registry import fired
from graph.extract.tags import is_verb
from graph.extract.triggers import triggered
from graph.model import EntityType

__all__ = ["diplomacy"]

_C, _P, _B = EntityType.COUNTRY, EntityType.PERSON, EntityType.MILITARY_BASE
# Verbs that make a trip happen ("concluded a trip to X"; not "postponed" or "cancelled").
_MADE = words("make conclude complete begin start end wrap undertake take finish pay")
_VISIT = words(
    "visit visited visits visiting inspection inspected toured tour trip arrived "
    "travelled traveled flew landed"
)
_NOT_YET = frozenset(
    {"will", "plans", "upcoming", "planned", "forthcoming", "future", "proposed", "next"}
)
_ALLY = frozenset({"ally", "allies", "partner", "partners", "alliance"})
_ALLY_QUALIFIERS = words(
    "strategic military security defence defense close key staunch loyal treaty"
)
_MEET = frozenset({"met", "meet", "meeting", "talks", "hosted", "received", "summit"})
_PAIRS = words("men women leaders presidents ministers officials")
_REMOTE = frozenset(
    ["phone", "call", "called", "video", "videoconference", "virtual", "online", "telephone"]
)


def _visits(s: Sentence, tok: Token) -> Iterator[Found]:
    person = None
    for c in tok.children:
        if c.dep_ == "poss" or (c.dep_ == "nsubj" and is_verb(tok)):
            person = s.entity(c, _P) or person_pronoun(s, c)
            if person is None and c.tag_ in ("WP", "WDT") and tok.dep_ == "relcl":
                person = s.entity(tok.head, _P)  # "X, who visited Ankara twice"
    if person is None and tok.dep_ == "pobj" and tok.head.lower_ in ("during", "on"):
        verb = tok.head.head  # "X reaffirmed the pledge during a visit to Manila"
        if is_verb(verb) and verb.tag_ in ("VBD", "VBN"):
            person = subject_of(verb, s, _P)
    if (
        person is None
        and tok.dep_ == "dobj"
        and not is_verb(tok)
        and tok.head.lemma_ in _MADE
        and _past(tok.head)
    ):
        person = subject_of(tok.head, s, _P)  # "X concluded a five-day trip to A, B and C"
    if person is None or negated(tok) or any(c.lower_ in _NOT_YET for c in tok.children):
        return  # "will visit", "the Vice President's upcoming trip to X"
    if tok.dep_ == "dobj" and triggered(tok.head, "unmade"):
        return  # "postponed his trip to X", "announced a visit to X"
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None) if is_verb(tok) else None
    team = [  # the subject's list, before the verb
        m.entity
        for m in s.mentions(_P)
        if subj is not None and m.entity and m.tok_end <= tok.i and subj.left_edge.i <= m.tok_start
    ]
    people = list(dict.fromkeys([person, *team]))  # "A, B and C traveled to X and Y"
    if len(people) > 1:
        s.state.travellers = people
    for rule, place in _destinations(s, tok):
        for who in people:
            yield fired(rule, who, place)


def _destinations(s: Sentence, tok: Token) -> Iterator[tuple[str, str]]:
    """(rule, state or base) for each place the visit word `tok` goes to."""
    stack = [c for c in tok.children if c.dep_ in ("prep", "dobj")]
    while stack:
        t = stack.pop()
        if t.lower_ in ("from", "near", "border") or t.dep_ in ("relcl", "advcl", "acl"):
            continue
        if t.dep_ == "appos" and not (s.entity(t, _C) and s.entity(t.head, _C)):
            continue  # a country "in apposition" to a country is the next item of a list
        if (
            t.dep_ in ("nmod", "compound", "poss", "amod")
            and s.mention(t) is not None
            and s.mention(t.head) is None
        ):  # "toured the largest US facility": a modifier names no destination
            stack.extend(c for c in t.children if c.dep_ == "prep")
            continue
        m = s.mention(t)
        if (
            m is not None
            and m.type in (_C, _B)
            and m.entity
            and not m.adjective
            and t.i == m.tok_end - 1
        ):
            yield "visit", m.entity
        elif m is None and (capital := capital_state(t)):
            # "arrived in Doha": a capital as the destination stands for its state
            yield "visit-capital", capital
        stack.extend(t.children)


def _ally_owners(s: Sentence, tok: Token) -> list[str]:
    """Who is the ally: "X's ally", "X, a close ally", "X is an ally", "praised X as an ally"."""
    owner = s.modifier(tok, _C)
    if owner:
        return [owner]
    if tok.dep_ == "appos":
        head = tok.head
        return [e for t in (head, *head.conjuncts) if (e := s.entity(t, _C))]
    if tok.dep_ in ("attr", "dobj"):
        subj = subject_of(tok.head, s, _C)
        return [subj] if subj else []
    if tok.dep_ == "pobj" and tok.head.lower_ == "as":
        verb = tok.head.head
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        ent = s.entity(obj, _C) if obj is not None else None
        return [ent] if ent else []
    return []


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
    owners = _ally_owners(s, tok)
    mod = s.modifier(tok, _C)
    if mod and not others and tok.dep_ in ("attr", "appos"):
        # "China ... is Pakistan's closest partner", "President X, Moscow's closest ally": the
        # subject's state, or the state the person the phrase describes leads
        side = subject_of(tok.head, s, _C) if tok.dep_ == "attr" else s.entity(tok.head, _C)
        person = s.entity(tok.head, _P) if tok.dep_ == "appos" else None
        side = side or (s.state.state_of(person) if person else None)
        if side and side != mod:
            yield fired("ally-noun", side, mod)
            return
    if tok.dep_ == "appos" and owners and mod == owners[0]:
        # "Pakistan, China's closest ally": the head is the ally of the possessor
        owners, others = [e for e in (s.entity(tok.head, _C),) if e], [owners[0], *others]
    if owners and others:
        for owner in owners:
            for other in others:
                yield fired("ally-noun", owner, other)
        return
    poss = next((c for c in tok.children if c.dep_ == "poss" and c.lower_ in ("his", "her")), None)
    if poss is not None and tok.dep_ == "dobj":
        subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        me = s.entity(subj, _P) if subj is not None else None
        mine = s.state.leaders.get(me or "")
        for other in s.state.recent(s.state.persons, s.index + 1, 3):
            theirs = s.state.leaders.get(other)
            if other != me and theirs and mine and theirs != mine:
                yield fired("ally-pronoun", mine, theirs)
                return


def _meetings(s: Sentence, tok: Token) -> Iterator[Found]:
    if negated(tok) or any(t.lower_ in _REMOTE for t in s.tokens):
        return
    if is_verb(tok) and tok.tag_ not in ("VBD", "VBN"):
        return
    if _unreal_marker(tok):
        return
    a = subject_of(tok, s, _P) if is_verb(tok) else s.modifier(tok, _P)
    verb = tok if is_verb(tok) else tok.head if tok.dep_ == "dobj" else None
    if not is_verb(tok) and tok.dep_ == "pobj" and tok.head.lower_ == "for":
        verb = tok.head.head  # "X arrived in Kyiv for talks with Y"
    if a is None and verb is not None and verb is not tok:
        a = subject_of(verb, s, _P)  # "X held talks with Y"
    if verb is not None and verb is not tok and not _past(verb):
        return  # "will hold talks", "plans to hold talks"
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None) if verb is not None else None
    sides = _meeting_side(s, a, subj)
    others = _met(s, tok)
    if not others and verb is not None:  # "X and Y met", "X and Y held talks"
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        people = s.in_subtree(subj, _P) if subj is not None else []
        leads = {s.state.leaders.get(p) for p in people}
        if len(people) == 2 and (None in leads or len(leads) == 2):  # "X and Y met"
            sides, others = people[:1], people[1:]  # (not two officials of one state)
        else:
            sides = []
    if a is None and not others and subj is not None:
        pair = _the_two(s, subj)
        sides, others = pair[:1], pair[1:]
    if a is None and not sides and len(others) == 2:
        sides, others = others[:1], others[1:]
    for side in sides:
        for b in others:
            if b != side:
                yield fired("meeting", side, b)


def _meeting_side(s: Sentence, a: str | None, subj: Token | None) -> list[str]:
    """Who met: the subject person and the people listed with them ("A and B held talks with
    C"); "they" or "the delegation" after a group trip are its travellers."""
    sides = [a] if a else []
    if subj is None:
        return sides
    if a is None and (subj.lower_ == "they" or triggered(subj, "party")):
        sides = list(s.state.travellers)  # "In Niamey, they met with President X"
    team = s.in_subtree(subj, _P, skip=("relcl", "acl", "prep"))
    return sides + [e for e in team if e not in sides]


def _met(s: Sentence, tok: Token) -> list[str]:
    """The people the meeting word `tok` names as met: its object and "with" phrases, or the
    person named after a title there ("met with the Prime Minister of Bahrain, His Royal
    Highness X")."""
    others = [
        e
        for c in tok.children
        if c.dep_ in ("dobj", "prep", "npadvmod") and c.lower_ not in ("in", "at", "on", "during")
        for e in (s.in_subtree(c, _P) if c.dep_ != "npadvmod" else [s.entity(c, _P)])
        if e and not _someones_boss(s, e, c)
    ]
    return others or [e for c in tok.children if c.lower_ == "with" for e in _named_after(s, c)]


def _someones_boss(s: Sentence, person: str, phrase: Token) -> bool:
    """ "met with X, Chief of Cabinet for Commission President Y": Y only names X's office."""
    doc = s.span.doc
    for m in s.mentions(_P):
        t = doc[m.tok_end - 1]
        if m.entity == person and t != phrase and t.dep_ == "pobj" and t.head.lower_ in _OWNING:
            own_title = any(w.lower_ in LEADER_TITLES for w in doc[t.head.i + 1 : m.tok_start])
            return own_title and t.head.head.lower_ in TITLE_WORDS  # not "Minister for X | Y"
    return False


_OWNING = frozenset({"for", "of", "to"})


def _named_after(s: Sentence, prep: Token) -> list[str]:
    """The person named right after a title phrase that names nobody: "with the Crown Prince
    and Prime Minister of Bahrain, His Royal Highness X" (the parser hangs X elsewhere)."""
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if obj is None or obj.lower_ not in TITLE_WORDS:
        return []
    doc, k = s.span.doc, prep.right_edge.i + 1
    while k < s.span.end and (doc[k].is_punct or doc[k].lower_ in HONORIFICS):
        k += 1
    m = s.mention(doc[k]) if k < s.span.end else None
    return [m.entity] if m is not None and m.type is _P and m.entity else []


def _past(verb: Token) -> bool:
    """A verb telling what happened, not what will or may happen."""
    if verb.tag_ not in ("VBD", "VBN") or negated(verb):
        return False
    return not _unreal_marker(verb)


def _unreal_marker(tok: Token) -> bool:
    """ "will meet", "to meet", "plans ..." (an infinitive's "to", not "flew to Nairobi")."""
    return any(
        c.lower_ in ("will", "would", "to", "plans") and c.dep_ != "prep" for c in tok.children
    )


def _the_two(s: Sentence, subj: Token) -> list[str]:
    """ "The two men held talks": the two people this or the previous sentence named."""
    if subj.lower_ not in _PAIRS or not any(c.lower_ == "two" for c in subj.children):
        return []
    here = [m.entity for m in s.mentions(_P) if m.tok_end <= subj.i and m.entity]
    before = [p for n, p in s.state.persons if n == s.index - 1]
    people = list(dict.fromkeys(here or before))
    return people if len(people) == 2 else []


def _hosted(s: Sentence, tok: Token) -> Iterator[Found]:
    """ "Mali hosted Putin in Bamako": the guest visited the place named."""
    if not _past(tok):
        return
    guests = [e for c in tok.children if c.dep_ == "dobj" for e in s.in_subtree(c, _P)]
    for prep in tok.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("in", "at"):
            continue
        for t in prep.children:
            m = s.mention(t)
            place = m.entity if m is not None and m.type in (_C, _B) and not m.adjective else None
            place = place or capital_state(t)
            if place:
                for guest in guests:
                    yield fired("visit-hosted", guest, place)


def _title_state(s: Sentence, m: RawMention) -> str | None:
    """The state a person's title names ("U.S. Ambassador X", "Polish Chief of the General
    Staff X", "Commander of U.S. European Command X")."""
    doc = s.span.doc
    k = m.tok_start - 1
    while k >= s.span.start and (doc[k].text[:1].isupper() or doc[k].lower_ in ("of", "the")):
        found = s.mention(doc[k])
        if found is not None and found.type is _C and found.entity:
            return found.entity
        if found is not None and found.type is EntityType.ORGANISATION and found.entity:
            return s.state.forces.get(found.entity)
        if found is not None:
            return None
        k -= 1
    return None


def _joined_meeting(s: Sentence, verb: Token) -> Iterator[Found]:
    """ "X also joined the meeting", "A and B also participated in the meeting": each met the
    people the text's meeting brought together from another state (a person of no known state
    sits on the publisher's side)."""
    if not _past(verb) or not s.state.met:
        return
    meeting = [
        t
        for c in verb.children
        for t in ((c,) if c.dep_ == "dobj" else c.children if c.lower_ == "in" else ())
        if t.lower_ in ("meeting", "talks", "discussion", "meetings")
        and any(d.lower_ in ("the", "this", "that") for d in t.children)
    ]
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if not meeting or subj is None:
        return
    for m in s.mentions(_P):
        person = m.entity
        if person is None or not subj.left_edge.i <= m.tok_start <= subj.right_edge.i:
            continue
        side = s.state.state_of(person) or _title_state(s, m) or s.state.voice
        for other in s.state.met:
            theirs = s.state.state_of(other) or s.state.voice
            if other != person and side and theirs and side != theirs:
                yield fired("meeting-joined", person, other)


def _welcomed(s: Sentence, verb: Token) -> Iterator[Found]:
    """ "President Biden welcomed President Herzog of Israel to the White House": a hosted
    meeting (a person welcomed to a place, not a decision or an election welcomed)."""
    if not _past(verb) or not any(c.dep_ == "prep" and c.lower_ == "to" for c in verb.children):
        return
    host = subject_of(verb, s, _P)
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    guests = [e for t in (obj, *obj.conjuncts) if (e := s.entity(t, _P))] if obj else []
    for guest in guests:
        if host and guest != host:
            yield fired("meeting", host, guest)


def _alongside(s: Sentence, tok: Token) -> Iterator[Found]:
    """ "X, speaking in Kyiv alongside Y": two people in one place."""
    verb = tok.head
    if not is_verb(verb) or negated(verb) or any(t.lower_ in _REMOTE for t in s.tokens):
        return
    a = subject_of(verb, s, _P)
    for b in s.in_subtree(tok, _P, skip=("relcl", "acl")):
        if a and b != a:
            yield fired("meeting-alongside", a, b)


def _co_chaired(s: Sentence, tok: Token) -> Iterator[Found]:
    """ "the talks, co-chaired by A and B", "A and B co-chaired the dialogue": two chairs from
    two states met (not by call)."""
    verb = tok.head if tok.dep_ == "conj" else tok  # the parser splits "co-chaired"
    if not (_past(tok) and _past(verb)) or any(t.lower_ in _REMOTE for t in s.tokens):
        return
    chaired = (
        tok.head if tok.dep_ == "acl" else next((c for c in tok.children if c.dep_ == "dobj"), None)
    )
    if chaired is None or not triggered(chaired, "meet_event"):
        return  # "the Council will be co-chaired by": a body, not a meeting
    agent = next((c for c in tok.children if c.dep_ == "agent"), None)
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    phrase = agent if agent is not None else subj
    people = s.in_subtree(phrase, _P, skip=("relcl", "acl")) if phrase is not None else []
    states = {s.state.state_of(p) for p in people}
    if len(people) == 2 and (None in states or len(states) == 2):
        yield fired("meeting", people[0], people[1])


def _co_chair(tok: Token) -> bool:
    doc = tok.doc
    return tok.lemma_ == "chair" and (
        tok.lower_.startswith("co") or (tok.i > 1 and doc[tok.i - 2].lower_ == "co")
    )


def diplomacy(s: Sentence) -> Iterator[Found]:
    """VISITED, ALLIED_WITH and MET_WITH relations of one sentence."""
    for tok in s.tokens:
        low = tok.lower_
        if low in _VISIT:
            yield from _visits(s, tok)
        elif low in _ALLY:
            yield from _allies(s, tok)
        elif low in _MEET:
            yield from _meetings(s, tok)
            if low == "hosted":
                yield from _hosted(s, tok)
        elif is_verb(tok) and triggered(tok, "take_part"):
            yield from _joined_meeting(s, tok)
        elif tok.lemma_ == "welcome" and is_verb(tok):
            yield from _welcomed(s, tok)
        elif low == "alongside" and tok.dep_ == "prep":
            yield from _alongside(s, tok)
        elif _co_chair(tok):
            yield from _co_chaired(s, tok)
