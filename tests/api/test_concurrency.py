"""Writers and readers racing on a live server, over each store.

8 writers POST documents (every one mentions entities the others write too) and
delete some of their own; 4 readers ask for neighbours, subgraphs, paths, relations
and centrality of the sample graph's entities, which no writer removes. Meanwhile
`/health` is polled. No answer may be a 5xx, no read may 404, every acknowledged
document must be stored exactly once (and every deleted one gone), and `/health`
never waits for the store. On the embedded store another process also holds the write lock for a
while, so writers wait for it as they would for a `geokg ingest`.
"""

from __future__ import annotations

import itertools
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator

import httpx
import pytest

from api.settings import Settings
from graph.store import open_store
from tests.api.conftest import API_KEY, STORE_KINDS, make_settings
from tests.api.sample import IDS, sample_extractions
from tests.conftest import REPO

WRITERS, READERS, ROUNDS = 8, 4, 6
COUNTRIES = ["Kazakhstan", "Russia", "Tajikistan", "Armenia", "Belarus", "Kyrgyzstan"]
READS = [
    "/entities/{a}/neighbors?depth=2",
    "/subgraph?ids={a}&ids={b}&depth=1",
    "/paths?source={a}&target={b}&max_hops=3",
    "/relations?source={a}",
    "/analytics/centrality?measure=degree&limit=5",
]


def _text(writer: int, round_: int) -> str:
    a, b = COUNTRIES[round_ % 6], COUNTRIES[(writer + round_ + 1) % 6]
    if a == b:
        b = COUNTRIES[(writer + round_ + 2) % 6]
    return (
        f"{a} is a member of the Collective Security Treaty Organization. "
        f"{b} is also a member of the Collective Security Treaty Organization, "
        f"report {writer}-{round_} said."
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.fixture(params=STORE_KINDS)
def live(request: pytest.FixtureRequest) -> Iterator[tuple[str, str, Settings]]:
    """`geokg serve` in its own process (so the test's clients do not share its GIL)
    over the sample graph in a fresh store of each kind."""
    settings = make_settings(request.param, request, api_keys=API_KEY)
    store = open_store(settings.store_config())
    for extraction in sample_extractions():
        store.upsert(extraction)
    store.close()
    port = _free_port()
    env = os.environ | {
        "GEOKG_STORE": settings.store,
        "GEOKG_MEMORY_PATH": str(settings.store_path),
        "GEOKG_NEO4J_URI": settings.neo4j_uri,
        "GEOKG_NEO4J_USER": settings.neo4j_user,
        "GEOKG_NEO4J_PASSWORD": settings.neo4j_password,
        "GEOKG_NEO4J_DATABASE": settings.neo4j_database or "",
        "GEOKG_API_KEYS": API_KEY,
        "GEOKG_HOST": "127.0.0.1",
        "GEOKG_PORT": str(port),
    }
    command = [sys.executable, "-c", "from api.cli import main; main()", "serve"]
    server = subprocess.Popen([*command, "--log-level", "warning"], env=env, cwd=REPO)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and server.poll() is None:
            try:
                if httpx.get(f"{url}/ready", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            raise RuntimeError("the server did not become ready")
        yield request.param, url, settings
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_racing_writers_and_readers(live: tuple[str, str, Settings]) -> None:
    kind, url, settings = live
    failures: list[str] = []
    acknowledged: list[str] = []
    deleted: list[str] = []
    health: list[float] = []
    done = threading.Event()
    headers = {"X-API-Key": API_KEY}

    def writer(w: int) -> None:
        with httpx.Client(base_url=url, timeout=60, headers=headers) as client:
            for r in range(ROUNDS):
                response = client.post("/documents", json={"text": _text(w, r)})
                if response.status_code not in (200, 201):
                    failures.append(f"POST {response.status_code}: {response.text[:200]}")
                    continue
                doc_id = response.json()["id"]
                acknowledged.append(doc_id)
                if r % 3 == 2:  # delete one of its own documents now and then
                    gone = client.delete(f"/documents/{doc_id}")
                    if gone.status_code != 204:
                        failures.append(f"DELETE {gone.status_code}: {gone.text[:200]}")
                    else:
                        deleted.append(doc_id)

    def reader(k: int) -> None:
        ids = list(IDS.values())
        with httpx.Client(base_url=url, timeout=60) as client:
            for i in itertools.count():
                if done.is_set() and i >= 10:
                    return
                a, b = ids[(k + i) % len(ids)], ids[(k + 2 * i + 1) % len(ids)]
                path = READS[(k + i) % len(READS)].format(a=a, b=b)
                response = client.get(path)
                if response.status_code != 200:
                    failures.append(f"GET {path} {response.status_code}: {response.text[:200]}")

    def poll_health() -> None:
        with httpx.Client(base_url=url, timeout=60) as client:
            while not done.is_set():
                t = time.perf_counter()
                client.get("/health")
                health.append(time.perf_counter() - t)
                time.sleep(0.01)

    holder = None
    if kind == "memory":  # another process holds the write lock for a while
        holder = subprocess.Popen(
            [sys.executable, "-m", "tests.store.memproc", "hold", str(settings.store_path), "1.5"],
            cwd=REPO,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"

    def recorded(fn: Callable[[int], None]) -> Callable[[int], None]:
        def run(i: int) -> None:
            try:
                fn(i)
            except Exception as exc:  # a client error fails the test, not just the thread
                failures.append(f"{fn.__name__} {i}: {exc!r}")

        return run

    threads = [threading.Thread(target=recorded(writer), args=(w,)) for w in range(WRITERS)]
    readers = [threading.Thread(target=recorded(reader), args=(k,)) for k in range(READERS)]
    poller = threading.Thread(target=recorded(lambda _: poll_health()), args=(0,))
    for t in [poller, *readers, *threads]:
        t.start()
    for t in threads:
        t.join(timeout=600)
    done.set()
    for t in [poller, *readers]:
        t.join(timeout=120)
    if holder is not None:
        holder.communicate(timeout=30)

    assert not failures, failures[:5]
    assert len(acknowledged) == WRITERS * ROUNDS
    with httpx.Client(base_url=url, timeout=60) as client:
        listed = client.get("/documents", params={"limit": 500}).json()["items"]
    counts = Counter(d["id"] for d in listed)
    expected = set(acknowledged) - set(deleted)
    assert {d for d in expected if counts[d] != 1} == set()
    assert not set(deleted) & set(counts)
    # Never blocked: on the embedded store writers waited 1.5 s for another process's
    # lock meanwhile. (A latency target belongs in a benchmark, not here: on a shared
    # machine scheduling alone adds tens of milliseconds now and then.)
    health.sort()
    p99 = health[min(len(health) - 1, int(len(health) * 0.99))]
    print(f"/health p99 {p99 * 1000:.0f} ms, median {statistics.median(health) * 1000:.1f} ms")
    assert health[-1] < 1.0, f"/health took {health[-1]:.2f} s"
