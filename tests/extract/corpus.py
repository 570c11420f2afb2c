"""Score a directory of `*.txt` + `*.gold.json` pairs with an extractor (tests and bench)."""

from __future__ import annotations

import json
from pathlib import Path

from graph.extract import Extractor
from graph.model import Document, document_id
from tests.extract.scoring import Counts, score_document

__all__ = ["score_corpus"]


def score_corpus(extractor: Extractor, folder: Path) -> tuple[Counts, Counts, list[str]]:
    """(entity counts, relation counts, notes: per document its scores, misses, spurious)."""
    texts = sorted(folder.glob("*.txt"))
    docs = [
        Document(id=document_id(p.read_text("utf-8")), source=p.name, text=p.read_text("utf-8"))
        for p in texts
    ]
    ents, rels, notes = Counts(), Counts(), []
    for path, extraction in zip(texts, extractor.extract_many(docs), strict=True):
        gold = json.loads(
            path.with_name(path.name[: -len(".txt")] + ".gold.json").read_text("utf-8")
        )
        score = score_document(extraction.to_contract(), gold)
        ents.add(score.entities)
        rels.add(score.relations)
        notes.append(f"{path.name}: {score.entities.line('ent')} | {score.relations.line('rel')}")
        notes += [f"{path.name}: missed {m}" for m in score.missed]
        notes += [f"{path.name}: spurious {s}" for s in score.spurious]
    return ents, rels, notes
