"""The explorer page, driven like an analyst would in a real Chromium over the seeds.

What the page shows is checked against what the API answers for the same graph,
so the test follows the extractor's output instead of fixing names of its own.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

import httpx
from playwright.sync_api import Page, expect

from tests.web.conftest import ConsoleLog, Screenshot
from tests.web.drawing import click_edge, click_node, cy, drawn_ids


def api(base: str, path: str, **params: Any) -> Any:
    response = httpx.get(base + path, params=params, timeout=10)
    response.raise_for_status()
    return response.json()


def confidences(page: Page) -> list[float]:
    return [
        float(c) for c in cy(page, 'c => c.edges().not(".filtered").map(e => e.data("confidence"))')
    ]


def wait_drawn(page: Page, ids: set[str]) -> None:
    """Wait until exactly `ids` are drawn."""
    page.wait_for_function(
        """(ids) => { const drawn = window.geokg.cy.nodes().not(".filtered").map(n => n.id());
                      return drawn.length === ids.length && ids.every(i => drawn.includes(i)); }""",
        arg=sorted(ids),
    )


def wait_count(page: Page, selector: str, count: int) -> None:
    """Wait until `count` elements of the drawing match the Cytoscape `selector`."""
    page.wait_for_function(
        "([sel, n]) => window.geokg.cy.elements(sel).not('.filtered').length === n",
        arg=[selector, count],
    )


def set_min_confidence(page: Page, value: float) -> float:
    """Move the slider as a user would (input event); returns the value it settled on."""
    settled = page.locator("#min-confidence").evaluate(
        """(el, v) => { el.value = String(v); el.dispatchEvent(new Event("input"));
                        return Number(el.value); }""",
        value,
    )
    expect(page.locator("#min-confidence-value")).to_have_text(f"{settled:.2f}")
    return float(settled)


def test_search_evidence_expand_filter_path(
    page: Page, explorer_url: str, screenshot: Screenshot
) -> None:
    kaz = api(explorer_url, "/entities", q="Kazakhstan", limit=1)["items"][0]
    csto = api(explorer_url, "/entities", q="CSTO", limit=1)["items"][0]
    assert kaz["name"] == "Kazakhstan" and csto["type"] == "Organisation"

    page.goto(explorer_url + "/")
    expect(page.locator("#empty-hint")).to_be_visible()
    page.get_by_role("combobox", name="Search entities").fill("Kazakhstan")
    expect(page.locator("#suggestions [role=option]").first).to_contain_text("Kazakhstan")
    page.keyboard.press("Enter")

    # The neighbourhood: every neighbour the API names is drawn, CSTO among them.
    neighbours = api(explorer_url, f"/entities/{kaz['id']}/neighbors")
    wait_drawn(page, {n["id"] for n in neighbours["nodes"]})
    expect(page.locator("#node-list")).to_contain_text(csto["name"])
    expect(page).to_have_url(re.compile(re.escape(f"focus={quote(kaz['id'], safe='')}")))
    expect(page.locator("#details")).to_contain_text("Centrality rank")

    # The Kazakhstan-CSTO edge, clicked in the drawing: its sentences, mentions highlighted.
    relation_type = cy(
        page,
        "(c, [s, t]) => c.edges().filter(e => e.data('source') === s"
        " && e.data('target') === t)[0].data('type')",
        [kaz["id"], csto["id"]],
    )
    click_edge(page, kaz["id"], csto["id"], relation_type)
    relation = api(
        explorer_url,
        "/relations",
        source=kaz["id"],
        target=csto["id"],
        type=relation_type,
        evidence_limit=20,  # as many as the page asks for (api.js MAX_EVIDENCE)
    )["items"][0]
    quotes = page.locator("#evidence blockquote")
    expect(quotes).to_have_count(len(relation["evidence"]))
    for shown, evidence in zip(quotes.all_inner_texts(), relation["evidence"], strict=True):
        assert shown.split() == evidence["text"].split()
    assert page.locator("#evidence mark").count() >= 2
    expect(page.locator("#evidence")).to_contain_text(f"{relation['confidence']:.2f}")
    screenshot("explorer-kazakhstan")

    # Expanding CSTO (a click on its mark) merges its neighbours into the drawing.
    before = drawn_ids(page)
    click_node(page, csto["id"])
    expect(page.locator("#details .entity-name")).to_have_text(csto["name"])
    csto_side = {n["id"] for n in api(explorer_url, f"/entities/{csto['id']}/neighbors")["nodes"]}
    wait_drawn(page, before | csto_side)

    # Filters: a minimum confidence and a hidden relation type apply to the drawing.
    every = confidences(page)
    threshold = set_min_confidence(page, (min(every) + max(every)) / 2)
    kept = confidences(page)
    assert min(kept) >= threshold
    assert len(kept) == sum(c >= threshold for c in every)
    set_min_confidence(page, 0.0)
    wait_count(page, "edge:not(.filtered)", len(every))
    page.locator(f"#type-{relation_type}").uncheck()
    wait_count(page, f'edge[type = "{relation_type}"]:not(.filtered)', 0)
    page.locator(f"#type-{relation_type}").check()
    wait_count(page, "edge:not(.filtered)", len(every))

    # A shortest path between Kazakhstan and an entity two hops away.
    near = {n["id"] for n in neighbours["nodes"]}
    far = sorted(csto_side - near)[0]
    far_name = api(explorer_url, f"/entities/{far}")["name"]
    expected = api(explorer_url, "/paths", source=kaz["id"], target=far, max_hops=6)["paths"]
    page.locator(f'#node-list button[data-id="{kaz["id"]}"]').click()
    expect(page.locator("#details .entity-name")).to_have_text("Kazakhstan")
    page.get_by_role("button", name="Path from here").click()
    page.locator(f'#node-list button[data-id="{far}"]').click()
    expect(page.locator("#details .entity-name")).to_have_text(far_name)
    page.get_by_role("button", name="Path to here").click()
    page.get_by_role("button", name="Find path").click()
    steps = page.locator("#path-result .path-steps li")
    expect(steps).to_have_count(len(expected[0]["nodes"]))
    expect(steps.first).to_contain_text("Kazakhstan")
    expect(steps.last).to_contain_text(far_name)
    wait_count(page, "edge.on-path:not(.filtered)", len(expected[0]["relations"]))
    assert len(expected[0]["relations"]) >= 2
    screenshot("explorer-path")


def test_deep_link_draws_the_focus(page: Page, explorer_url: str, screenshot: Screenshot) -> None:
    person = api(explorer_url, "/analytics/centrality", type="Person", limit=1)["items"][0]
    page.goto(f"{explorer_url}/?focus={quote(person['id'], safe='')}")
    expect(page.locator("#details .entity-name")).to_have_text(person["name"])
    neighbours = api(explorer_url, f"/entities/{person['id']}/neighbors")["nodes"]
    wait_drawn(page, {n["id"] for n in neighbours})
    for n in neighbours:
        expect(page.locator("#node-list")).to_contain_text(n["name"])
    # The drawn names work from the keyboard too; the address follows the focus.
    other = next(n for n in neighbours if n["id"] != person["id"] and n["name"] != "Kazakhstan")
    page.locator(f'#node-list button[data-id="{other["id"]}"]').focus()
    page.keyboard.press("Enter")
    expect(page.locator("#details .entity-name")).to_have_text(other["name"])
    expect(page).to_have_url(re.compile(re.escape(f"focus={quote(other['id'], safe='')}")))
    # So do its relations: each opens the evidence behind it.
    page.locator("#edge-list button").first.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#evidence blockquote").first).to_be_visible()
    # A new search is a new history entry; Back redraws the previous focus.
    page.get_by_role("combobox", name="Search entities").fill("Kazakhstan")
    expect(page.locator("#suggestions [role=option]").first).to_contain_text("Kazakhstan")
    page.keyboard.press("Enter")
    expect(page.locator("#details .entity-name")).to_have_text("Kazakhstan")
    page.go_back()
    expect(page.locator("#details .entity-name")).to_have_text(other["name"])
    other_side = api(explorer_url, f"/entities/{other['id']}/neighbors")["nodes"]
    wait_drawn(page, {n["id"] for n in other_side})
    screenshot("explorer-deep-link")


def test_unknown_focus_is_reported_in_the_page(
    page: Page, explorer_url: str, console: ConsoleLog
) -> None:
    console.allowed.append("404")  # the browser logs the failed request itself
    page.goto(f"{explorer_url}/?focus=country%3AXXX")
    expect(page.get_by_role("alert")).to_contain_text("Not Found")
    assert drawn_ids(page) == set()
    # The page stays usable after the error, from the keyboard alone.
    search = page.get_by_role("combobox", name="Search entities")
    search.fill("kazakstan")
    options = page.locator("#suggestions [role=option]")
    expect(options.first).to_contain_text("Kazakhstan")
    if options.count() > 1:  # arrows move the active option and wrap around
        page.keyboard.press("ArrowDown")
        expect(options.nth(1)).to_have_attribute("aria-selected", "true")
        page.keyboard.press("ArrowUp")
    expect(search).to_have_attribute("aria-activedescendant", "suggestion-0")
    page.keyboard.press("Enter")
    expect(page.locator("#details .entity-name")).to_have_text("Kazakhstan")
    expect(page.get_by_role("alert")).to_be_hidden()


def test_page_and_assets_are_served_locally(explorer_url: str) -> None:
    page = httpx.get(explorer_url + "/", timeout=10)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', page.text)
    assert any(a.endswith(".js") for a in assets) and any(a.endswith(".css") for a in assets)
    for asset in assets:
        assert httpx.get(explorer_url + asset, timeout=10).status_code == 200, asset
    assert "http" not in re.sub(r'xmlns="http://www\.w3\.org/2000/svg"', "", page.text)
    vendored = [a for a in assets if a.startswith("/static/vendor/")]
    assert len(vendored) == 4  # Cytoscape.js and the three files of its fCoSE layout
    for bad in [
        "/static/missing.js",
        "/static/.hidden.js",
        "/static/..%2Fsettings.py",
        "/static/vendor/missing.js",
        "/static/vendor/..%2Fapp.js",
        "/static/vendor/README.md",
    ]:
        answer = httpx.get(explorer_url + bad, timeout=10)
        assert answer.status_code == 404, bad
        assert answer.headers["content-type"].startswith("application/problem+json"), bad
    schema_paths = httpx.get(explorer_url + "/openapi.json", timeout=10).json()["paths"]
    assert "/" not in schema_paths and not any(p.startswith("/static") for p in schema_paths)
