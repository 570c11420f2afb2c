"""Score extractions against gold annotations (rules of seeds/README.md).

- Only Country, Organisation, Person and MilitaryBase are scored.
- A predicted entity matches a gold entity when the types agree and its name or any alias
  equals the gold name or one of its `aliases_in_text` after `fold` (ASCII, lower case,
  punctuation to spaces, "the" dropped, spaces collapsed). Predictions matching the same
  gold entity count once.
- A predicted relation matches when both ends match the gold ends and the type agrees;
  ALLIED_WITH, BORDERS and MET_WITH compare in either order. Predictions matching the same
  gold relation count once.
- Optional gold items are ignored: missing one costs nothing, predicting one earns nothing.
  A predicted relation whose end only matches an optional entity is ignored too.
- Micro-averaged: counts are summed over documents before P/R/F1.

Also usable on `geokg extract --format json` output: `score_document` takes the contract dict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph.model import fold

__all__ = ["Counts", "Score", "score_document"]

SCORED_TYPES = frozenset({"Country", "Organisation", "Person", "MilitaryBase"})
SYMMETRIC = frozenset({"ALLIED_WITH", "BORDERS", "MET_WITH"})


@dataclass
class Counts:
    """matched gold, counted predictions, gold items (optional ones excluded)."""

    matched: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, other: Counts) -> None:
        self.matched += other.matched
        self.predicted += other.predicted
        self.gold += other.gold

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self, label: str) -> str:
        return (
            f"{label}: P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} "
            f"(matched {self.matched}, predicted {self.predicted}, gold {self.gold})"
        )


@dataclass
class Score:
    entities: Counts
    relations: Counts
    missed: list[str]
    spurious: list[str]


def _gold_forms(g: dict[str, Any]) -> set[str]:
    return {fold(g["name"]), *(fold(a) for a in g.get("aliases_in_text", []))}


def _pred_forms(e: dict[str, Any]) -> set[str]:
    return {fold(e["name"]), *(fold(a) for a in e.get("aliases", []))}


def score_document(predicted: dict[str, Any], gold: dict[str, Any]) -> Score:
    """Score one document: `predicted` is an `Extraction.to_contract()` dict."""
    golds = [g for g in gold["entities"] if g["type"] in SCORED_TYPES]
    by_name = {g["name"]: i for i, g in enumerate(golds)}
    gold_forms = [_gold_forms(g) for g in golds]
    missed: list[str] = []
    spurious: list[str] = []

    # entity id -> indices of the gold entities it matches
    matches: dict[str, set[int]] = {}
    ents = Counts(gold=sum(1 for g in golds if not g.get("optional")))
    hit_gold: set[int] = set()
    for e in predicted["entities"]:
        if e["type"] not in SCORED_TYPES:
            continue
        forms = _pred_forms(e)
        found = {i for i, g in enumerate(golds) if g["type"] == e["type"] and forms & gold_forms[i]}
        matches[e["id"]] = found
        required = {i for i in found if not golds[i].get("optional")}
        if required:
            hit_gold |= required
        elif not found:
            ents.predicted += 1
            spurious.append(f"entity {e['type']} {e['name']}")
    ents.matched = len(hit_gold)
    ents.predicted += len(hit_gold)
    missed += [
        f"entity {golds[i]['name']}"
        for i, g in enumerate(golds)
        if i not in hit_gold and not g.get("optional")
    ]

    rels = Counts()
    gold_rels = []
    for r in gold["relations"]:
        if r["source"] not in by_name or r["target"] not in by_name:
            continue  # touches a type that is not scored
        gold_rels.append(
            (by_name[r["source"]], r["type"], by_name[r["target"]], bool(r.get("optional")))
        )
    rels.gold = sum(1 for *_, opt in gold_rels if not opt)
    hit_rels: set[int] = set()
    for r in predicted["relations"]:
        src, tgt = matches.get(r["source"]), matches.get(r["target"])
        if src is None or tgt is None:
            continue  # an end of an unscored type
        found = set()
        for k, (gs, gt, gtg, _) in enumerate(gold_rels):
            if gt != r["type"]:
                continue
            if (gs in src and gtg in tgt) or (gt in SYMMETRIC and gs in tgt and gtg in src):
                found.add(k)
        required = {k for k in found if not gold_rels[k][3]}
        only_optional_end = any(
            ends and all(golds[i].get("optional") for i in ends) for ends in (src, tgt)
        )
        if required:
            hit_rels |= required
        elif not found and not only_optional_end:
            rels.predicted += 1
            spurious.append(f"relation {r['source']} {r['type']} {r['target']}")
    rels.matched = len(hit_rels)
    rels.predicted += len(hit_rels)
    for k, (gs, gt, gtg, opt) in enumerate(gold_rels):
        if k not in hit_rels and not opt:
            missed.append(f"relation {golds[gs]['name']} {gt} {golds[gtg]['name']}")
    return Score(ents, rels, missed, spurious)
