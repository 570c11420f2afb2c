"""The explorer page, driven like an analyst would in a real Chromium over the seeds.

What the page shows is checked against what the API answers for the same graph,
so the test follows the extractor's output instead of fixing names of its own.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

import httpx
from playwright.sync_api import Locator, Page, expect

from tests.web.conftest import ConsoleLog, Screenshot

# A real mouse click needs a point of the element that nothing else covers.
_FREE_POINT = """([el, part]) => {
  const target = el.querySelector(part) || el;
  const m = target.getScreenCTM();
  const toScreen = (p) => ({ x: m.a * p.x + m.c * p.y + m.e, y: m.b * p.x + m.d * p.y + m.f });
  let points;
  if (target.getTotalLength) {
    const len = target.getTotalLength();
    points = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8].map((f) => target.getPointAtLength(len * f));
  } else {
    const b = target.getBBox();
    points = [{ x: b.x + b.width / 2, y: b.y + b.height / 2 }];
  }
  for (const p of points.map(toScreen)) {
    const hit = document.elementFromPoint(p.x, p.y);
    if (hit && el.contains(hit)) return p;
  }
  return null;
}"""


def click_svg(page: Page, locator: Locator, part: str) -> None:
    """Click `locator` (an SVG group) with the mouse on an uncovered point of its `part`."""
    locator.scroll_into_view_if_needed()
    point = page.evaluate(_FREE_POINT, [locator.element_handle(), part])
    assert point is not None, f"every point of {locator} is covered by something else"
    page.mouse.click(point["x"], point["y"])


def api(base: str, path: str, **params: Any) -> Any:
    response = httpx.get(base + path, params=params, timeout=10)
    response.raise_for_status()
    return response.json()


def node(page: Page, entity_id: str) -> Locator:
    return page.locator(f'#nodes g.node[data-id="{entity_id}"]')


def confidences(edges: Locator) -> list[float]:
    return [float(c) for c in edges.evaluate_all("els => els.map(e => e.dataset.confidence)")]


def set_min_confidence(page: Page, value: float) -> float:
    """Move the slider as a user would (input event); returns the value it settled on."""
    settled = page.locator("#min-confidence").evaluate(
        """(el, v) => { el.value = String(v); el.dispatchEvent(new Event("input"));
                        return Number(el.value); }""",
        value,
    )
    expect(page.locator("#min-confidence-value")).to_have_text(f"{settled:.2f}")
    return float(settled)


def drawn_ids(page: Page) -> set[str]:
    return set(page.locator("#nodes g.node").evaluate_all("els => els.map(e => e.dataset.id)"))


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
    expect(node(page, csto["id"])).to_be_visible()
    assert drawn_ids(page) == {n["id"] for n in neighbours["nodes"]}
    expect(page.locator("#node-list")).to_contain_text(csto["name"])
    expect(page).to_have_url(re.compile(re.escape(f"focus={quote(kaz['id'], safe='')}")))
    expect(page.locator("#details")).to_contain_text("Centrality rank")

    # The Kazakhstan-CSTO edge: its evidence sentences, mentions highlighted.
    edge = page.locator(
        f'#edges g.edge[data-source="{kaz["id"]}"][data-target="{csto["id"]}"]'
    ).first
    relation_type = edge.get_attribute("data-type")
    click_svg(page, edge, "path.line")
    relation = api(
        explorer_url, "/relations", source=kaz["id"], target=csto["id"], type=relation_type
    )["items"][0]
    quotes = page.locator("#evidence blockquote")
    expect(quotes).to_have_count(len(relation["evidence"]))
    for shown, evidence in zip(quotes.all_inner_texts(), relation["evidence"], strict=True):
        assert shown.split() == evidence["text"].split()
    assert page.locator("#evidence mark").count() >= 2
    expect(page.locator("#evidence")).to_contain_text(f"{relation['confidence']:.2f}")
    screenshot("explorer-evidence")

    # Expanding CSTO merges its neighbours into the drawing.
    before = drawn_ids(page)
    click_svg(page, node(page, csto["id"]), ".mark")
    expect(page.locator("#details .entity-name")).to_have_text(csto["name"])
    csto_side = {n["id"] for n in api(explorer_url, f"/entities/{csto['id']}/neighbors")["nodes"]}
    for entity_id in sorted(csto_side - before):
        expect(node(page, entity_id)).to_be_visible()
    assert drawn_ids(page) == before | csto_side

    # Filters: a minimum confidence and a hidden relation type apply to the drawing.
    edges = page.locator("#edges g.edge")
    every = confidences(edges)
    threshold = set_min_confidence(page, (min(every) + max(every)) / 2)
    kept = confidences(edges)
    assert min(kept) >= threshold
    assert len(kept) == sum(c >= threshold for c in every)
    set_min_confidence(page, 0.0)
    expect(edges).to_have_count(len(every))
    page.locator(f"#type-{relation_type}").uncheck()
    expect(page.locator(f'#edges g.edge[data-type="{relation_type}"]')).to_have_count(0)
    page.locator(f"#type-{relation_type}").check()
    expect(edges).to_have_count(len(every))

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
    expect(page.locator("#edges g.edge.on-path")).to_have_count(len(expected[0]["relations"]))
    assert len(expected[0]["relations"]) >= 2
    screenshot("explorer")


def test_deep_link_draws_the_focus(page: Page, explorer_url: str, screenshot: Screenshot) -> None:
    person = api(explorer_url, "/analytics/centrality", type="Person", limit=1)["items"][0]
    page.goto(f"{explorer_url}/?focus={quote(person['id'], safe='')}")
    expect(page.locator("#details .entity-name")).to_have_text(person["name"])
    neighbours = api(explorer_url, f"/entities/{person['id']}/neighbors")["nodes"]
    for n in neighbours:
        expect(node(page, n["id"])).to_be_visible()
        expect(page.locator("#node-list")).to_contain_text(n["name"])
    expect(node(page, person["id"])).to_have_attribute("aria-label", re.compile(person["name"]))
    # Nodes work from the keyboard too; the address follows the focus.
    other = next(n for n in neighbours if n["id"] != person["id"] and n["name"] != "Kazakhstan")
    node(page, other["id"]).focus()
    page.keyboard.press("Enter")
    expect(page.locator("#details .entity-name")).to_have_text(other["name"])
    expect(page).to_have_url(re.compile(re.escape(f"focus={quote(other['id'], safe='')}")))
    # A new search is a new history entry; Back redraws the previous focus.
    page.get_by_role("combobox", name="Search entities").fill("Kazakhstan")
    expect(page.locator("#suggestions [role=option]").first).to_contain_text("Kazakhstan")
    page.keyboard.press("Enter")
    expect(page.locator("#details .entity-name")).to_have_text("Kazakhstan")
    page.go_back()
    expect(page.locator("#details .entity-name")).to_have_text(other["name"])
    other_side = api(explorer_url, f"/entities/{other['id']}/neighbors")["nodes"]
    expect(page.locator("#nodes g.node")).to_have_count(len(other_side))
    screenshot("explorer-deep-link")


def test_unknown_focus_is_reported_in_the_page(
    page: Page, explorer_url: str, console: ConsoleLog
) -> None:
    console.allowed.append("404")  # the browser logs the failed request itself
    page.goto(f"{explorer_url}/?focus=country%3AXXX")
    expect(page.get_by_role("alert")).to_contain_text("Not Found")
    expect(page.locator("#nodes g.node")).to_have_count(0)
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
    for bad in ["/static/missing.js", "/static/.hidden.js", "/static/..%2Fsettings.py"]:
        answer = httpx.get(explorer_url + bad, timeout=10)
        assert answer.status_code == 404, bad
        assert answer.headers["content-type"].startswith("application/problem+json"), bad
    schema_paths = httpx.get(explorer_url + "/openapi.json", timeout=10).json()["paths"]
    assert "/" not in schema_paths and not any(p.startswith("/static") for p in schema_paths)
