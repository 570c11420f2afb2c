"""The learned relation layer (graph/extract/learned.py): the shipped model loads, reads a
phrasing the rules miss, stays quiet on a negated or unrelated one, and training is
reproducible. The layer is off by default (README, "Accuracy"); these tests switch it on."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.extract import Extractor
from graph.extract.learned import LEARNED_BY_DEFAULT, LEARNED_RULE, default_layer
from graph.extract.rules.registry import rule_specs
from graph.model import Extraction, RelationType

HERE = Path(__file__).parent


def _triples(ex: Extraction) -> dict[tuple[str, str, str], set[str]]:
    return {(r.source, r.type.value, r.target): {e.rule for e in r.evidence} for r in ex.relations}


@pytest.fixture
def with_layer(extractor: Extractor, monkeypatch: pytest.MonkeyPatch) -> Extractor:
    layer = default_layer()
    assert layer is not None, "graph/extract/data/learned.json is missing"
    monkeypatch.setattr(extractor, "layer", layer)
    return extractor


def test_shipped_model_holds_weights_over_features_not_text() -> None:
    layer = default_layer()
    assert layer is not None
    assert layer.models and set(layer.models) <= set(RelationType)
    for model in layer.models.values():
        assert 0.0 < model.threshold < 1.0
        assert model.weights
        # feature names are lemmas, dep labels and short paths: never a sentence
        assert max(len(f.split()) for f in model.weights) <= 8


def test_off_by_default(extractor: Extractor) -> None:
    assert not LEARNED_BY_DEFAULT and extractor.layer is None


def test_reads_a_phrasing_the_rules_miss(extractor: Extractor, with_layer: Extractor) -> None:
    text = "Troops at Ramstein Air Base near Kaiserslautern, Germany, trained."
    key = ("base:ramstein-air-base", "LOCATED_IN", "country:DEU")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(extractor, "layer", None)
        assert key not in _triples(extractor.extract(text))
    found = with_layer.extract(text)
    assert _triples(found)[key] == {LEARNED_RULE}
    relation = next(r for r in found.relations if r.type is RelationType.LOCATED_IN)
    weakest_rule = min(spec.confidence for spec in rule_specs().values())
    assert 0 < relation.confidence < weakest_rule


@pytest.mark.parametrize(
    "text",
    [
        "Andrzej Duda did not meet Olaf Scholz.",
        "Andrzej Duda spoke to Olaf Scholz by phone.",
        "Andrzej Duda stayed in Warsaw while Olaf Scholz flew home to Berlin.",
    ],
)
def test_quiet_on_negated_or_unrelated(with_layer: Extractor, text: str) -> None:
    rules = {rule for rules in _triples(with_layer.extract(text)).values() for rule in rules}
    assert LEARNED_RULE not in rules


def test_training_is_reproducible(extractor: Extractor) -> None:
    pytest.importorskip("sklearn")
    from graph.extract.training import collect, fit

    first = fit(collect([HERE / "dev"], extractor))
    second = fit(collect([HERE / "dev"], extractor))
    assert first.types and first.types == second.types
    assert extractor.layer is None  # collecting leaves the extractor as it was
