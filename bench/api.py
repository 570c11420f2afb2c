"""API latency: `GET /entities/{id}/neighbors` against the framework floor `GET /health`.

    python bench/api.py [--docs 10000] [--requests 3000]

1. Builds a synthetic graph in the embedded store straight through the store API (no
   spaCy): by default 10,000 documents, 100k+ entities and 310k relations, each with a
   sentence of evidence (the generator of bench/load.py).
2. Times the in-process store call `store.neighbors(id, depth=1)` for random ids.
3. Starts `geokg serve` on that store on a free loopback port (a separate process) and,
   measures p50/p99 of neighbours (depth 1, random ids) and of /health at concurrency 1
   (a sync httpx client, then an AsyncClient) and 16 (an AsyncClient), alternating the
   two endpoints in rounds so both see the same conditions. Prints requests/s too (at
   16 the client, one process on the same machine, is part of the limit).

The same neighbours are also asked `as_of` a date after the corpus's (so the answers
are as large): the line `as_of ratio: X.XX` before the last compares the p50 with and
without it at concurrency 1 through the sync client (target <= 1.3).

The last line is `ratio: X.XX`: neighbours p50 / health p50 at concurrency 1 through
the sync client (target <= 1.5).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from load import synthetic  # noqa: E402  (the shared synthetic corpus)

from api.settings import Settings  # noqa: E402
from graph.store import open_store  # noqa: E402

# After every synthetic document's date (2024-01-01): as_of then keeps every relation, so
# the answers with and without it are the same size and only the filter's cost differs.
AS_OF = "2025-01-01"


def build(path: Path, docs: int) -> list[str]:
    """Fill a memory store at `path`; returns the entity ids."""
    start = time.perf_counter()
    extractions = synthetic(docs)
    generated = time.perf_counter() - start
    store = open_store(Settings(store="memory", memory_path=str(path)).store_config())
    start = time.perf_counter()
    with store.batch():
        for extraction in extractions:
            store.upsert(extraction)
    loaded = time.perf_counter() - start
    del extractions
    stats = store.stats()
    entities, relations = sum(stats.entities.values()), sum(stats.relations.values())
    print(f"graph: {entities} entities, {relations} relations, {stats.evidence} evidence")
    print(f"built in {generated:.1f}s (generate) + {loaded:.1f}s (upsert and save)")
    ids = [e.id for e in store.search_entities(limit=entities + 1)]
    rng = random.Random(1)
    sample = rng.sample(ids, min(5000, len(ids)))
    for eid in sample[:200]:  # warm up
        store.neighbors(eid, depth=1)
    times: list[float] = []
    dated: list[float] = []
    for eid in sample:
        t = time.perf_counter()
        store.neighbors(eid, depth=1)
        times.append(time.perf_counter() - t)
        t = time.perf_counter()
        store.neighbors(eid, depth=1, as_of=AS_OF)
        dated.append(time.perf_counter() - t)
    print(f"in-process store.neighbors(depth=1): {_fmt(times)}")
    print(f"in-process store.neighbors(depth=1, as_of={AS_OF}): {_fmt(dated)}")
    store.close()
    return ids


def _fmt(seconds: Sequence[float]) -> str:
    ordered = sorted(seconds)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
    return f"p50 {p50:.3f} ms, p99 {p99:.3f} ms"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def serve(path: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = os.environ | {
        "GEOKG_STORE": "memory",
        "GEOKG_MEMORY_PATH": str(path),
        "GEOKG_HOST": "127.0.0.1",
        "GEOKG_PORT": str(port),
    }
    geokg = Path(sys.executable).with_name("geokg")
    command = (
        [str(geokg)]
        if geokg.exists()
        else [sys.executable, "-c", "from api.cli import main; main()"]
    )
    server = subprocess.Popen([*command, "serve", "--log-level", "warning"], env=env, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/ready", timeout=2).status_code == 200:
                return server, url
        except httpx.TransportError:
            pass
        if server.poll() is not None:
            break
        time.sleep(0.5)
    server.terminate()
    raise SystemExit("the server did not become ready")


async def _run(
    client: httpx.AsyncClient | httpx.Client, paths: Sequence[str], concurrency: int
) -> tuple[list[float], float]:
    """GET every path, `concurrency` requests in flight; latencies and requests/s."""
    latencies: list[float] = []
    if isinstance(client, httpx.Client):
        start = time.perf_counter()
        for p in paths:
            t = time.perf_counter()
            response = client.get(p)
            latencies.append(time.perf_counter() - t)
            if response.status_code != 200:
                raise RuntimeError(f"{p}: {response.status_code} {response.text[:200]}")
        return latencies, len(paths) / (time.perf_counter() - start)

    async def worker(mine: Sequence[str]) -> None:
        for p in mine:
            t = time.perf_counter()
            response = await client.get(p)
            latencies.append(time.perf_counter() - t)
            if response.status_code != 200:
                raise RuntimeError(f"{p}: {response.status_code} {response.text[:200]}")

    start = time.perf_counter()
    await asyncio.gather(*(worker(paths[i::concurrency]) for i in range(concurrency)))
    return latencies, len(paths) / (time.perf_counter() - start)


def _paths(name: str, ids: Sequence[str], per_round: int) -> list[str]:
    """One round of requests to the endpoint `name` (ids: the round's random entities)."""
    if name == "health":
        return ["/health"] * per_round
    dated = f"&as_of={AS_OF}" if name == "as_of" else ""
    return [f"/entities/{eid}/neighbors?depth=1{dated}" for eid in ids]


async def compare(
    url: str, ids: list[str], requests: int, concurrency: int, sync: bool = False
) -> tuple[float, float]:
    """Alternate rounds of neighbours, neighbours as_of and health; print them; return
    the p50 ratios neighbours / health and neighbours as_of / neighbours.

    `sync` sends one request at a time through a sync httpx client, the client with
    the least overhead of its own (so the strictest ratio); else one AsyncClient.
    """
    rng = random.Random(concurrency)
    rounds = 10
    per_round = max(concurrency, requests // rounds)
    names = ("neighbors", "as_of", "health")
    measured: dict[str, list[float]] = {name: [] for name in names}
    rates: dict[str, list[float]] = {name: [] for name in names}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as async_client:
        plain = httpx.Client(base_url=url, timeout=60)
        client = plain if sync else async_client
        try:
            await _run(client, ["/health"] * per_round, concurrency)  # warm up
            for _ in range(rounds):
                chosen = [rng.choice(ids) for _ in range(per_round)]  # the same for both
                for name in names:
                    paths = _paths(name, chosen, per_round)
                    latencies, rate = await _run(client, paths, concurrency)
                    measured[name] += latencies
                    rates[name].append(rate)
        finally:
            plain.close()
    label = f"concurrency {concurrency:2d} ({'httpx.Client' if sync else 'httpx.AsyncClient'})"
    for name in names:
        print(
            f"{label}: {name:9s} {_fmt(measured[name])}, {statistics.median(rates[name]):.0f} req/s"
        )
    p50 = {name: statistics.median(measured[name]) for name in names}
    return p50["neighbors"] / p50["health"], p50["as_of"] / p50["neighbors"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=3000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "graph.sqlite"
        ids = build(path, args.docs)
        server, url = serve(path)
        try:
            ratio, as_of_ratio = asyncio.run(compare(url, ids, args.requests, 1, sync=True))
            ratio_async, _ = asyncio.run(compare(url, ids, args.requests, 1))
            ratio_16, _ = asyncio.run(compare(url, ids, args.requests, 16))
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"p50 ratio at concurrency 1 with httpx.AsyncClient: {ratio_async:.2f}")
    print(f"p50 ratio at concurrency 16: {ratio_16:.2f}")
    print(f"as_of ratio: {as_of_ratio:.2f} (neighbours p50 with as_of / without, target <= 1.3)")
    print(f"ratio: {ratio:.2f}")


if __name__ == "__main__":
    main()
