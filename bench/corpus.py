"""Distributed ingest of real documents: 1 worker against 2 workers on a LocalCluster.

    python bench/corpus.py [--docs 64] [--rounds 2] [--partition-size 4]

Reads the first `--docs` documents of bulk.jsonl.gz (GEOKG_CORPUS_DIR, default
../shared/corpus) and ingests them with `graph.ingest_dask` on a LocalCluster of one
worker process and on one of two, into the embedded store (a fresh file each run) and
into the Bolt store (a fresh ArcadeDB, emptied before each run). Both clusters start
before timing and keep their loaded models; runs alternate for `--rounds` rounds and the
best of each setting counts (the machine may be shared). Prints docs/s and words/s per
setting (and how much of the time the workers got a CPU: on a busy machine that, not
the code, limits the gain; words per worker CPU-second show what two free cores would
give), the load average, and last `ratio: X.XX`: 2-worker words/s over 1-worker
words/s, the lower of the two stores (target >= 1.7 on a 2-core machine).
"""

from __future__ import annotations

import argparse
import itertools
import os
import resource
import statistics
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for tests.fixtures

from distributed import Client

from graph.extract import DEFAULT_MODEL
from graph.ingest import read_sources
from graph.ingest_dask import Summary, dask_client, ingest_distributed
from graph.store import open_store
from graph.store.base import StoreConfig
from tests.configs import memory_config
from tests.fixtures.arcadedb import ArcadeDBServer
from tests.fixtures.bolt_server import BoltServer, clear_graph

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("GEOKG_CORPUS_DIR", REPO.parent / "shared" / "corpus"))
BULK = CORPUS / "whitehouse" / "bulk.jsonl.gz"


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run(
    client: Client, config: StoreConfig, docs: int, partition_size: int
) -> tuple[Summary, float]:
    """The job's summary and the share of the wall time its workers spent on a CPU."""
    store = open_store(config)
    before = sum(client.run(_cpu_seconds).values())
    try:
        summary = ingest_distributed(
            client,
            store,
            config,
            itertools.islice(read_sources([str(BULK)]), docs),
            model=DEFAULT_MODEL,
            partition_size=partition_size,
            save_every=30.0,
        )
    finally:
        store.close()
    used = sum(client.run(_cpu_seconds).values()) - before
    return summary, used / (summary.seconds * summary.workers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--partition-size", type=int, default=4)
    args = parser.parse_args()
    if not BULK.is_file():
        sys.exit(f"no corpus at {BULK}: set GEOKG_CORPUS_DIR")
    best: dict[tuple[str, int], Summary] = {}
    per_cpu: dict[tuple[str, int], list[float]] = {}  # words per worker CPU-second
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        arcade = stack.enter_context(ArcadeDBServer())
        arcade.start()
        server = BoltServer(arcade.uri, arcade.user, arcade.password, None)
        clients = {n: stack.enter_context(dask_client(workers=n)) for n in (1, 2)}
        for round_ in range(args.rounds):
            for kind in ("memory", "bolt"):
                for n, client in clients.items():
                    if kind == "memory":
                        path = tmp / f"graph-{round_}-{n}.json"
                        config = memory_config(path)
                    else:
                        clear_graph(server)
                        config = server.config()
                    s, busy = run(client, config, args.docs, args.partition_size)
                    assert s.created == s.extracted and not s.failures, s.to_json()
                    print(
                        f"round {round_ + 1} {kind:6} {n} worker(s): {s.extracted} docs, "
                        f"{s.words:,} words in {s.seconds:.1f} s: {s.rate(s.extracted):.2f} "
                        f"docs/s, {s.rate(s.words):,.0f} words/s; workers on a CPU "
                        f"{busy:.0%} of the time",
                        flush=True,
                    )
                    key = (kind, n)
                    per_cpu.setdefault(key, []).append(s.words / (busy * s.seconds * n))
                    if key not in best or s.rate(s.words) > best[key].rate(best[key].words):
                        best[key] = s
    ratios = {}
    for kind in ("memory", "bolt"):
        one, two = best[(kind, 1)], best[(kind, 2)]
        ratios[kind] = two.rate(two.words) / one.rate(one.words)
        for n, s in ((1, one), (2, two)):
            print(
                f"best {kind:6} {n} worker(s): {s.rate(s.extracted):.2f} docs/s, "
                f"{s.rate(s.words):,.0f} words/s"
            )
        print(f"{kind} 2-worker / 1-worker words/s: {ratios[kind]:.2f}")
        cpu = [statistics.median(per_cpu[(kind, n)]) for n in (1, 2)]
        print(
            f"{kind} words per worker CPU-second (median): 1 worker {cpu[0]:,.0f}, "
            f"2 workers {cpu[1]:,.0f}; with two free cores the ratio would be about "
            f"{2 * cpu[1] / cpu[0]:.2f}"
        )
    print(f"load average (1, 5, 15 min): {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"cpus: {os.cpu_count()}")
    print(f"ratio: {min(ratios.values()):.2f}")


if __name__ == "__main__":
    main()
