"""The learned relation layer: a linear model that reads two entities named in one sentence.

For every ordered pair of linked entities in a sentence whose types fit a relation's
signature, `pair_features` names what lies between them: their types and order, the
dependency path between the mention heads (dep labels and lemmas), the lemmas between and
around them, trigger words (`data/triggers.json`) on the path, titles next to a person,
demonyms, and what the rules already read for the pair. A pair under a negation, a modal or
a condition ("did not meet", "will visit") is no candidate. One logistic model per relation
type (`data/learned.json`: weights over feature names, a bias and a probability threshold
chosen by cross-validation on the training texts; types without a model are not read)
scores the pair; a pair the rules left unread gets the relation when the probability
reaches the threshold, as rule `learned` with a confidence below the rules'.

Off by default (`Extractor(learned=True)` turns it on): on the blind sets it raised relation
recall but took precision below the floor it had to keep (README, "Accuracy").

Plain Python at run time: training (`graph.extract.training`) needs scikit-learn, this
module does not. The weights hold feature names (lemmas, dep labels, entity types), never
text.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Protocol

from spacy.tokens import Token

from graph.extract.raw import RawMention
from graph.extract.rules.base import MODALS, Found, Sentence, negated
from graph.extract.triggers import trigger_words, word_hashes
from graph.model import RELATION_SIGNATURES, SYMMETRIC_RELATIONS, EntityType, RelationType

__all__ = [
    "LEARNED_BY_DEFAULT",
    "LEARNED_RULE",
    "Candidate",
    "Layer",
    "LinearLayer",
    "candidates",
    "default_layer",
    "pair_features",
]

LEARNED_RULE = "learned"
# Whether `Extractor()` runs the layer (README, "Accuracy": kept only where it measurably helps).
LEARNED_BY_DEFAULT = False
MODEL_FILE = "data/learned.json"
# A learned finding never outweighs a rule: its confidence is the probability scaled down.
CONFIDENCE_SCALE = 0.6
_MAX_PATH = 6  # longer dependency paths are one feature ("long"), not a near-unique string
_MAX_BETWEEN = 12
_UNSTATED = frozenset({"neg", "modal"})  # a negated, conditional or future link: no candidate
_SHORT = {
    EntityType.COUNTRY: "C",
    EntityType.ORGANISATION: "O",
    EntityType.PERSON: "P",
    EntityType.MILITARY_BASE: "B",
}


class Layer(Protocol):
    """What `assemble` asks of a learned layer after the rules read a sentence."""

    def relations(
        self, sent: Sentence, found: list[Found], types: dict[str, EntityType]
    ) -> list[Found]: ...


@dataclass(frozen=True)
class Candidate:
    """An ordered pair of entities in one sentence and what the model may say of it."""

    source: str
    target: str
    features: tuple[str, ...]
    allowed: tuple[RelationType, ...]  # relation types whose signature the pair fits
    covered: frozenset[RelationType]  # types the rules already found for the pair here


def _allowed(source: EntityType | None, target: EntityType | None) -> tuple[RelationType, ...]:
    return tuple(
        rel
        for rel, (sources, targets) in RELATION_SIGNATURES.items()
        if source in sources and target in targets
    )


def _covered(found: list[Found], source: str, target: str) -> frozenset[RelationType]:
    out = set()
    for f in found:
        if (f.source, f.target) == (source, target) or (
            f.type in SYMMETRIC_RELATIONS and (f.target, f.source) == (source, target)
        ):
            out.add(f.type)
    return frozenset(out)


@cache
def _trigger_index() -> dict[int, tuple[str, ...]]:
    """spaCy string hash of a trigger word -> the trigger names listing it."""
    raw = json.loads(resources.files("graph.extract").joinpath("data/triggers.json").read_text())
    index: dict[int, list[str]] = {}
    for name in raw:
        if name.startswith("_"):
            continue
        words = trigger_words(name)
        for h in word_hashes(words):
            index.setdefault(h, []).append(name)
    return {h: tuple(names) for h, names in index.items()}


def _triggers(tok: Token) -> tuple[str, ...]:
    index = _trigger_index()
    return index.get(tok.lemma, ()) + index.get(tok.lower, ())


def _word(tok: Token) -> str:
    if tok.like_num:
        return "#num"
    return tok.lemma_.lower()


def _path(a: Token, b: Token) -> tuple[list[Token], list[Token], Token] | None:
    """(tokens from `a` up to below the common head, from below it down to `b`, the head)."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    where = {t.i: k for k, t in enumerate(up_b)}
    for k, tok in enumerate(up_a):
        if tok.i in where:
            return up_a[:k], list(reversed(up_b[: where[tok.i]])), tok
    return None


def _path_features(a: Token, b: Token, inside: set[int]) -> list[str]:
    found = _path(a, b)
    if found is None:
        return ["p=none"]
    left, right, top = found
    feats: list[str] = []
    steps = [f"{t.dep_}>" for t in left] + [f"<{t.dep_}" for t in right]
    middle = [t for t in [*left[1:], *right[:-1]] if t.i not in inside]
    top_word = "S" if top.i == a.i else "T" if top.i == b.i else _word(top)
    feats.append(f"lca={top_word}")
    if len(steps) <= _MAX_PATH:
        feats.append("pd=" + " ".join(steps))
        words = [f"{t.dep_}>{_word(t)}" for t in left[1:]] + [
            f"<{t.dep_}{_word(t)}" for t in right[:-1]
        ]
        feats.append("p=" + " ".join([*words[: len(left) - 1], top_word, *words[len(left) - 1 :]]))
    else:
        feats.append("pd=long")
    feats += [f"pl={_word(t)}" for t in middle if not t.is_punct]
    for t in [*middle, top]:
        feats += [f"tr={name}" for name in _triggers(t)]
        if any(c.lower_ in MODALS for c in t.children if c.dep_ == "aux"):
            feats.append("modal")
    if negated(top):
        feats.append("neg")
    return feats


def _title(sent: Sentence, m: RawMention, role: str) -> list[str]:
    """Words naming what a person is ("President", "minister") next to the mention."""
    doc = sent.span.doc
    feats = []
    head = doc[m.tok_start : m.tok_end].root
    for child in head.children:
        outside = child.i < m.tok_start or child.i >= m.tok_end
        if outside and child.dep_ in ("compound", "appos", "amod"):
            feats.append(f"{role}t={_word(child)}")
    for k in range(max(sent.span.start, m.tok_start - 2), m.tok_start):
        if not doc[k].is_punct:
            feats.append(f"{role}w={_word(doc[k])}")
    return feats


def _end_features(sent: Sentence, m: RawMention, role: str) -> list[str]:
    feats = []
    if m.adjective:
        feats.append(f"{role}adj")
    if "metonym" in m.extra:
        feats.append(f"{role}meto")
    kind = sent.state.org_kinds.get(m.entity or "")
    if kind:
        feats.append(f"{role}k={kind}")
    head = sent.span.doc[m.tok_start : m.tok_end].root
    feats.append(f"{role}d={head.dep_}")
    if m.type is EntityType.PERSON:
        feats += _title(sent, m, role)
    return feats


def _distance(n: int) -> str:
    for limit in (2, 5, 10, 20):
        if n <= limit:
            return f"d<={limit}"
    return "d>20"


def pair_features(
    sent: Sentence, s: RawMention, t: RawMention, covered: Iterable[RelationType] = ()
) -> list[str]:
    """The features of source mention `s` and target mention `t` in `sent`."""
    doc = sent.span.doc
    first, second = (s, t) if s.tok_start <= t.tok_start else (t, s)
    kinds = (
        f"{_SHORT.get(s.type or EntityType.CITY, 'X')}>{_SHORT.get(t.type or EntityType.CITY, 'X')}"
    )
    order = "st" if first is s else "ts"
    feats = ["bias", f"ty={kinds}", f"o={kinds}{order}"]
    between = [doc[k] for k in range(first.tok_end, second.tok_start)]
    feats.append(_distance(len(between)))
    if len(between) <= _MAX_BETWEEN:
        feats += [f"b={_word(k)}" for k in between if not k.is_punct or k.text in ",;:("]
    else:
        feats.append("b=far")
    for k in range(max(sent.span.start, first.tok_start - 2), first.tok_start):
        feats.append(f"l={_word(doc[k])}")
    for k in range(second.tok_end, min(sent.span.end, second.tok_end + 2)):
        feats.append(f"r={_word(doc[k])}")
    inside = set(range(s.tok_start, s.tok_end)) | set(range(t.tok_start, t.tok_end))
    a = doc[s.tok_start : s.tok_end].root
    b = doc[t.tok_start : t.tok_end].root
    path = _path_features(a, b, inside)
    feats += path
    feats += [f"{kinds}|{f}" for f in path if f.startswith(("pd=", "lca="))]
    feats += _end_features(sent, s, "s") + _end_features(sent, t, "t")
    feats += [f"rule={rel.value}" for rel in covered]
    return sorted(set(feats))


def _closest(ms: list[RawMention], mt: list[RawMention]) -> tuple[RawMention, RawMention]:
    best = min(
        ((a, b) for a in ms for b in mt),
        key=lambda ab: abs(ab[0].tok_start - ab[1].tok_start),
    )
    return best


def candidates(
    sent: Sentence,
    found: list[Found],
    types: dict[str, EntityType],
    active: frozenset[RelationType] | None = None,
) -> list[Candidate]:
    """Every ordered pair of different entities in `sent` that some relation (of `active`,
    when given: then only pairs left with a relation the rules did not find) could join.
    A pair only symmetric relations could join comes once, in id order, when `active`."""
    by_entity: dict[str, list[RawMention]] = {}
    for m in sent.mentions():
        if m.entity and m.entity in types:
            by_entity.setdefault(m.entity, []).append(m)
    if len(by_entity) < 2:
        return []
    out = []
    for source, ms in by_entity.items():
        for target, mt in by_entity.items():
            if source == target:
                continue
            allowed = _allowed(types[source], types[target])
            if active is not None:
                allowed = tuple(rel for rel in allowed if rel in active)
                if source > target and all(rel in SYMMETRIC_RELATIONS for rel in allowed):
                    continue
            covered = _covered(found, source, target)
            if not allowed or (active is not None and set(allowed) <= covered):
                continue
            s, t = _closest(ms, mt)
            feats = pair_features(sent, s, t, covered)
            if _UNSTATED & set(feats):
                continue  # "did not meet", "will visit": nothing a pair feature could outweigh
            out.append(Candidate(source, target, tuple(feats), allowed, covered))
    return out


@dataclass(frozen=True)
class Linear:
    """One relation type's logistic model over binary features."""

    bias: float
    threshold: float
    weights: dict[str, float]

    def probability(self, features: Iterable[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0


class LinearLayer:
    """The shipped model: per relation type a `Linear` (types without one are not read)."""

    def __init__(self, models: dict[RelationType, Linear]) -> None:
        self.models = models
        self.active = frozenset(models)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LinearLayer:
        return cls(
            {
                RelationType(name): Linear(
                    float(row["bias"]),
                    float(row["threshold"]),
                    {k: float(v) for k, v in row["weights"].items()},
                )
                for name, row in data["types"].items()
            }
        )

    def scores(self, cand: Candidate) -> dict[RelationType, float]:
        return {
            rel: self.models[rel].probability(cand.features)
            for rel in cand.allowed
            if rel in self.models
        }

    def relations(
        self, sent: Sentence, found: list[Found], types: dict[str, EntityType]
    ) -> list[Found]:
        out: list[Found] = []
        for cand in candidates(sent, found, types, self.active):
            for rel, p in self.scores(cand).items():
                if rel in cand.covered or p < self.models[rel].threshold:
                    continue
                out.append(
                    Found(
                        cand.source,
                        rel,
                        cand.target,
                        LEARNED_RULE,
                        round(CONFIDENCE_SCALE * p, 3),
                    )
                )
        return out


@cache
def default_layer() -> LinearLayer | None:
    """The shipped model, or None when `data/learned.json` is absent."""
    path = resources.files("graph.extract").joinpath(MODEL_FILE)
    if not path.is_file():
        return None
    return LinearLayer.from_json(json.loads(path.read_text("utf-8")))
