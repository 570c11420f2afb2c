"""The embedded store at corpus size: open time, write and read latency, file size, RSS.

    python bench/store.py [--sizes 10000,100000,1000000] [--writes 60] [--reads 3000]

For each size (relations, each with a sentence of evidence; the generator of
bench/load.py, 31 relations and 12 entities per document) a child process builds the
graph in a fresh embedded store (`upsert_many`, 500 documents per transaction) and
closes it; a second child opens it cold and measures:

- open: `MemoryStore(path)` (reading every row and building the graph), wall clock and
  the process's CPU time (on a busy machine the two differ a lot);
- write: p50/p99 of one `store.upsert` of a new typical document (about 500 words,
  31 relations, 12 entities of which 2 already stored), committed durably;
- neighbours: p50 of `store.neighbors(id, depth=1)` for random ids, of the same query
  `as_of` a date after every document (so it finds the same relations, and costs only
  the time checks), and of the first on the in-memory graph without the store around
  it (the floor);
- the database's size on disk and the process's peak RSS.

The line `as_of ratio: X.XX` is the largest, over the sizes, neighbours p50 with `as_of`
/ without (target <= 1.3). The last line is `ratio: X.XX`: write p50 at the largest
size / write p50 at the smallest (target <= 2: a write costs what its document costs,
not what the graph does).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from load import RELATIONS_PER_DOC, iter_synthetic  # noqa: E402

from graph.model import Extraction  # noqa: E402
from graph.store.memory import MemoryStore  # noqa: E402
from graph.store.memory import query as memquery  # noqa: E402

AS_OF = "2030-01-01"  # after every synthetic document (all published 2024-01-01)
FILLER = ("officials", "said", "on", "Tuesday", "according", "to", "a", "statement", "seen")


def typical(ex: Extraction) -> Extraction:
    """A synthetic document padded to about 500 words of text, as news articles run."""
    words = ex.document.text.split()
    pad = " ".join(FILLER[i % len(FILLER)] for i in range(max(0, 500 - len(words))))
    document = ex.document.model_copy(update={"text": f"{ex.document.text} {pad}"})
    return ex.model_copy(update={"document": document})


def build(path: Path, docs: int) -> None:
    store = MemoryStore(path)
    start = time.perf_counter()
    chunk: list[Extraction] = []
    for ex in iter_synthetic(docs):
        chunk.append(ex)
        if len(chunk) == 500:
            store.upsert_many(chunk)
            chunk = []
    store.upsert_many(chunk)
    stats = store.stats()
    store.close()
    print(
        json.dumps(
            {
                "relations": sum(stats.relations.values()),
                "entities": sum(stats.entities.values()),
                "evidence": stats.evidence,
                "build_s": time.perf_counter() - start,
            }
        )
    )


def measure(path: Path, docs: int, writes: int, reads: int) -> None:
    start, cpu = time.perf_counter(), time.process_time()
    store = MemoryStore(path)
    opened, opened_cpu = time.perf_counter() - start, time.process_time() - cpu
    write_times = []
    for ex in iter_synthetic(writes, seed=11, first=docs):
        ex = typical(ex)
        t = time.perf_counter()
        result = store.upsert(ex)
        write_times.append(time.perf_counter() - t)
        assert result.status == "created", result
    ids = [e.id for e in store.search_entities(limit=5000)]
    rng = random.Random(1)
    sample = [rng.choice(ids) for _ in range(reads)]
    mg = store._mg  # the floor: the same query on the graph, without the store around it
    queries: dict[str, Callable[[str], object]] = {
        "store": lambda eid: store.neighbors(eid, depth=1),
        "as_of": lambda eid: store.neighbors(eid, depth=1, as_of=AS_OF),
        "floor": lambda eid: memquery.neighbors(mg, eid, None, "both", 1, 0.0, 100),
    }
    for eid in sample[:200]:  # warm up
        store.neighbors(eid, depth=1)
    reads: dict[str, list[float]] = {name: [] for name in queries}
    for half in (0, 1):  # each in its own pass, in both orders, for the same conditions
        for name in list(queries) if half == 0 else list(reversed(queries)):
            query, timing = queries[name], reads[name]
            for eid in sample[half::2]:
                t = time.perf_counter()
                query(eid)
                timing.append(time.perf_counter() - t)
    store.close()
    ordered = sorted(write_times)
    size = sum(f.stat().st_size for f in path.parent.iterdir() if f.name.startswith(path.name))
    print(
        json.dumps(
            {
                "open_s": opened,
                "open_cpu_s": opened_cpu,
                "write_p50_ms": statistics.median(ordered) * 1000,
                "write_p99_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
                "neighbors_p50_ms": statistics.median(reads["store"]) * 1000,
                "as_of_p50_ms": statistics.median(reads["as_of"]) * 1000,
                "floor_p50_ms": statistics.median(reads["floor"]) * 1000,
                "file_mb": size / 1e6,
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


def child(*args: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", *args], check=True, capture_output=True, text=True
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--writes", type=int, default=60)
    parser.add_argument("--reads", type=int, default=3000)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, path, docs = args.child[0], Path(args.child[1]), int(args.child[2])
        if mode == "build":
            build(path, docs)
        else:
            measure(path, docs, args.writes, args.reads)
        return
    write_p50: list[float] = []
    as_of_ratios: list[float] = []
    for relations in (int(s) for s in args.sizes.split(",")):
        docs = -(-relations // RELATIONS_PER_DOC)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "graph.sqlite"
            built = child("build", str(path), str(docs))
            m = child("measure", str(path), str(docs), "--writes", str(args.writes))
        write_p50.append(m["write_p50_ms"])
        as_of_ratios.append(m["as_of_p50_ms"] / m["neighbors_p50_ms"])
        print(
            f"{built['relations']:>9,.0f} relations, {built['entities']:,.0f} entities, "
            f"{built['evidence']:,.0f} evidence (built in {built['build_s']:.0f}s): "
            f"open {m['open_s']:.2f}s ({m['open_cpu_s']:.2f}s CPU); "
            f"write p50 {m['write_p50_ms']:.1f} ms, p99 {m['write_p99_ms']:.1f} ms; "
            f"neighbours p50 {m['neighbors_p50_ms']:.3f} ms, as_of "
            f"{m['as_of_p50_ms']:.3f} ms (graph alone {m['floor_p50_ms']:.3f} ms); "
            f"file {m['file_mb']:.0f} MB; "
            f"peak RSS {m['peak_rss_mb']:.0f} MB",
            flush=True,
        )
    print(f"as_of ratio: {max(as_of_ratios):.2f}")
    print(f"ratio: {write_p50[-1] / write_p50[0]:.2f}")


if __name__ == "__main__":
    main()
