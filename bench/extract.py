"""Extraction speed: geokg's Extractor vs plain `nlp.pipe` of the same spaCy model.

Builds a corpus of at least 200k words by repeating the seed articles and the annotated
dev texts, times both over the same texts in the same run (alternating, best of
`--repeat`), then times geokg with `n_process=2`. Prints words/s and, last,
`ratio: X.XX` (geokg / plain; target >= 0.9).

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

    # Alternate the two and keep each one's best run, so load from other processes on a
    # shared machine does not favour whichever happened to run first.
    plain_s = geokg_s = float("inf")
    relations = 0
    for _ in range(args.repeat):
        start = time.perf_counter()
        for _doc in plain.pipe(texts, batch_size=extractor.batch_size):
            pass
        plain_s = min(plain_s, time.perf_counter() - start)
        start = time.perf_counter()
        relations = sum(len(x.relations) for x in extractor.extract_many(docs))
        geokg_s = min(geokg_s, time.perf_counter() - start)

    start = time.perf_counter()
    for _ in extractor.extract_many(docs, n_process=2):
        pass
    geokg2_s = time.perf_counter() - start

    print(f"plain nlp.pipe:        {words / plain_s:10.0f} words/s ({plain_s:.1f} s)")
    print(
        f"geokg extract_many:    {words / geokg_s:10.0f} words/s "
        f"({geokg_s:.1f} s, {relations} relations)"
    )
    print(
        f"geokg n_process=2:     {words / geokg2_s:10.0f} words/s ({geokg2_s:.1f} s, "
        f"scaling x{geokg_s / geokg2_s:.2f})"
    )
    print(f"ratio: {plain_s / geokg_s:.2f}")


if __name__ == "__main__":
    main()
