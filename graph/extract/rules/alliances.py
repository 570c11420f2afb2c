"""Alliance words that state membership or an alliance between states.

- `member-ally`:   "our NATO Allies" (the state the publisher speaks for), "welcome Sweden as
                   NATO's 32nd Ally", "our newest Ally Sweden" (the alliance the text is about),
                   "As NATO Allies, President A and Prime Minister B ..." (the states they lead)
- `ally-hyphen`:   "the U.S.-Japan Alliance", "the U.S.-Thailand treaty alliance", "the United
                   States-Japan Treaty of Mutual Cooperation and Security"
- `ally-between`:  "the alliance between Seoul and Washington", "the Mutual Defense Treaty
                   between Washington and Manila"
- `ally-commitment`: "the United States' alliance commitments to Japan and the Philippines"
- `ally-ours`:     "The United States and Japan ... deepening our Alliance", "our Japanese and
                   Korean allies" (the publisher's state's)
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from graph.extract.gazetteer import capital_state
from graph.extract.rules.base import (
    MODALS,
    Found,
    Sentence,
    negated,
    pair_states,
    pronoun_owner,
    words,
)
from graph.extract.rules.registry import fired
from graph.extract.triggers import triggered
from graph.model import EntityType

__all__ = ["alliances"]

_C, _O, _P = EntityType.COUNTRY, EntityType.ORGANISATION, EntityType.PERSON


def _alliance_of(s: Sentence, ally: Token) -> str | None:
    """The alliance an "Ally" belongs to: "NATO Allies", "NATO's Ally", else the alliance the
    text named last ("our newest Ally")."""
    if any(t.lower_ in ("non", "non-") for t in ally.lefts):
        return None  # "a Major Non-NATO Ally" is no member of NATO
    for c in ally.children:
        if c.dep_ in ("compound", "poss", "nmod") and (e := s.entity(c, _O)):
            return e
    if ally.text[:1].isupper():  # "Ally" capitalised: the alliance the text named last
        named = [m.entity for m in s.mentions(_O) if m.tok_end <= ally.i]
        for org in [*reversed(named), *s.state.recent(s.state.orgs, s.index, window=30)]:
            if org and s.state.org_kinds.get(org) == "alliance":
                return org
    return None


def _future(verb: Token) -> bool:
    """A modal on the verb or on the verbs it completes: "will (be able to) welcome"."""
    for _ in range(3):
        if any(c.dep_ == "aux" and c.lower_ in MODALS for c in verb.children):
            return True
        if verb.dep_ not in ("xcomp", "acomp", "ccomp") or verb.head == verb:
            return False
        verb = verb.head
    return False


# verbs whose "as" phrase names what the object is ("welcome Sweden as NATO's 32nd Ally"),
# unlike "As NATO Allies, they discussed Ukraine"
_AS_VERBS = words("welcome admit accept count recognize recognise regard call name consider")


def _ally_members(s: Sentence, ally: Token) -> list[str]:
    """Who is called an ally: "our" (the voice), an apposition, "welcome X as ...", or the
    states of the people "As NATO Allies, A and B" introduces."""
    members: list[str] = []
    for c in ally.children:
        if c.dep_ == "poss" and c.lower_ == "our" and s.state.voice:
            members.append(s.state.voice)
        if c.dep_ in ("appos", "compound") and (e := s.entity(c, _C)):
            members.append(e)
    node = ally
    while node.dep_ == "conj" and node.head != node:
        node = node.head  # "As leading democracies and NATO Allies"
    if node.dep_ == "pobj" and node.head.lower_ == "as":
        verb = node.head.head
        if _future(verb):
            return members  # "will be able to welcome Sweden as the 32nd Ally": not yet
        for c in verb.children:
            if c.dep_ == "dobj" and verb.lemma_ in _AS_VERBS and (e := s.entity(c, _C)):
                members.append(e)  # "welcome Sweden as NATO's 32nd Ally"
            if c.dep_ == "nsubj" and c.lower_ == "they":
                members += pair_states(s)  # "As NATO Allies, they discussed ..."
            elif c.dep_ == "nsubj":
                for t in (c, *c.conjuncts):
                    e = s.entity(t, _C, _P)
                    if e and e.startswith("person:"):
                        e = s.state.state_of(e)
                    if e:
                        members.append(e)
    return members


def _allies(s: Sentence, tok: Token) -> Iterator[Found]:
    alliance = _alliance_of(s, tok)
    if alliance is None or negated(tok):
        return
    for member in dict.fromkeys(_ally_members(s, tok)):
        yield fired("member-ally", member, alliance)


def _hyphen_pair(s: Sentence, tok: Token) -> Iterator[Found]:
    """ "the U.S.-Japan Alliance": the states hyphened in front of the alliance noun."""
    states: list[str] = []
    for c in tok.children:
        if c.dep_ not in ("compound", "amod", "nmod"):
            continue
        for t in c.subtree:
            if (e := s.entity(t, _C)) and e not in states:
                states.append(e)
    hyphened = any(t.text in ("-", "–") for c in tok.children for t in c.subtree)
    if hyphened and len(states) == 2:
        a, b = states
        yield fired("ally-hyphen", a, b)


_PACTS = words("treaty pact")
_DEFENCE = words("defense defence security mutual military")


def _defence_pact(tok: Token) -> bool:
    """ "the Mutual Defense Treaty", "the Treaty of Mutual Cooperation and Security"."""
    return any(t.lower_ in _DEFENCE for t in tok.subtree if t.dep_ != "relcl")


def _state_at(s: Sentence, tok: Token) -> str | None:
    """A country named at `tok`, or a capital standing for it ("between Seoul and Washington")."""
    ent = s.entity(tok, _C)
    return ent or capital_state(tok)


def _between(s: Sentence, tok: Token) -> Iterator[Found]:
    """ "the alliance between Seoul and Washington", "the Mutual Defense Treaty between
    Washington and Manila": exactly two states joined by an alliance or a defence pact."""
    if negated(tok):
        return
    shared = tok.head.children if tok.dep_ == "conj" else ()  # "relationship and alliance between"
    for prep in (*tok.children, *shared):
        if prep.dep_ != "prep" or prep.lower_ != "between":
            continue
        states = [
            e
            for obj in prep.children
            if obj.dep_ == "pobj"
            for t in (obj, *obj.conjuncts)
            if (e := _state_at(s, t))
        ]
        pair = list(dict.fromkeys(states))
        if len(pair) == 2:
            yield fired("ally-between", pair[0], pair[1])


_CLIMB = frozenset({"dobj", "pobj", "pcomp", "prep", "xcomp", "acomp", "advcl"})


def _our_alliance(s: Sentence, tok: Token) -> Iterator[Found]:
    """ "The United States and Japan are committed to deepening our Alliance": the states the
    clause is about, two or more, share the alliance "our" or "their" names."""
    if negated(tok) or not any(
        c.dep_ == "poss" and c.lower_ in ("our", "their") for c in tok.children
    ):
        return
    head = tok
    for _ in range(5):  # up through "to deepening", "committed"
        head = head.head
        subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            states = list(
                dict.fromkeys(e for t in (subj, *subj.conjuncts) if (e := s.entity(t, _C)))
            )
            if (subj.i > tok.i or subj == tok or len(states) < 2) and tok.text == "alliance":
                states = pair_states(s)  # "And our alliance is critical": the two who met
            elif len(states) < 2:  # ("our Alliance", capitalised, is NATO's)
                states = []
            for i, a in enumerate(states):
                for b in states[i + 1 :]:
                    yield fired("ally-ours", a, b)
            return
        if head.dep_ not in _CLIMB or head.head == head:
            return


def _voice_allies(s: Sentence, tok: Token) -> Iterator[Found]:
    """ "our Japanese and Korean allies", "the Republic of Korea and Japanese allies": states
    named as allies with no owner named are the publisher's state's allies."""
    if tok.lower_ != "allies" or not s.state.voice or negated(tok):
        return
    if any(c.dep_ == "poss" and c.lower_ != "our" for c in tok.children) or any(
        c.dep_ == "prep" for c in tok.children
    ):
        return  # "Japan's allies", "allies of Japan": another owner
    mods = [c for c in tok.children if c.dep_ in ("amod", "compound", "nmod")]
    if any(triggered(m, "people_allies") for m in mods):
        return  # "our Afghan allies": the people who worked beside U.S. forces, not a state
    named = [e for m in mods for t in (m, *m.conjuncts) if (e := s.entity(t, _C, _O))]
    first = min((m.left_edge.i for m in mods), default=tok.i)
    before = s.mention(tok.doc[first - 2]) if first - 2 >= s.span.start else None
    if mods and tok.doc[first - 1].lower_ == "and" and before and before.type is _C:
        named.insert(0, before.entity or "")  # "Republic of Korea and Japanese allies"
    for state in dict.fromkeys(named):
        if state.startswith("country:") and state != s.state.voice:
            yield fired("ally-ours", s.state.voice, state)


def _commitments(s: Sentence, tok: Token) -> Iterator[Found]:
    """ "The United States reaffirmed its ironclad alliance commitments to both the ROK and
    Japan": the owner of the commitments is allied with each state they are made to."""
    noun = tok.head
    if tok.dep_ != "compound" or negated(noun):
        return
    holder = noun.head if noun.dep_ == "dobj" else None  # "reaffirmed ... commitments to X"
    preps = [c for h in (noun, holder) if h is not None for c in h.children if c.dep_ == "prep"]
    states = [
        e
        for p in preps
        if p.lower_ == "to"
        for o in p.children
        if o.dep_ == "pobj"
        for t in (o, *o.conjuncts)
        if (e := s.entity(t, _C))
    ]
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    owner = None
    if poss is not None:
        owner = s.entity(poss, _C) or (pronoun_owner(s, poss.i) if poss.lower_ == "its" else None)
    if owner is None and poss is not None and poss.lower_ == "our":
        owner = s.state.voice
    for state in states:
        if owner and state != owner and owner.startswith("country:"):
            yield fired("ally-commitment", owner, state)


def alliances(s: Sentence) -> Iterator[Found]:
    for tok in s.with_trigger("ally_member"):
        yield from _allies(s, tok)
        yield from _voice_allies(s, tok)
    for tok in s.with_trigger("alliance"):
        yield from _hyphen_pair(s, tok)
        yield from _between(s, tok)
        yield from _our_alliance(s, tok)
        yield from _commitments(s, tok)
    for tok in s.with_words(_PACTS):
        if _defence_pact(tok):
            yield from _hyphen_pair(s, tok)
            yield from _between(s, tok)
