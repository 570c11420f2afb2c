"""Long documents: cut into article-sized pieces, with results that index the whole text.

Speed and memory on long texts are measured by `bench/extract.py` (long-doc-ratio,
long-doc-peak-rss-mb), not here.
"""

from __future__ import annotations

import random
from pathlib import Path

from graph.extract import Extractor
from graph.extract.chunking import CHUNK_CHARS, PIECE_CHARS, chunk, strip_source_line
from graph.model import Extraction

DEV = Path(__file__).parent / "dev"


def _mentions(ex: Extraction, shift: int = 0) -> set[tuple[str, int, int]]:
    return {(e.id, m.start + shift, m.end + shift) for e in ex.entities for m in e.mentions}


def _evidence(ex: Extraction, shift: int = 0) -> set[tuple[str, str, str, int, str]]:
    """Relations with where and by which rule they were read, leaving out the rules that
    weigh the whole document (their name says "context"): their answer depends on all of it."""
    return {
        (r.source, r.type.value, r.target, e.start + shift, e.rule)
        for r in ex.relations
        for e in r.evidence
        if "context" not in e.rule
    }


def test_chunk_keeps_ordinary_texts_whole_and_cuts_long_ones_at_paragraphs() -> None:
    para = "Kazakhstan borders Russia. " * 20 + "\n\n"
    short = para * (CHUNK_CHARS // len(para))
    assert chunk(short) == [(0, short)]
    long = para * (3 * CHUNK_CHARS // len(para))
    parts = chunk(long)
    assert "".join(piece for _, piece in parts) == long
    assert all(long[offset:].startswith(piece) for offset, piece in parts)
    assert all(len(piece) <= PIECE_CHARS and piece.endswith("\n\n") for _, piece in parts)


def test_long_document_equals_its_articles(extractor: Extractor) -> None:
    """A long text made of the dev articles (shuffled, repeated past CHUNK_CHARS): offsets
    index the whole text, it has exactly the mentions of its articles extracted one by one,
    and every relation they give, read at the same place by the same rule. (It may give
    more: a rule may take the place of a deployment from earlier sentences.)"""
    texts = [strip_source_line(p.read_text("utf-8"))[0].strip() for p in sorted(DEV.glob("*.txt"))]
    rng = random.Random(8)
    order: list[int] = []
    while sum(len(texts[i]) + 2 for i in order) <= CHUNK_CHARS * 3 // 2:
        batch = list(range(len(texts)))
        rng.shuffle(batch)
        order += batch
    text = "\n\n".join(texts[i] for i in order)
    starts = [0]
    for i in order[:-1]:
        starts.append(starts[-1] + len(texts[i]) + 2)

    whole = extractor.extract(text)
    alone = [extractor.extract(t) for t in texts]

    for e in whole.entities:
        assert all(text[m.start : m.end] == m.text for m in e.mentions)
    for r in whole.relations:
        assert all(text[e.start : e.end] == e.text for e in r.evidence)
    mentions: set[tuple[str, int, int]] = set()
    evidence: set[tuple[str, str, str, int, str]] = set()
    for i, start in zip(order, starts, strict=True):
        mentions |= _mentions(alone[i], start)
        evidence |= _evidence(alone[i], start)
    assert _mentions(whole) == mentions
    assert evidence <= _evidence(whole)
