"""LEADER_OF from a role the sentence gives someone, not a title in front of their name.

- `leader-role`: "X was assigned to serve as the Commander of the 99th Air Base Wing",
                 "X is Commander of Task Group 56.6", "she was selected to command the 93rd
                 Intelligence Squadron" ("he"/"she": the person named last), "recognize X for
                 his service as Commander of Task Group 56.6"
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from graph.extract.lexicon import LEADER_TITLES, NON_LEADER_TITLES
from graph.extract.rules.base import Found, Sentence, negated, subject_of
from graph.extract.rules.endings import ended_holder
from graph.extract.rules.registry import fired
from graph.extract.triggers import triggered
from graph.model import EntityType

__all__ = ["roles"]

_C, _O, _P = EntityType.COUNTRY, EntityType.ORGANISATION, EntityType.PERSON


def _owner_of(s: Sentence, title: Token) -> str | None:
    for prep in title.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                if owner := s.entity(obj, _C, _O):
                    return owner
    return None


def _prospective(tok: Token) -> bool:
    """A role someone is nominated or expected to take, not one they hold."""
    for _ in range(5):
        if triggered(tok, "prospective") or any(
            c.lower_ in ("will", "would") for c in tok.children
        ):
            return True
        if tok.head == tok:
            return False
        tok = tok.head
    return False


def _role_noun(s: Sentence, tok: Token) -> Iterator[Found]:
    """ "is Commander of X", "serve as the President of X"."""
    if tok.dep_ == "attr" or (tok.dep_ == "pobj" and tok.head.lower_ == "as"):
        verb = tok.head if tok.dep_ == "attr" else tok.head.head
        owner = _owner_of(s, tok)
        words = {c.lower_ for c in tok.children} | {tok.lower_}
        if owner is None or negated(verb) or words & NON_LEADER_TITLES or "deputy" in words:
            return
        if _prospective(tok) or (
            verb.lemma_ == "be" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        ):
            return  # "nominee to be the next Chairman of X", "X, of Ohio, to be Director of Y"
        person = subject_of(verb, s, _P) or _whose(s, verb)
        if person and person.startswith("person:"):
            subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            # "X resigned as prime minister of Y", "X was dismissed as minister of Y"
            ended = ended_holder(subj) if subj is not None else None
            rule = "leader-ended" if ended is not None and ended.i == verb.i else "leader-role"
            yield fired(rule, person, owner, role=tok.text[:1].upper() + tok.text[1:])


def _whose(s: Sentence, noun: Token) -> str | None:
    """ "X's service as Commander of Y", "recognize X for his service as Commander of Y": the
    person whose service it is (his/her: the person the sentence named last before it)."""
    if noun.tag_ not in ("NN", "NNS"):
        return None
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    if poss is None:
        return None
    if poss.lower_ not in ("his", "her"):
        return s.entity(poss, _P)
    # "recognize X for his service as ...": only the person the verb is about
    if noun.dep_ != "pobj" or noun.head.lower_ != "for":
        return None
    verb = noun.head.head
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    return s.entity(obj, _P) if obj is not None else None


def _commands(s: Sentence, verb: Token) -> Iterator[Found]:
    """ "selected to command the 93rd Intelligence Squadron"."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    owner = s.entity(obj, _O) if obj is not None else None
    if owner is None or negated(verb) or _prospective(verb):
        return
    person = subject_of(verb, s, _P)
    if person and person.startswith("person:"):
        yield fired("leader-role", person, owner, role="Commander")


def roles(s: Sentence) -> Iterator[Found]:
    for tok in s.with_words(LEADER_TITLES):
        yield from _role_noun(s, tok)
    for tok in s.with_trigger("command"):
        if tok.tag_.startswith("VB"):
            yield from _commands(s, tok)
