"""Distributed ingest on a real LocalCluster (2 worker processes) into both stores.

The input is real: the first documents of the corpus's bulk.jsonl.gz (GEOKG_CORPUS_DIR,
default ../shared/corpus), copied gzipped into a temporary directory with a broken line
in the middle, plus the seed articles as text files. A distributed ingest must leave
exactly the graph a single-process ingest leaves (ids, relations, evidence), and a job
killed halfway and run again must end in that same graph, skipping what was stored.
"""

from __future__ import annotations

import gzip
import itertools
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from distributed import Client

from graph.extract import Extractor
from graph.ingest import IngestReport, ingest, read_sources
from graph.ingest_dask import dask_client, ingest_distributed
from graph.store import open_store
from graph.store.base import GraphStore, StoreConfig
from tests.conftest import REPO, SEEDS
from tests.fixtures.bolt_server import BoltServer, clear_graph

CORPUS = Path(os.environ.get("GEOKG_CORPUS_DIR", REPO.parent / "shared" / "corpus"))
BULK = CORPUS / "whitehouse" / "bulk.jsonl.gz"
N_DOCS = 24
BAD_LINE = 13  # a line that is not JSON, in the middle of the gzip


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    if not BULK.is_file():
        pytest.fail(f"no corpus at {BULK}: set GEOKG_CORPUS_DIR", pytrace=False)
    folder = tmp_path_factory.mktemp("corpus")
    with gzip.open(BULK, "rb") as src:
        lines = list(itertools.islice(src, N_DOCS))
    lines.insert(BAD_LINE - 1, b'{"text": "cut short\n')
    with gzip.open(folder / "bulk-head.jsonl.gz", "wb") as out:
        out.writelines(lines)
    return [str(SEEDS), str(folder / "bulk-head.jsonl.gz")]


@pytest.fixture(scope="module")
def cluster() -> Iterator[Client]:
    with dask_client(workers=2) as client:
        yield client


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def memory_config(folder: Path) -> StoreConfig:
    return StoreConfig(kind="memory", memory_path=str(folder / "graph.json"))


def single_process(store: GraphStore, inputs: list[str], extractor: Extractor) -> IngestReport:
    return ingest(store, read_sources(inputs), extractor, chunk_size=8)


def graph_of(config: StoreConfig) -> dict[str, object]:
    store = open_store(config)
    try:
        return store.export_json()
    finally:
        store.close()


@pytest.mark.parametrize("kind", ["memory", "bolt"])
def test_distributed_ingest_equals_single_process(
    kind: str,
    inputs: list[str],
    cluster: Client,
    extractor: Extractor,
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    if kind == "memory":
        reference_config, config = memory_config(tmp_path / "a"), memory_config(tmp_path / "b")
    else:
        server: BoltServer = request.getfixturevalue("bolt_server")
        reference_config = config = request.getfixturevalue("bolt_config")
    store = open_store(reference_config)
    report = single_process(store, inputs, extractor)
    store.close()
    expected = graph_of(reference_config)
    if kind == "bolt":
        clear_graph(server)
    store = open_store(config)
    try:
        summary = ingest_distributed(
            cluster, store, config, read_sources(inputs), model=extractor.model_name,
            partition_size=3, save_every=0,
        )  # fmt: skip
    finally:
        store.close()
    assert summary.workers == 2
    assert (summary.created, summary.extracted) == (report.created, report.created)
    assert report.created == N_DOCS + 2  # the seeds and every readable corpus line
    assert [(f.origin, f.message[:12]) for f in summary.failures] == [
        (f"{inputs[1]}:{BAD_LINE}", "invalid JSON")
    ]
    assert summary.words > 10_000
    got = graph_of(config)
    assert got == expected
    assert len({d["id"] for d in got["documents"]}) == N_DOCS + 2  # type: ignore[attr-defined]


def _cli_env(config: StoreConfig) -> dict[str, str]:
    env = {**os.environ, "GEOKG_STORE": "neo4j" if config.kind == "neo4j" else "memory"}
    env.update(
        GEOKG_MEMORY_PATH=config.memory_path,
        GEOKG_NEO4J_URI=config.neo4j_uri,
        GEOKG_NEO4J_USER=config.neo4j_user,
        GEOKG_NEO4J_PASSWORD=config.neo4j_password,
        GEOKG_NEO4J_DATABASE=config.neo4j_database or "",
    )
    return env


def _stored(config: StoreConfig) -> int:
    store = open_store(config)
    try:
        return store.stats().documents
    finally:
        store.close()


def _cli(inputs: list[str], config: StoreConfig) -> subprocess.Popen[str]:
    command = [str(Path(sys.executable).with_name("geokg")), "ingest", *inputs]
    command += ["--workers", "2", "--chunk-size", "2", "--save-every", "0", "--format", "json"]
    return subprocess.Popen(
        command,
        cwd=REPO,
        env=_cli_env(config),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: the kill takes the workers too
    )


@pytest.mark.parametrize("kind", ["memory", "bolt"])
def test_killed_job_resumes_to_the_same_graph(
    kind: str,
    inputs: list[str],
    extractor: Extractor,
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    if kind == "memory":
        reference_config, config = memory_config(tmp_path / "a"), memory_config(tmp_path / "b")
    else:
        server: BoltServer = request.getfixturevalue("bolt_server")
        reference_config = config = request.getfixturevalue("bolt_config")
    store = open_store(reference_config)
    single_process(store, inputs, extractor)
    store.close()
    expected = graph_of(reference_config)
    if kind == "bolt":
        clear_graph(server)

    job = _cli(inputs, config)
    deadline = time.monotonic() + 240
    while _stored(config) == 0 and job.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(job.pid, signal.SIGKILL)  # the client and its LocalCluster, mid-job
    job.communicate(timeout=30)
    at_kill = _stored(config)
    assert 0 < at_kill < N_DOCS + 2, "the job was not caught halfway"

    again = _cli(inputs, config)
    out, errors = again.communicate(timeout=300)
    assert again.returncode == 1, errors  # the broken line is still reported
    summary = json.loads(out)
    assert summary["skipped"] == at_kill and summary["extracted"] == N_DOCS + 2 - at_kill
    assert f"{inputs[1]}:{BAD_LINE}: invalid JSON" in errors
    assert "Traceback" not in errors
    assert graph_of(config) == expected
