"""MEMBER_OF: stated membership only (applicants, negations and "cannot be" give nothing).

- `member-appositive`:  "Kazakhstan, a key member of the CSTO"; "X is a member of Y"
- `member-includes`:    "the CSTO, which includes Armenia, Belarus and Russia" (every listed
                        item must be a country: "includes Belarus and the Caucasus" is geography)
- `member-compound`:    "NATO member Turkey", "CSTO members Armenia and Kazakhstan"
- `member-joined`:      "Finland joined NATO", "Finland, which joined NATO in April"
- `member-participation`: "Armenia has frozen its participation in the CSTO" (not "applied
                        for membership")
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from spacy.tokens import Token

from graph.extract.rules.base import Found, Sentence, negated, org_ref, recent_org, subject_of
from graph.extract.rules.endings import unreal
from graph.extract.rules.registry import fired
from graph.extract.tags import is_verb
from graph.extract.triggers import triggered
from graph.model import EntityType

__all__ = ["membership"]

_C, _O = EntityType.COUNTRY, EntityType.ORGANISATION
_MEMBER = frozenset({"member", "members", "state", "states", "country", "countries"})
_NOT_MEMBER = frozenset(
    {
        "candidate",
        "aspiring",
        "prospective",
        "would-be",
        "former",
        "observer",
        "applicant",
        "partner",
    }
)
_INCLUDE = frozenset(
    {"includes", "include", "included", "comprises", "comprise", "groups", "unites"}
)
_JOIN = frozenset(
    {
        "joined",
        "join",
        "joins",
        "rejoined",
        "formed",
        "founded",
        "created",
        "establish",
        "established",
    }
)
_FULL = frozenset({"full", "newest", "latest", "full-fledged"})
_PEERS = frozenset({"nations", "countries", "states", "members", "allies"})
_FOUND = frozenset({"establish", "established", "found"})
_FOUNDED_KINDS = frozenset({"alliance", "body", "union"})
_BELONG = frozenset({"belong", "belongs", "belonged"})
_ALLY = frozenset({"ally", "allies"})
_HOPES = frozenset({"path", "bid", "aspiration", "future", "road", "candidacy", "application"})
_AS_HOPES = frozenset({"welcome", "admit", "apply", "invite", "accept", "see", "want", "support"})
_GROUP_NOUNS = frozenset(
    {"partnership", "confederation", "alliance", "bloc", "grouping", "group", "coalition"}
    | {"union", "format", "quartet", "community", "organisation", "organization"}
)
_FOUNDING = frozenset({"found", "form", "create", "establish"})
_COMPOSING = _GROUP_NOUNS | _FOUNDING | {"bring", "unite", "gather", "count", "comprise"}


def _countries(s: Sentence, tok: Token) -> list[str] | None:
    """The countries `tok` and its conjuncts name; None if any conjunct is something else."""
    result = []
    items = [tok, *tok.conjuncts]
    for t in list(items):  # "Mali, Burkina Faso and Niger" parsed as an apposition
        for c in t.children:
            if c.dep_ == "appos" and c.i > t.i and (m := s.mention(c)) and m.type is _C:
                items += [x for x in (c, *c.conjuncts) if x not in items]
    for t in items:
        if t.lower_ in _PEERS and any(c.lower_ == "other" for c in t.children):
            continue  # "the United States and 11 other nations"
        m = s.mention(t) or next((s.mention(c) for c in t.children if c.dep_ == "compound"), None)
        if m is None or m.type is not _C or m.adjective or not m.entity:
            return None
        result.append(m.entity)
    return result


def _antecedent(s: Sentence, verb: Token) -> str | None:
    """The organisation written right before ", which <verb>" (parses often attach it higher)."""
    pron = next((c for c in verb.children if c.dep_ == "nsubj" and c.tag_ == "WDT"), None)
    if pron is None:
        return None
    i = pron.i - 1
    while i > s.span.start and s.span.doc[i].is_punct:
        i -= 1
    return s.entity(s.span.doc[i], _O)


def _joined_when(s: Sentence, verb: Token) -> str | None:
    """ "Montenegro joined in 2017" (no object): the alliance the text is about."""
    if verb.lower_ != "joined":
        return None
    for prep in verb.children:
        if (
            prep.dep_ == "prep"
            and prep.lower_ == "in"
            and any(c.like_num or c.ent_type_ == "DATE" for c in prep.children)
        ):
            return s.state.the_alliance(s.index)
    return None


_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def _group(s: Sentence, subj: Token) -> list[str] | None:
    """ "The three countries formed X": the three countries the sentences before named."""
    if subj.lower_ not in ("states", "countries", "nations"):
        return None
    n = next((_NUMBERS[c.lower_] for c in subj.children if c.lower_ in _NUMBERS), None)
    if n is None or not any(c.lower_ in ("the", "these", "all") for c in subj.children):
        return None
    return s.state.group(s.index, n) or None


def _both(s: Sentence, subj: Token) -> list[str] | None:
    """ "Both states are members": the two countries the sentence (or the one before) named
    first, when exactly two were named, else the pair the document is about."""
    if subj.lower_ not in ("states", "countries", "nations") or not any(
        c.lower_ == "both" for c in subj.children
    ):
        return None
    here = list(dict.fromkeys(m.entity for m in s.mentions(_C) if m.tok_end <= subj.i and m.entity))
    if here:
        return here if len(here) == 2 else None
    return s.state.pair(s.index) or None


def _member_of(s: Sentence, tok: Token) -> str | None:
    """The organisation in "member of <org>" for a `member` token, or "of which ... members"."""
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "in", "on"):
            for obj in prep.children:
                ent = org_ref(s, obj)
                if ent:
                    return ent
    for c in tok.children:  # "the only other alliance member", "the alliance's 31st member"
        if c.dep_ == "compound" and c.lower_ in ("alliance", "bloc"):
            return recent_org(s, c)
        # "NATO's 32nd member", "a NATO member since 2004", "a NATO Ally"
        ent = org_ref(s, c) if c.dep_ in ("poss", "compound") else None
        if ent and (tok.lower_ not in _ALLY or s.state.org_kinds.get(ent) == "alliance"):
            return ent
    verb = tok.head
    if tok.dep_ == "attr" and verb.dep_ == "relcl":
        for prep in verb.children:  # "the GCC, of which Kuwait and Oman are members"
            if (
                prep.dep_ == "prep"
                and prep.lower_ == "of"
                and any(c.lower_ == "which" for c in prep.children)
            ):
                return s.entity(verb.head, _O)
    return None


def _participation(s: Sentence, tok: Token) -> Iterator[Found]:
    """ "Armenia has frozen its participation in the CSTO", "Finland's membership of NATO"."""
    if tok.dep_ == "pobj" and tok.head.lower_ == "for":
        return  # "applied for membership", "a bid for membership"
    if any(c.lower_ in _NOT_MEMBER or c.lower_ in ("bid", "application") for c in tok.children):
        return
    if unreal(tok):
        return  # "Ukraine's eventual membership in NATO", "a path to membership"
    org = _member_of(s, tok)
    poss = next((c for c in tok.children if c.dep_ == "poss"), None)
    if org is None or poss is None:
        return
    country = s.entity(poss, _C)
    if country is None and poss.lower_ in ("its", "their") and tok.dep_ == "dobj":
        country = subject_of(tok.head, s, _C)
    if country:
        yield fired("member-participation", country, org)


def _became_member(s: Sentence, tok: Token) -> Iterator[Found]:
    """ "Finland became the 31st member in April 2023": the alliance the text is about."""
    verb = tok.head
    if tok.dep_ != "attr" or verb.lemma_ != "become" or verb.tag_ not in ("VBD", "VBN"):
        return
    if not any(
        c.dep_ == "amod" and (c.ent_type_ == "ORDINAL" or c.lower_ in _FULL) for c in tok.children
    ):
        return
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    org = s.state.the_alliance(s.index)
    if org and subj is not None:
        for c in _countries(s, subj) or []:
            yield fired("member-context", c, org)


def _unreal_as(prep: Token) -> bool:
    """ "welcomed X as a member", "applied as a member", "admit X as": a hope, not a fact."""
    return prep.head.lemma_ in _AS_HOPES or negated(prep.head) or unreal(prep.head)


def _as_member(s: Sentence, as_: Token) -> list[str] | None:
    """ "Poland's leadership as a NATO Ally", "Finland joined the talks as a member"."""
    if _unreal_as(as_):
        return None
    holder = as_.head
    owner = next((c for c in holder.children if c.dep_ == "poss"), None)
    if holder.lemma_ in _HOPES:
        owner = None  # "Ukraine's path as a future Ally"
    if owner is None and is_verb(holder):
        owner = next((c for c in holder.children if c.dep_ == "nsubj"), None)
    return _countries(s, owner) if owner is not None else None


def _member_in_clause(s: Sentence, tok: Token, org: str) -> Iterator[Found]:
    """The states a clause makes members of `org` through the noun `tok`."""
    members: list[str] | None = None
    first = tok
    while first.dep_ == "conj" and first.head != first:
        first = first.head  # "a member of X and a key member of NATO"
    if first.dep_ == "appos":
        members = _countries(s, first.head)
    elif first.dep_ == "pobj" and first.head.lower_ == "as":
        members = _as_member(s, first.head)
    elif first.dep_ == "attr":
        subj = next((c for c in first.head.children if c.dep_ == "nsubj"), None)
        if subj is not None and subj.tag_ == "WDT" and first.head.dep_ == "relcl":
            subj = first.head.head  # "Sweden, which became NATO's 32nd member"
        members = _countries(s, subj) if subj is not None else None
        if members is None and subj is not None:
            members = _both(s, subj)
        if members is None and subj is not None:
            for c in _group(s, subj) or []:
                yield fired("member-group", c, org)
    for c in members or []:
        yield fired("member-appositive", c, org)


def _member_noun(s: Sentence, tok: Token) -> Iterator[Found]:
    """ "Kazakhstan, a key member of the CSTO", "X is a member of Y", "NATO member Turkey"."""
    if any(c.lower_ in _NOT_MEMBER for c in tok.children) or negated(tok):
        return
    org = _member_of(s, tok)
    if org is None:
        yield from _became_member(s, tok)
    else:
        yield from _member_in_clause(s, tok, org)
    # "NATO member Turkey": org mention right before, countries right after.
    prev = s.span.doc[tok.i - 1] if tok.i > s.span.start else None
    org2 = s.entity(prev, _O) if prev is not None else None
    if org2 and tok.i + 1 < s.span.end:
        for c in _countries(s, s.span.doc[tok.i + 1]) or []:
            yield fired("member-compound", c, org2)


def _includes(s: Sentence, tok: Token) -> Iterator[Found]:
    """ "the CSTO, which includes Armenia, Belarus and Russia"."""
    org = None
    if tok.dep_ == "relcl":
        org = s.entity(tok.head, _O) or _antecedent(s, tok)
    if org is None:
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        org = s.entity(subj, _O) if subj is not None else None
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    if org and obj is not None:
        for c in _countries(s, obj) or []:
            yield fired("member-includes", c, org)


def _joined(s: Sentence, tok: Token) -> Iterator[Found]:
    """ "Finland joined NATO", "Finland, which joined NATO in April"."""
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    org = org_ref(s, obj) if obj is not None else _joined_when(s, tok)
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subj is None and tok.dep_ in ("conj", "xcomp", "advcl"):
        # "A and B left X and formed Y", "A and B came together to establish Y"
        subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
    if tok.lower_ in _FOUND and s.state.org_kinds.get(org or "") not in _FOUNDED_KINDS:
        return  # "established the Development Finance Corporation": founders, not members
    if subj is not None and subj.tag_ == "WDT" and tok.dep_ == "relcl":
        subj = tok.head  # "Finland, which joined NATO"
    if org and subj is not None:
        for c in _countries(s, subj) or []:
            yield fired("member-joined", c, org)
        for c in _group(s, subj) or []:
            yield fired("member-group", c, org)


def _belongs(s: Sentence, tok: Token) -> Iterator[Found]:
    """ "Armenia belongs to the CSTO"."""
    to = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "to"), None)
    obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
    org = org_ref(s, obj) if obj is not None else None
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if org and subj is not None:
        for c in _countries(s, subj) or []:
            yield fired("member-belongs", c, org)


def _accession(s: Sentence, tok: Token) -> Iterator[Found]:
    """ "Finland's accession to NATO in 2023 doubled ...": a completed accession only."""
    if negated(tok) or any(triggered(c, "not_yet") for c in (*tok.children, tok.head)):
        return
    verb = tok.head
    while verb.dep_ not in ("ROOT", "ccomp") and verb.head != verb and not is_verb(verb):
        verb = verb.head
    if verb.tag_ not in ("VBD", "VBN") or negated(verb):
        return  # "Ukraine's accession to NATO would ...": not stated as done
    poss = next((c for c in tok.children if c.dep_ == "poss"), None)
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    member = s.entity(poss, _C) if poss is not None else None
    if member is None and of is not None:
        member = next((e for c in of.children if (e := s.entity(c, _C))), None)
    to = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("to", "into")), None)
    org = next((o for c in to.children if (o := org_ref(s, c))), None) if to is not None else None
    if member and org:
        yield fired("member-accession", member, org)


def _admitted(s: Sentence, tok: Token) -> Iterator[Found]:
    """ "We've added Finland and Sweden to the Alliance", "NATO admitted Montenegro in 2017",
    "Montenegro was admitted into NATO": states taken into a body."""
    states = [
        e for c in tok.children if c.dep_ in ("dobj", "nsubjpass") for e in _countries(s, c) or []
    ]
    orgs = [
        o
        for p in tok.children
        if p.dep_ == "prep" and p.lower_ in ("to", "into")
        for obj in p.children
        if (o := org_ref(s, obj))
    ]
    if not orgs and tok.lemma_ == "admit":
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        orgs = [o for o in (org_ref(s, subj) if subj is not None else None,) if o]
    for org in orgs[:1]:
        for state in states:
            yield fired("member-joined", state, org)


_VERB_HANDLERS = (
    {w: _includes for w in _INCLUDE}
    | {w: _joined for w in _JOIN}
    | {w: _belongs for w in _BELONG}
    | {w: _admitted for w in ("added", "admitted")}
)


def _handler(tok: Token) -> Callable[[Sentence, Token], Iterator[Found]] | None:
    """The phrasing a token may open (cheap word tests first: most tokens open none)."""
    low = tok.lower_
    if low in ("member", "members") or low in _ALLY:
        return _member_noun
    if low in ("membership", "participation"):
        return _participation
    verb = _VERB_HANDLERS.get(low)
    if verb is not None and is_verb(tok):
        done = tok.tag_ in ("VBD", "VBN", "VBZ") or (
            tok.lower_ in _FOUND and tok.dep_ in ("xcomp", "advcl") and tok.head.lower_ == "came"
        )  # "came together to establish"
        return None if verb in (_joined, _admitted) and not done else verb
    return _accession if triggered(tok, "accession") else None


def _group_of(s: Sentence, tok: Token) -> str | None:
    """The organisation a group noun or name stands for: "the AUKUS partnership", "the Quad",
    "the Alliance of Sahel States, a confederation ..." (the noun in apposition)."""
    if org := s.entity(tok, _O):
        return org
    if tok.lemma_ not in _GROUP_NOUNS:
        return None
    for c in tok.children:
        if c.dep_ in ("compound", "nmod") and (org := s.entity(c, _O)):
            return org
    return s.entity(tok.head, _O) if tok.dep_ == "appos" else None


def _hyphened_states(s: Sentence, noun: Token) -> list[str]:
    """States joined by hyphens right before a group noun, two or more: "the Australia-UK-US
    partnership", "the Australia-United Kingdom-United States (AUKUS) trilateral partnership"
    (read on the surface: the parser hangs such names on their last state)."""
    doc, i = s.span.doc, noun.i - 1
    while i >= s.span.start and doc[i].tag_ == "JJ":  # "trilateral", "strategic"
        i -= 1
    if i - 2 >= s.span.start and doc[i].text == ")" and doc[i - 2].text == "(":
        i -= 3  # the acronym in brackets
    return _hyphen_chain(s, i)


def _hyphen_chain(s: Sentence, i: int) -> list[str]:
    """States joined by hyphens, the last ending at token `i` ("Australia-UK-US"), two or
    more."""
    doc = s.span.doc
    states: list[str] = []
    while i >= s.span.start and (m := s.mention(doc[i])) is not None and m.type is _C:
        if m.entity and m.entity not in states:
            states.insert(0, m.entity)
        i = m.tok_start - 1
        if i < s.span.start or doc[i].text not in ("-", "–"):
            break
        i -= 1
    return states if len(states) >= 2 else []


def _composition(s: Sentence, tok: Token) -> Iterator[Found]:
    """A body named with the states that make it up: "the AUKUS partnership among A, B and
    C", "a confederation of A, B and C", "the Quad, bringing together A, B, C and D",
    "founded by A, B and C", "now counts A and B among its members" (two states or more,
    every item a state)."""
    if negated(tok) or unreal(tok):
        return
    lists: list[Token] = []
    if is_verb(tok):
        org = _group_of(s, tok.head) if tok.dep_ in ("acl", "relcl") else None
        if org is None:
            subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            org = _group_of(s, subj) if subj is not None else None
        if tok.lemma_ in _FOUNDING:
            lists = [o for a in tok.children if a.dep_ == "agent" for o in a.children]
        elif tok.lemma_ != "bring" or any(c.lower_ == "together" for c in tok.children):
            counted = tok.lemma_ != "count" or any(
                c.lower_ == "among" and any(t.lemma_ == "member" for t in c.subtree)
                for c in tok.children
            )
            lists = [c for c in tok.children if c.dep_ == "dobj"] if counted else []
    elif tok.lemma_ in _GROUP_NOUNS and (hyphened := _hyphened_states(s, tok)):
        group = _group_of(s, tok)  # "the Australia-UK-US (AUKUS) partnership"
        for state in hyphened:
            if group:
                yield fired("member-composition", state, group)
        return
    else:
        org = _group_of(s, tok)
        lists = [
            o
            for p in tok.children
            if p.dep_ == "prep" and p.lower_ in ("among", "of", "between")
            for o in p.children
            if o.dep_ == "pobj"
        ]
    if org is None:
        return
    named = not is_verb(tok) and tok.lemma_ not in _GROUP_NOUNS
    for obj in lists:
        states = _countries(s, obj) or []
        # "the Quad of A, B, C and D"; a name's "of" with two states is as often an address
        # ("Consulate General Mumbai, India")
        if len(states) >= (3 if named else 2) or (states and tok.lemma_ == "count"):
            for state in states:
                yield fired("member-composition", state, org)


def _bracketed(s: Sentence, bracket: Token) -> Iterator[Found]:
    """A body and its states on either side of a bracket: "the Australia-United
    Kingdom-United States (AUKUS) statement" (hyphened before the acronym), "I2U2 (Israel,
    India, United States, UAE)" (every item inside the brackets a state, two or more)."""
    doc, end = s.span.doc, s.span.end
    if bracket.i + 2 < end and doc[bracket.i + 2].text == ")":
        org = s.entity(doc[bracket.i + 1], _O)
        for state in _hyphen_chain(s, bracket.i - 1) if org else []:
            yield fired("member-composition", state, org or "")
    org = s.entity(doc[bracket.i - 1], _O) if bracket.i > s.span.start else None
    close = next((t.i for t in doc[bracket.i : min(end, bracket.i + 40)] if t.text == ")"), None)
    if org is None or close is None:
        return
    inside = [t for t in doc[bracket.i + 1 : close] if not t.is_punct and t.lower_ != "and"]
    states: list[str] = []
    covered = 0
    seen: set[int] = set()
    for t in inside:
        m = s.mention(t)
        if m is None or m.type is not _C or not m.entity:
            return  # "NATO (the alliance)": not a list of states
        if m.tok_start not in seen:
            seen.add(m.tok_start)
            states.append(m.entity)
            covered += m.tok_end - m.tok_start
    if len(states) >= 2 and covered == len(inside):
        for state in states:
            yield fired("member-composition", state, org)


def membership(s: Sentence) -> Iterator[Found]:
    """All MEMBER_OF relations stated in one sentence."""
    for tok in s.tokens:
        if tok.text == "(":
            yield from _bracketed(s, tok)
        if tok.lemma_ in _COMPOSING or (
            tok.tag_ in ("NNP", "NNPS") and any(c.lower_ in ("of", "among") for c in tok.children)
        ):
            yield from _composition(s, tok)
        handler = _handler(tok)
        if handler is None:
            continue
        if handler in (_includes, _joined, _belongs, _participation, _admitted) and negated(tok):
            continue
        yield from handler(s, tok)
