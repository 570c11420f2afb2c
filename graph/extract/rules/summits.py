"""Membership stated by who takes part in a group's meeting.

- `member-summit`: "X met with the Presidents of A, B and C for the inaugural C5+1 summit"
                   (A, B, C and the host's state are members of the group that meets);
                   "X met with the Bucharest Nine (B9) group of our NATO Allies", then a list
                   of the leaders who joined: each leader's state is a member of the group
                   (and of the alliance the group is "of")
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from graph.extract.rules.base import Found, Sentence, negated
from graph.extract.rules.registry import fired
from graph.extract.triggers import triggered
from graph.model import EntityType

__all__ = ["summits"]

_C, _O, _P = EntityType.COUNTRY, EntityType.ORGANISATION, EntityType.PERSON


def _gathering(s: Sentence, verb: Token) -> str | None:
    """ "for/at the C5+1 summit": the group whose meeting the verb is part of."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("for", "at", "during"):
            continue
        for obj in prep.children:
            if triggered(obj, "meet"):
                for t in obj.subtree:
                    if (org := s.entity(t, _O)) is not None:
                        return org
    return None


def _met_group(s: Sentence, verb: Token) -> tuple[str | None, list[str]]:
    """ "met with the B9 group of our NATO Allies": (the group, alliances it is "of")."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "with":
            for obj in prep.children:
                group = s.entity(obj, _O) or s.modifier(obj, _O)
                if group:
                    allies = [
                        a
                        for t in obj.subtree
                        if triggered(t, "ally_member")
                        for c in t.children
                        if (a := s.entity(c, _O)) and a != group
                    ]
                    return group, allies
    return None, []


def _with_countries(s: Sentence, verb: Token) -> list[str]:
    return [
        e
        for prep in verb.children
        if prep.dep_ == "prep" and prep.lower_ == "with"
        for e in s.in_subtree(prep, _C, skip=("relcl", "acl"))
    ]


def _meeting(s: Sentence, verb: Token) -> Iterator[Found]:
    group = _gathering(s, verb)
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    host = s.entity(subject, _P) if subject is not None else None
    if group:
        members = _with_countries(s, verb)
        if host and (state := s.state.state_of(host)):
            members.append(state)
        for member in dict.fromkeys(members):
            yield fired("member-summit", member, group)
        return
    met, allies = _met_group(s, verb)
    if met:
        s.state.met_groups = [met, *allies]


def _listed(s: Sentence) -> Iterator[Found]:
    """A list line naming a leader who joined the meeting with the group."""
    for m in s.mentions(_P):
        state = s.state.state_of(m.entity) if m.entity else None
        if state:
            for group in s.state.met_groups:
                yield fired("member-summit", state, group)


def summits(s: Sentence) -> Iterator[Found]:
    if s.state.list_hosts and s.state.met_groups:
        yield from _listed(s)
    for tok in s.with_trigger("meet"):
        if tok.tag_.startswith("VB") and not negated(tok):
            yield from _meeting(s, tok)
