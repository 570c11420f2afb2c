"""Bases: LOCATED_IN and OPERATES (and, through `deployment.py`, DEPLOYED_TO).

- `base-located`:        "the 201st Military Base, located in ... Kazakhstan" (not "near the
                         Russian border"); "Hmeimim Air Base in Syria"
- `base-operator`:       "the Russian air base in Kant", "Russia's 201st base",
                         "the United States operates Camp Lemonnier"
- `base-part-of`:        "<base> is a critical node in Russia's military infrastructure"
- `base-described`:      "Camp X, the largest US overseas base", "X is home to the US Air
                         Force's 18th Wing", "X is the main Russian base in Syria"

DEPLOYED_TO rules live in `deployment.py`.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from graph.extract.rules.base import Found, Sentence, negated, subject_of, words
from graph.extract.rules.deployment import deployments, places_of
from graph.extract.rules.registry import fired
from graph.model import EntityType

__all__ = ["military"]

_C, _O, _B = EntityType.COUNTRY, EntityType.ORGANISATION, EntityType.MILITARY_BASE
_LOCATED = frozenset({"located", "based", "situated", "sited", "housed", "lies", "sits"})
_OPERATE = words(
    "operates operated operate runs ran maintains maintained controls leases uses kept keeps keep"
)
_RUN = words("run operate man command control manage")
_PART = frozenset(
    {"node", "hub", "part", "cornerstone", "backbone", "outpost", "element", "asset", "linchpin"}
)
_INSTALLATIONS = words("base bases facility installation garrison outpost hub station")


def _located(s: Sentence, base_tok: Token, base: str) -> Iterator[Found]:
    targets = [base_tok, *(c for c in base_tok.children if c.lower_ in _LOCATED)]
    if base_tok.dep_ == "pobj" and base_tok.head.lower_ in ("including", "like"):
        targets.append(base_tok.head.head)  # "sites in the Philippines, including Camp X"
    if base_tok.dep_ in ("nsubj", "nsubjpass") and base_tok.head.lower_ in _LOCATED:
        targets.append(base_tok.head)
    for target in targets:
        for place in places_of(s, target, _C, adjectives=False)[:1]:
            yield fired("base-located", base, place)
            return


def _bases(s: Sentence) -> Iterator[Found]:
    for m in s.mentions(_B):
        assert m.entity is not None
        root = s.span.doc[m.tok_start : m.tok_end].root
        first = root
        for _ in range(4):
            if first.dep_ != "conj" or first.head == first:
                break
            # "kept its facility at Tartus and the Hmeimim air base"
            outer = s.mention(first.head)
            first = s.span.doc[outer.tok_start : outer.tok_end].root if outer else first.head
        if first.dep_ == "dobj" and first.head.lower_ in _OPERATE and not negated(first.head):
            operator = subject_of(first.head, s, _C, _O)
            if operator:
                yield fired("base-operator", operator, m.entity)
        if m.extra.get("operator"):
            yield fired("base-operator", m.extra["operator"], m.entity, confidence=0.8)
        yield from _run_by(s, root, m.entity)
        yield from _located(s, root, m.entity)
        yield from _described(s, root, m.entity)
        if root.dep_ in ("nsubj", "nsubjpass"):
            verb = root.head
            for attr in verb.children:
                if attr.dep_ == "attr" and attr.lower_ in _PART:
                    for t in attr.subtree:
                        mm = s.mention(t)
                        if (
                            mm is not None
                            and mm.type is _C
                            and mm.entity
                            and t.dep_ in ("poss", "amod")
                        ):
                            yield fired("base-part-of", mm.entity, m.entity)


def _run_by(s: Sentence, root: Token, base: str) -> Iterator[Found]:
    """ "Kant Air Base is run by the Russian Aerospace Forces", "Camp X, operated by Y"."""
    if root.dep_ == "nsubjpass":
        verb = root.head
    else:
        verb = next((c for c in root.children if c.dep_ == "acl"), root)
    if verb.lemma_ not in _RUN or verb.tag_ != "VBN" or negated(verb):
        return
    for agent in (c for c in verb.children if c.dep_ == "agent"):
        for obj in agent.children:
            operator = s.entity(obj, _C, _O) or s.modifier(obj, _C)
            if operator:
                yield fired("base-operator", operator, base)


def _described(s: Sentence, root: Token, base: str) -> Iterator[Found]:
    """ "Camp X, the largest US overseas base", "X is home to the US Air Force's 18th Wing"."""
    nouns = [c for c in root.children if c.dep_ == "appos" and c.lower_ in _INSTALLATIONS]
    if root.dep_ == "nsubj":
        for attr in root.head.children:
            if attr.dep_ == "attr" and attr.lower_ in _INSTALLATIONS:
                nouns.append(attr)  # "X is the largest US base"
            if attr.dep_ == "attr" and attr.lower_ == "home":
                nouns += [p for p in attr.children if p.dep_ == "prep" and p.lower_ == "to"]
    for noun in nouns:
        for place in places_of(s, noun, _C, adjectives=False)[:1]:
            yield fired("base-located", base, place, confidence=0.75)
        for t in noun.subtree:
            if t.dep_ == "prep" and t != noun:
                break  # "the main base in Syria": the place, not the operator
            mm = s.mention(t)
            if mm is None or mm.type not in (_C, _O) or not mm.entity:
                continue
            if t.dep_ in ("nmod", "compound", "poss", "amod") or t.head.dep_ == "poss":
                # "the US Air Force's wing": the state whose name opens the force's name
                owner = t.ent_id_ if t.ent_id_.startswith("country:") else mm.entity
                yield fired("base-described", owner, base)
                return


def military(s: Sentence) -> Iterator[Found]:
    """LOCATED_IN, OPERATES and DEPLOYED_TO relations of one sentence."""
    yield from _bases(s)
    yield from deployments(s)
