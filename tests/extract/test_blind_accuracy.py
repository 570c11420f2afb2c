"""The blind sets: real-style texts (wire copy with datelines, bylines and captions,
readouts, fact sheets, floor speeches, base-heavy passages, withdrawals and
resignations) written and annotated apart from the rules, and never read by whoever
writes them. Each was scored once before any rule change made for it; the floors sit a
little below that score, so a regression in generalisation fails the suite. Tuning
rules on these texts would make them dev texts: add a new blind set instead.

- `blind/`: first score entity F1 0.915; relations P 0.910, R 0.336, F1 0.491.
- `blind2/`: first score entity F1 0.867; relations P 0.837, R 0.347, F1 0.490.
- `blind3/`: scored with the code before it came (relations 0.901 / 0.450 / 0.600), then
  once after each of two rule rounds whose errors came from other texts: entity F1 0.893;
  relations P 0.893, R 0.472, F1 0.617, then P 0.877, R 0.479, F1 0.619, and at the
  round's end P 0.877, R 0.482, F1 0.622. After the next round (whose errors came from real
  releases): entity F1 0.897; relations P 0.891, R 0.493, F1 0.635.

`blind/` and `blind2/` have since been read to find general error families, so they are
tuned sets now (their floors rose with the rules); `blind3/` is the one still blind.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from graph.extract import Extractor
from tests.extract.corpus import score_corpus

HERE = Path(__file__).parent


@dataclass(frozen=True)
class Floors:
    folder: str
    entity_f1: float
    relation_f1: float
    relation_precision: float


SETS = [
    Floors("blind", 0.91, 0.62, 0.90),
    Floors("blind2", 0.86, 0.62, 0.87),
    Floors("blind3", 0.87, 0.62, 0.87),
]


@pytest.mark.parametrize("floors", SETS, ids=[s.folder for s in SETS])
def test_blind_accuracy(extractor: Extractor, floors: Floors) -> None:
    folder = HERE / floors.folder
    assert len(list(folder.glob("*.txt"))) == 12, f"the {floors.folder} set is missing texts"
    ents, rels, _notes = score_corpus(extractor, folder)  # per-text notes stay unread
    print(ents.line(f"{floors.folder} entities") + "\n" + rels.line(f"{floors.folder} relations"))
    assert ents.gold >= 200 and rels.gold >= 200, "the blind gold is too small to mean anything"
    assert ents.f1 >= floors.entity_f1, ents.line(f"{floors.folder} entities")
    assert rels.f1 >= floors.relation_f1, rels.line(f"{floors.folder} relations")
    assert rels.precision >= floors.relation_precision, rels.line(f"{floors.folder} relations")
