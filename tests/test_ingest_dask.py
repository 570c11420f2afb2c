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
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from distributed import Client
from typer.testing import CliRunner

from api.cli import app
from graph.extract import Extractor
from graph.ingest import ingest, read_sources
from graph.ingest_dask import dask_client, ingest_distributed
from graph.model import Document, Extraction
from graph.store import open_store
from graph.store.base import StoreConfig
from tests.configs import memory_config
from tests.conftest import REPO, SEEDS
from tests.fixtures.bolt_server import clear_graph

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


class Remembering:
    """The real extractor, remembering its results: the second store's reference ingest
    runs the same single-process code without paying for extraction twice."""

    def __init__(self) -> None:
        self.extractor = Extractor()
        self.model_name = self.extractor.model_name
        self.seen: dict[str, Extraction] = {}

    def extract(self, document: Document) -> Extraction:
        if document.id not in self.seen:
            self.seen[document.id] = self.extractor.extract(document)
        return self.seen[document.id]

    def extract_many(self, documents: Iterable[Document]) -> Iterator[Extraction]:
        docs = list(documents)
        new = [d for d in docs if d.id not in self.seen]
        for doc, ex in zip(new, self.extractor.extract_many(new), strict=True):
            self.seen[doc.id] = ex
        return iter([self.seen[d.id] for d in docs])


@pytest.fixture(scope="module")
def extractor() -> Remembering:
    return Remembering()


_REFERENCE: dict[str, tuple[dict[str, object], int]] = {}


def reference(
    config: StoreConfig, inputs: list[str], extractor: Remembering, request: pytest.FixtureRequest
) -> dict[str, object]:
    """The graph a single-process ingest of `inputs` leaves, once per store kind.

    Built in a fresh store like `config` (a Bolt server is emptied again afterwards).
    """
    kind = config.kind
    if kind not in _REFERENCE:
        if kind == "memory":
            config = replace(config, memory_path=config.memory_path + ".reference")
        store = open_store(config)
        try:
            report = ingest(store, read_sources(inputs), extractor, chunk_size=8)
            _REFERENCE[kind] = (store.export_json(), report.created)
        finally:
            store.close()
    if kind == "neo4j":
        clear_graph(request.getfixturevalue("bolt_server"))
    graph, created = _REFERENCE[kind]
    assert created == N_DOCS + 2  # the seeds and every readable corpus line
    return graph


def graph_of(config: StoreConfig) -> dict[str, object]:
    store = open_store(config)
    try:
        return store.export_json()
    finally:
        store.close()


def configs(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> StoreConfig:
    """A fresh empty store's config: a memory file, or the Bolt test server cleared."""
    if kind == "memory":
        return memory_config(tmp_path / "graph.sqlite")
    config = request.getfixturevalue("bolt_config")
    assert isinstance(config, StoreConfig)
    return config


@pytest.mark.parametrize("kind", ["memory", "bolt"])
def test_distributed_ingest_equals_single_process(
    kind: str,
    inputs: list[str],
    cluster: Client,
    extractor: Remembering,
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    config = configs(kind, tmp_path, request)
    expected = reference(config, inputs, extractor, request)
    store = open_store(config)
    try:
        summary = ingest_distributed(
            cluster, store, config, read_sources(inputs), model=extractor.model_name,
            partition_size=3, save_every=0,
        )  # fmt: skip
    finally:
        store.close()
    assert summary.workers == 2
    assert (summary.created, summary.extracted, summary.skipped) == (N_DOCS + 2, N_DOCS + 2, 0)
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
    cluster: Client,
    extractor: Remembering,
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    config = configs(kind, tmp_path, request)
    expected = reference(config, inputs, extractor, request)

    job = _cli(inputs, config)
    deadline = time.monotonic() + 240
    while _stored(config) == 0 and job.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(job.pid, signal.SIGKILL)  # the client and its LocalCluster, mid-job
    _, errors = job.communicate(timeout=30)
    assert "Traceback" not in errors
    at_kill = _stored(config)
    assert 0 < at_kill < N_DOCS + 2, "the job was not caught halfway"

    store = open_store(config)
    try:  # the same input again, on the module's cluster
        summary = ingest_distributed(
            cluster, store, config, read_sources(inputs), model=extractor.model_name
        )
    finally:
        store.close()
    assert (summary.skipped, summary.created) == (at_kill, N_DOCS + 2 - at_kill)
    assert summary.extracted == N_DOCS + 2 - at_kill  # nothing stored was extracted again
    assert graph_of(config) == expected


def test_the_command_on_an_existing_cluster(cluster: Client, tmp_path: Path) -> None:
    """`--cluster ADDRESS` runs the job on a standing cluster; a second run skips it all."""
    env = {"GEOKG_STORE": "memory", "GEOKG_MEMORY_PATH": str(tmp_path / "graph.sqlite")}
    address = str(cluster.scheduler.address)  # type: ignore[union-attr]
    args = ["ingest", str(SEEDS), "--cluster", address, "--format", "json", "--save-every", "0"]
    first = CliRunner().invoke(app, args, env=env)
    assert first.exit_code == 0, first.output
    summary = json.loads(first.stdout)
    assert (summary["workers"], summary["created"], summary["extracted"]) == (2, 2, 2)
    assert summary["words"] > 500 and summary["failures"] == []
    again = json.loads(CliRunner().invoke(app, args, env=env).stdout)
    assert (again["created"], again["skipped"], again["extracted"]) == (0, 2, 0)
    assert "skipped 2 (already stored)" in CliRunner().invoke(app, args[:-4], env=env).stderr
