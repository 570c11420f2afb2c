"""The explorer page in a real headless Chromium against a live geokg service.

`explorer_url` (module, once per store kind) ingests `seeds/` through the real
extractor into a fresh store (embedded, then Bolt on the test server) and serves
it with `create_app` on a free loopback port. `crowd_url` serves a made-up
200-entity neighbourhood (`crowd.py`), `keyed_url` the small sample graph with
reads behind a key and `ended_url` a membership that ended (`tests.api.test_time`),
all written through the store API into an embedded store.
`page` (function) opens a browser tab and fails the test on any console error or
uncaught page error. Debian's `chromium` must be on PATH (`scripts/install-browser.sh`).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, sync_playwright

from api.app import create_app
from api.settings import Settings
from graph.extract import Extractor
from graph.ingest import ingest, read_sources
from graph.model import Extraction
from graph.store import open_store
from tests.api.live import LiveServer
from tests.api.sample import sample_extractions
from tests.web.crowd import crowd_extractions

__all__ = ["READ_KEY", "SCREENSHOTS", "ConsoleLog", "Screenshot"]

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-output"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
READ_KEY = "reader-key"

Screenshot = Callable[[str], None]


class ConsoleLog:
    """Console errors and page errors seen in one tab."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.allowed: list[str] = []  # substrings a test expects (e.g. a deliberate 404)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text} at {message.location}")

    def on_page_error(self, error: Exception) -> None:
        self.errors.append(f"page error: {error}")

    def unexpected(self) -> list[str]:
        return [e for e in self.errors if not any(a in e for a in self.allowed)]


def _settings(kind: str, request: pytest.FixtureRequest) -> Settings:
    if kind == "memory":
        folder = request.getfixturevalue("tmp_path_factory").mktemp("web")
        return Settings(store="memory", memory_path=str(folder / "graph.sqlite"))
    from tests.fixtures.bolt_server import clear_graph

    server = request.getfixturevalue("bolt_server")
    server.start()
    clear_graph(server)
    return Settings(
        store="neo4j",
        neo4j_uri=server.uri,
        neo4j_user=server.user,
        neo4j_password=server.password,
        neo4j_database=server.database,
    )


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(Settings().spacy_model)


@pytest.fixture(scope="module", params=["memory", "neo4j"])
def explorer_url(
    request: pytest.FixtureRequest, seeds_dir: Path, extractor: Extractor
) -> Iterator[str]:
    """The page served over the seeds, on the embedded store and on the Bolt store."""
    settings = _settings(request.param, request)
    store = open_store(settings.store_config())
    try:
        report = ingest(store, read_sources([str(seeds_dir)]), extractor)
    finally:
        store.close()
    assert report.created >= 2 and not report.failures, report.to_json()
    with LiveServer(create_app(settings, extractor=extractor)) as server:
        yield server.url


def _serve(extractions: list[Extraction], settings: Settings, extractor: Extractor) -> LiveServer:
    """A live server over a store holding `extractions` (written through the store API)."""
    store = open_store(settings.store_config())
    try:
        store.upsert_many(extractions)
    finally:
        store.close()
    return LiveServer(create_app(settings, extractor=extractor))


@pytest.fixture(scope="module")
def crowd_url(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor) -> Iterator[str]:
    """The page over a graph where one entity has 199 neighbours."""
    path = tmp_path_factory.mktemp("crowd") / "graph.sqlite"
    settings = Settings(store="memory", memory_path=str(path))
    with _serve(crowd_extractions(), settings, extractor) as server:
        yield server.url


@pytest.fixture(scope="module")
def keyed_url(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor) -> Iterator[str]:
    """The page over the sample graph, reads needing the key READ_KEY."""
    path = tmp_path_factory.mktemp("keyed") / "graph.sqlite"
    settings = Settings(
        store="memory", memory_path=str(path), api_keys=READ_KEY, read_requires_key=True
    )
    with _serve(sample_extractions(), settings, extractor) as server:
        yield server.url


@pytest.fixture(scope="module")
def ended_url(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor) -> Iterator[str]:
    """The page over Armenia's CSTO membership (2021, frozen 2024-02-23) and Russia's
    (stated 2022-01-01, never ended)."""
    from tests.api.test_time import FROZEN, JOINED, STILL_MEMBER

    path = tmp_path_factory.mktemp("ended") / "graph.sqlite"
    settings = Settings(store="memory", memory_path=str(path))
    with _serve([JOINED, FROZEN, STILL_MEMBER], settings, extractor) as server:
        yield server.url


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not on PATH: run scripts/install-browser.sh")
    browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def console() -> ConsoleLog:
    return ConsoleLog()


@pytest.fixture
def page(browser: Browser, console: ConsoleLog) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1480, "height": 940})
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.on("console", console.on_console)
    tab.on("pageerror", console.on_page_error)
    SCREENSHOTS.mkdir(exist_ok=True)
    yield tab
    context.close()
    assert not console.unexpected(), "\n".join(console.unexpected())


@pytest.fixture
def screenshot(request: pytest.FixtureRequest, page: Page) -> Screenshot:
    """`screenshot("explorer")` saves test-output/explorer-<store kind>.png."""
    callspec = getattr(request.node, "callspec", None)
    kind = callspec.params.get("explorer_url", "memory") if callspec else "memory"

    def take(name: str) -> None:
        page.screenshot(path=SCREENSHOTS / f"{name}-{kind}.png")

    return take
