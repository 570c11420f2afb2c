"""Extraction speed: geokg's Extractor vs plain `nlp.pipe` of the same spaCy model.

Builds a corpus of at least 200k words by repeating the seed articles and the annotated
dev texts, times both over the same texts in the same run (alternating, best of
`--repeat`; CPU time of this process, so a busy shared machine does not skew it), then
times geokg with `n_process=2` (wall time). Then, in a fresh process, one long document
of `--long-chars` (1 MB): the first White House bulk texts joined (read from
GEOKG_CORPUS_DIR, default ../shared/corpus; else the seed and dev texts shuffled), timed
against the same texts as separate articles. Prints words/s, `long-doc-ratio: X.XX` (long
document words/s / articles words/s; target >= 0.8), `long-doc-peak-rss-mb: N` (peak RSS
of that process; target < 1500) and, last, `ratio: X.XX` (geokg words/s / plain words/s;
target >= 0.9).

    python bench/extract.py [--words 200000] [--repeat 2] [--long-chars 1000000]
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import os
import random
import resource
import time
from pathlib import Path

import spacy

from graph.extract import DEFAULT_MODEL, Extractor
from graph.extract.chunking import strip_source_line
from graph.model import Document, document_id

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("GEOKG_CORPUS_DIR", ROOT.parent / "shared" / "corpus"))


def articles() -> list[str]:
    files = sorted((ROOT / "seeds").glob("*.txt")) + sorted(
        (ROOT / "tests" / "extract" / "dev").glob("*.txt")
    )
    return [p.read_text("utf-8") for p in files]


def corpus(min_words: int) -> list[str]:
    base = articles()
    texts: list[str] = []
    words = 0
    while words < min_words:
        for t in base:
            texts.append(t)
            words += len(t.split())
    return texts


def long_parts(chars: int) -> tuple[str, list[str]]:
    """Texts to join into one long document of at least `chars` characters, and where from."""
    parts: list[str] = []
    bulk = CORPUS / "whitehouse" / "bulk.jsonl.gz"
    if bulk.exists():
        with gzip.open(bulk, "rt", encoding="utf-8") as lines:
            for line in lines:
                parts.append(json.loads(line)["text"].strip())
                if sum(len(p) + 2 for p in parts) >= chars:
                    return str(bulk.name), parts
    base = [strip_source_line(t)[0].strip() for t in articles()]
    rng = random.Random(0)
    parts = []
    while sum(len(p) + 2 for p in parts) < chars:
        rng.shuffle(base)
        parts += base
    return "seed and dev texts", parts


def time_long_document(model: str, chars: int) -> tuple[str, int, float, float, float]:
    """(source, words, long-document CPU s, articles CPU s, peak RSS MB); run in a fresh
    process so that the peak RSS is this document's alone."""
    source, parts = long_parts(chars)
    text = "\n\n".join(parts)
    extractor = Extractor(model)
    list(extractor.extract_many([Document(id=document_id(p), text=p) for p in parts[:3]]))
    cpu = time.process_time()
    for _ in extractor.extract_many([Document(id=document_id(text), text=text)]):
        pass
    long_cpu = time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
    docs = [Document(id=document_id(p), text=p) for p in parts]
    cpu = time.process_time()
    for _ in extractor.extract_many(docs):
        pass
    parts_cpu = time.process_time() - cpu
    return source, len(text.split()), long_cpu, parts_cpu, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--repeat", type=int, default=2, help="alternating runs; best counts")
    parser.add_argument("--long-chars", type=int, default=1_000_000, help="long document size")
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
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        source, long_words, long_cpu, parts_cpu, peak = pool.apply(
            time_long_document, (args.model, args.long_chars)
        )
    print(
        f"long document:       {long_words / long_cpu:8.0f} words/s CPU "
        f"({long_words} words from {source}, {long_cpu:.1f} s CPU; as separate articles "
        f"{long_words / parts_cpu:.0f} words/s, {parts_cpu:.1f} s CPU)"
    )
    print(f"long-doc-ratio: {parts_cpu / long_cpu:.2f}")
    print(f"long-doc-peak-rss-mb: {peak:.0f}")
    print(f"ratio: {plain_cpu / geokg_cpu:.2f}")


if __name__ == "__main__":
    main()
