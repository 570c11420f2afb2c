"""Extraction speed: geokg's Extractor vs plain `nlp.pipe` of the same spaCy model.

Builds a corpus of at least 200k words by repeating the seed articles and the annotated
dev texts, times both over the same texts in the same run (alternating, best of
`--repeat`; CPU time of this process, so a busy shared machine does not skew it), then
times geokg with `n_process=2` (wall time). Prints words/s and, last, `ratio: X.XX`
(geokg words/s / plain words/s; target >= 0.9).

    python bench/extract.py [--words 200000] [--repeat 2]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import spacy

from graph.extract import DEFAULT_MODEL, Extractor
from graph.model import Document, document_id

ROOT = Path(__file__).resolve().parent.parent


def corpus(min_words: int) -> list[str]:
    files = sorted((ROOT / "seeds").glob("*.txt")) + sorted(
        (ROOT / "tests" / "extract" / "dev").glob("*.txt")
    )
    base = [p.read_text("utf-8") for p in files]
    texts: list[str] = []
    words = 0
    while words < min_words:
        for t in base:
            texts.append(t)
            words += len(t.split())
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--repeat", type=int, default=2, help="alternating runs; best counts")
    args = parser.parse_args()
    texts = corpus(args.words)
    words = sum(len(t.split()) for t in texts)
    docs = [Document(id=document_id(t), text=t) for t in texts]
    print(f"corpus: {len(texts)} documents, {words} words")

    plain = spacy.load(args.model)
    extractor = Extractor(args.model)
    list(plain.pipe(texts[:5]))  # warm both up
    list(extractor.extract_many(docs[:5]))

    # Alternate the two and keep each one's best run; the ratio compares CPU time of this
    # process, so other processes on a shared machine do not skew it (wall time is shown).
    plain_cpu = plain_wall = geokg_cpu = geokg_wall = float("inf")
    relations = 0
    for _ in range(args.repeat):
        cpu, wall = time.process_time(), time.perf_counter()
        for _doc in plain.pipe(texts, batch_size=extractor.batch_size):
            pass
        plain_cpu = min(plain_cpu, time.process_time() - cpu)
        plain_wall = min(plain_wall, time.perf_counter() - wall)
        cpu, wall = time.process_time(), time.perf_counter()
        relations = sum(len(x.relations) for x in extractor.extract_many(docs))
        geokg_cpu = min(geokg_cpu, time.process_time() - cpu)
        geokg_wall = min(geokg_wall, time.perf_counter() - wall)

    wall = time.perf_counter()
    for _ in extractor.extract_many(docs, n_process=2):
        pass
    geokg2_wall = time.perf_counter() - wall

    print(
        f"plain nlp.pipe:      {words / plain_cpu:8.0f} words/s CPU "
        f"({plain_cpu:.1f} s CPU, {plain_wall:.1f} s wall)"
    )
    print(
        f"geokg extract_many:  {words / geokg_cpu:8.0f} words/s CPU "
        f"({geokg_cpu:.1f} s CPU, {geokg_wall:.1f} s wall, {relations} relations)"
    )
    print(
        f"geokg n_process=2:   {words / geokg2_wall:8.0f} words/s wall "
        f"({geokg2_wall:.1f} s; x{geokg_wall / geokg2_wall:.2f} vs n_process=1 wall)"
    )
    print(f"ratio: {plain_cpu / geokg_cpu:.2f}")


if __name__ == "__main__":
    main()
