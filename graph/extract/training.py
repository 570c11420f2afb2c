"""Train the learned relation layer (`graph/extract/learned.py`); needs scikit-learn (dev extra).

    python -m graph.extract.training [--out graph/extract/data/learned.json] [--folds 5]

Training texts: the annotated `whitehouse/dev` and `congress/dev` of the shared corpus (read
from GEOKG_CORPUS_DIR, default ../shared/corpus; never copied into the repository), and
`tests/extract/dev`, `tests/extract/heldout` and `seeds/` of the repository. The blind sets
are never read: they decide whether the layer is kept.

Every ordered pair of entities the extractor links in one sentence is a candidate
(`learned.candidates`); for each relation type its signature allows, the label is whether the
gold holds that relation between the entities the pair matches (the scorer's matching,
`tests/extract/scoring.py`: run from the repository root). Pairs the rules already read are
examples too (without the rule feature of their own type), so the model learns the phrasings
from every annotated relation, not only from the few the rules miss; at run time it is only
asked about the others. Pairs touching only optional gold, or joined by an optional
relation, are left out. One L2 logistic model per type (balanced class weights).

Thresholds come from cross-validation grouped by text (each text scored by a model that never
saw it): per type, the lowest at which the layer alone keeps precision >= PRECISION_FLOOR;
types that never do are not shipped. The script also prints rules plus layer per threshold:
on these texts, which the rules were tuned on, every addition costs more precision than it
gains recall (README, "Accuracy"). Training is deterministic: same texts, same weights.
"""

from __future__ import annotations

import argparse
import json
import os
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.extract.extractor import Extractor
from graph.extract.learned import Candidate, Linear
from graph.extract.rules.base import Found, Sentence
from graph.model import (
    SYMMETRIC_RELATIONS,
    Document,
    EntityType,
    RelationType,
    document_id,
    fold,
)
from tests.extract.scoring import Counts, score_document

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("GEOKG_CORPUS_DIR", ROOT.parent / "shared" / "corpus"))
TRAIN_FOLDERS = (
    CORPUS / "whitehouse" / "dev",
    CORPUS / "congress" / "dev",
    ROOT / "tests" / "extract" / "dev",
    ROOT / "tests" / "extract" / "heldout",
    ROOT / "seeds",
)
THRESHOLDS = (*(round(0.05 * k, 2) for k in range(6, 20)), 0.97, 0.98, 0.99)
MIN_COUNT = 2  # a feature seen in fewer training pairs gets no weight
C = 0.5  # inverse L2 strength
COVERED = True  # rows the rules already read count as examples too (not as candidates)
PRECISION_FLOOR = 0.9  # per type: cross-validated precision of the layer alone
MIN_PREDICTED = 5
MIN_WEIGHT = 0.01  # smaller weights are left out of the shipped file

__all__ = ["TextData", "collect", "cross_validate", "fit", "main", "model_json"]


class _Recorder:
    """A layer that finds nothing and keeps every candidate pair it is shown."""

    def __init__(self) -> None:
        self.seen: list[Candidate] = []

    def relations(
        self, sent: Sentence, found: list[Found], types: dict[str, EntityType]
    ) -> list[Found]:
        from graph.extract.learned import candidates

        self.seen += candidates(sent, found, types)
        return []


@dataclass
class TextData:
    """One training text: its rule-only extraction, gold and labelled candidate rows."""

    name: str
    contract: dict[str, Any]
    gold: dict[str, Any]
    rows: list[tuple[Candidate, RelationType, int]] = field(default_factory=list)


_SCORED = (
    EntityType.COUNTRY,
    EntityType.ORGANISATION,
    EntityType.PERSON,
    EntityType.MILITARY_BASE,
)


def _fold_forms(names: list[str]) -> set[str]:
    return {fold(n) for n in names}


def _labels(data: TextData, cands: list[Candidate], covered: bool = False) -> None:
    golds = [g for g in data.gold["entities"] if g["type"] in {t.value for t in _SCORED}]
    forms = [_fold_forms([g["name"], *g.get("aliases_in_text", [])]) for g in golds]
    index = {g["name"]: i for i, g in enumerate(golds)}
    matches: dict[str, set[int]] = {}
    for e in data.contract["entities"]:
        if e["type"] in {t.value for t in _SCORED}:
            mine = _fold_forms([e["name"], *e.get("aliases", [])])
            matches[e["id"]] = {
                i for i, g in enumerate(golds) if g["type"] == e["type"] and mine & forms[i]
            }
    rels = [
        (index[r["source"]], r["type"], index[r["target"]], bool(r.get("optional")))
        for r in data.gold["relations"]
        if r["source"] in index and r["target"] in index
    ]
    for cand in cands:
        src, tgt = matches.get(cand.source), matches.get(cand.target)
        if src is None or tgt is None:
            continue
        if any(ends and all(golds[i].get("optional") for i in ends) for ends in (src, tgt)):
            continue
        for rel in cand.allowed:
            if rel in cand.covered and not covered:
                continue
            symmetric = rel in SYMMETRIC_RELATIONS
            hits = [
                opt
                for gs, gt, gtg, opt in rels
                if gt == rel.value
                and ((gs in src and gtg in tgt) or (symmetric and gs in tgt and gtg in src))
            ]
            if hits and all(hits):
                continue  # only an optional relation: neither right nor wrong
            data.rows.append((cand, rel, int(bool(hits))))


def collect(folders: Sequence[Path], extractor: Extractor | None = None) -> list[TextData]:
    """Run the rules over every text with gold in `folders`, keeping the candidate pairs
    (with COVERED, also those whose relation the rules found, as further examples)."""
    extractor = extractor or Extractor(learned=False)
    before = extractor.layer
    texts: list[TextData] = []
    try:
        for folder in folders:
            for path in sorted(folder.glob("*.txt")):
                gold_path = path.with_name(path.name[: -len(".txt")] + ".gold.json")
                if gold_path.exists():
                    texts.append(_collect_one(extractor, folder, path, gold_path))
    finally:
        extractor.layer = before
    return texts


def _collect_one(extractor: Extractor, folder: Path, path: Path, gold_path: Path) -> TextData:
    recorder = _Recorder()
    extractor.layer = recorder
    text = path.read_text("utf-8")
    doc = Document(id=document_id(text), source=path.name, text=text)
    contract = extractor.extract(doc).to_contract()
    data = TextData(f"{folder.name}/{path.name}", contract, json.loads(gold_path.read_text()))
    _labels(data, recorder.seen, COVERED)
    return data


@dataclass
class Model:
    """Per relation type: (bias, {feature: weight})."""

    types: dict[RelationType, tuple[float, dict[str, float]]]

    def probability(self, rel: RelationType, features: Sequence[str]) -> float:
        bias, weights = self.types[rel]
        return Linear(bias, 0.0, weights).probability(features)


def fit(texts: Sequence[TextData]) -> Model:
    """One logistic model per relation type over the rows of `texts`."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    by_type: dict[RelationType, list[tuple[Candidate, int]]] = {}
    for data in texts:
        for cand, rel, label in data.rows:
            by_type.setdefault(rel, []).append((cand, label))
    models: dict[RelationType, tuple[float, dict[str, float]]] = {}
    for rel in sorted(by_type, key=lambda r: r.value):
        rows = by_type[rel]
        labels = np.array([label for _, label in rows])
        if labels.sum() < 2 or labels.sum() == len(labels):
            continue
        counts = Counter(f for cand, _ in rows for f in cand.features if not f.startswith("rule="))
        vocab = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
        col = {f: k for k, f in enumerate(vocab)}
        indptr, indices = [0], []
        for cand, _ in rows:
            indices += sorted(col[f] for f in cand.features if f in col)
            indptr.append(len(indices))
        x = csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(rows), len(vocab)))
        clf = LogisticRegression(C=C, class_weight="balanced", max_iter=2000)
        clf.fit(x, labels)
        weights = {
            f: round(float(w), 4)
            for f, w in zip(vocab, clf.coef_[0], strict=True)
            if abs(w) >= 1e-3
        }
        models[rel] = (round(float(clf.intercept_[0]), 4), weights)
    return Model(models)


Thresholds = dict[RelationType, float]


def _predictions(
    model: Model, data: TextData, thresholds: Thresholds, alone: bool
) -> Iterator[tuple[str, RelationType, str]]:
    for cand, rel, _ in data.rows:
        readable = (alone or rel not in cand.covered) and rel in model.types
        if (
            readable
            and rel in thresholds
            and model.probability(rel, cand.features) >= thresholds[rel]
        ):
            yield cand.source, rel, cand.target


def score(
    texts: Sequence[TextData],
    models: Sequence[Model],
    thresholds: Thresholds,
    alone: bool = False,
    only: RelationType | None = None,
) -> Counts:
    """Relation counts of rules plus layer (no thresholds: the rules alone; `alone`: the
    layer alone over every pair; `only`: gold and predictions of that type); text k is scored
    with model k."""
    total = Counts()
    for data, model in zip(texts, models, strict=True):
        added = [
            {"source": s, "type": rel.value, "target": t}
            for s, rel, t in sorted(set(_predictions(model, data, thresholds, alone)))
        ]
        contract = dict(data.contract)
        contract["relations"] = added if alone else [*data.contract["relations"], *added]
        gold = data.gold
        if only is not None:
            gold = {**gold, "relations": [r for r in gold["relations"] if r["type"] == only]}
        total.add(score_document(contract, gold).relations)
    return total


@dataclass
class CrossValidation:
    """Relation counts of every text, each scored by the model of the folds without it."""

    rules: Counts  # the rules alone
    combined: dict[float, Counts]  # rules plus layer, one threshold for every type
    per_type: dict[RelationType, dict[float, Counts]]  # the layer alone, one type

    def best_combined(self) -> float:
        """The one threshold at which rules plus layer score the highest F1 (ties: higher)."""
        return max(THRESHOLDS, key=lambda th: (round(self.combined[th].f1, 4), th))

    def precise(self) -> Thresholds:
        """Per type, the lowest threshold at which the layer alone keeps precision >=
        PRECISION_FLOOR over at least MIN_PREDICTED relations; types that never do are left
        out (the layer does not read them)."""
        out: Thresholds = {}
        for rel, curve in self.per_type.items():
            ok = [
                th
                for th in THRESHOLDS
                if curve[th].precision >= PRECISION_FLOOR and curve[th].predicted >= MIN_PREDICTED
            ]
            if ok:
                out[rel] = min(ok)
        return out


def cross_validate(
    texts: Sequence[TextData], folds: int = 5
) -> tuple[CrossValidation, list[Model]]:
    """Cross-validation grouped by text (folds: texts k, k+folds, ... in name order); also
    the model that scored each text."""
    order = sorted(range(len(texts)), key=lambda k: texts[k].name)
    fold_of = {k: n % folds for n, k in enumerate(order)}
    per_fold = [fit([t for k, t in enumerate(texts) if fold_of[k] != f]) for f in range(folds)]
    models = [per_fold[fold_of[k]] for k in range(len(texts))]
    rels = sorted({rel for t in texts for _, rel, _ in t.rows}, key=lambda r: r.value)

    def every(th: float) -> Thresholds:
        return dict.fromkeys(rels, th)

    cv = CrossValidation(
        score(texts, models, {}),
        {th: score(texts, models, every(th)) for th in THRESHOLDS},
        {
            rel: {th: score(texts, models, {rel: th}, alone=True, only=rel) for th in THRESHOLDS}
            for rel in rels
        },
    )
    return cv, models


def model_json(model: Model, thresholds: Thresholds, about: dict[str, Any]) -> dict[str, Any]:
    """The shipped file: the types with a threshold, their bias, threshold and weights."""
    types = {}
    for rel in sorted(thresholds, key=lambda r: r.value):
        bias, weights = model.types[rel]
        kept = {f: w for f, w in sorted(weights.items()) if abs(w) >= MIN_WEIGHT}
        types[rel.value] = {"bias": bias, "threshold": thresholds[rel], "weights": kept}
    return {"_about": about, "types": types}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=ROOT / "graph/extract/data/learned.json")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args(argv)
    texts = collect(TRAIN_FOLDERS)
    positives = sum(label for t in texts for *_, label in t.rows)
    print(f"{len(texts)} texts, {sum(len(t.rows) for t in texts)} rows, {positives} positive")
    cv, models = cross_validate(texts, args.folds)
    print(cv.rules.line("cv rules alone"))
    for th in THRESHOLDS:
        print(cv.combined[th].line(f"cv rules+layer, every type at {th:.2f}"))
    for rel, curve in cv.per_type.items():
        cells = " ".join(f"{th:.2f}:{c.matched}/{c.predicted}" for th, c in curve.items())
        print(f"cv layer alone {rel.value} (gold {curve[THRESHOLDS[0]].gold}): {cells}")
    thresholds = cv.precise()
    chosen = score(texts, models, thresholds)
    print(f"best single threshold for rules+layer: {cv.best_combined()}")
    print("per-type thresholds:", {rel.value: th for rel, th in thresholds.items()})
    print(chosen.line("cv rules+layer, per-type thresholds"))
    about = {
        "what": "graph/extract/learned.py: per relation type a logistic model over pair features",
        "trained": "python -m graph.extract.training",
        "texts": len(texts),
        "threshold": f"per type, the lowest with cross-validated precision >= {PRECISION_FLOOR}",
        "cv_rules_alone": cv.rules.line("rel"),
        "cv_rules_plus_layer": chosen.line("rel"),
    }
    model = fit(texts)
    args.out.write_text(json.dumps(model_json(model, thresholds, about), indent=1) + "\n", "utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
