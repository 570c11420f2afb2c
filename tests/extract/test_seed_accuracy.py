"""Accuracy on the seed articles (floor) and on our own annotated dev texts (report)."""

from __future__ import annotations

from pathlib import Path

from graph.extract import Extractor
from tests.extract.corpus import score_corpus

DEV = Path(__file__).parent / "dev"


def test_seed_accuracy(extractor: Extractor, seeds_dir: Path) -> None:
    ents, rels, notes = score_corpus(extractor, seeds_dir)
    print("\n" + ents.line("seed entities") + "\n" + rels.line("seed relations"))
    print("\n".join(notes))
    assert ents.f1 >= 0.90, ents.line("entities")
    assert rels.f1 >= 0.70, rels.line("relations")


def test_dev_accuracy(extractor: Extractor) -> None:
    ents, rels, notes = score_corpus(extractor, DEV)
    print("\n" + ents.line("dev entities") + "\n" + rels.line("dev relations"))
    print("\n".join(notes))
    assert ents.gold >= 40 and rels.gold >= 25, "the dev set is too small to mean anything"
    assert ents.f1 >= 0.85, ents.line("entities")
    assert rels.f1 >= 0.60, rels.line("relations")
