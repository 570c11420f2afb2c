"""The explorer's drawing in a real Chromium: pan and zoom, a 200-entity
neighbourhood whose labels never overlap, a narrow window, reads behind a key."""

from __future__ import annotations

from itertools import combinations
from urllib.parse import quote

from playwright.sync_api import Page, expect

from tests.web.conftest import READ_KEY, ConsoleLog, Screenshot
from tests.web.crowd import CROWD_SIZE, HUB
from tests.web.drawing import (
    Box,
    click_node,
    cy,
    drawn_ids,
    frame,
    label_boxes,
    marks,
    overlaps,
    viewport,
)

KAZ = "country:KAZ"
TOLERANCE = 2.0  # px two shown labels may share (anti-aliased edges)


def open_focus(page: Page, base: str, entity_id: str, count: int | None = None) -> None:
    """Open the deep link of `entity_id` and wait until its drawing has settled."""
    page.goto(f"{base}/?focus={quote(entity_id, safe='')}")
    expect(page.locator("#details .entity-name")).not_to_be_empty()
    page.wait_for_function(
        "(n) => window.geokg.cy.nodes().not('.filtered').length >= (n || 2)", arg=count
    )
    page.wait_for_timeout(300)  # labels are sorted out on the next animation frame


def inside(box: Box, outer: Box) -> bool:
    return bool(
        box["x1"] >= outer["x1"] - 1
        and box["y1"] >= outer["y1"] - 1
        and box["x2"] <= outer["x2"] + 1
        and box["y2"] <= outer["y2"] + 1
    )


def assert_labels_readable(page: Page) -> list[Box]:
    """Every shown label lies in the frame and overlaps no other; returns them."""
    boxes = label_boxes(page)
    outer = frame(page)
    assert all(inside(b, outer) for b in boxes), [b for b in boxes if not inside(b, outer)]
    clashes = [(a["id"], b["id"]) for a, b in combinations(boxes, 2) if overlaps(a, b, TOLERANCE)]
    assert not clashes, clashes
    return boxes


def test_wheel_zooms_drag_pans_fit_restores(page: Page, explorer_url: str) -> None:
    open_focus(page, explorer_url, KAZ)
    fitted = viewport(page)
    box = frame(page)
    middle = ((box["x1"] + box["x2"]) / 2, (box["y1"] + box["y2"]) / 2)

    # The wheel zooms in around the pointer; names keep their size on screen.
    font = "c => c.getElementById('country:KAZ').pstyle('font-size').pfValue * c.zoom()"
    assert abs(cy(page, font) - 12) < 0.1
    page.mouse.move(*middle)
    page.mouse.wheel(0, -300)
    page.wait_for_function("(z) => window.geokg.cy.zoom() > z * 1.2", arg=fitted["zoom"])
    page.wait_for_timeout(300)
    zoomed = viewport(page)
    assert abs(cy(page, font) - 12) < 0.1
    assert_labels_readable(page)

    # Dragging the background pans by the distance dragged.
    corner = (box["x1"] + 12, box["y2"] - 12)
    assert all(abs(m["x"] - corner[0]) + abs(m["y"] - corner[1]) > 40 for m in marks(page).values())
    page.mouse.move(*corner)
    page.mouse.down()
    page.mouse.move(corner[0] + 120, corner[1] - 60, steps=8)
    page.mouse.up()
    panned = viewport(page)
    assert abs(panned["x"] - zoomed["x"] - 120) < 2 and abs(panned["y"] - zoomed["y"] + 60) < 2
    assert panned["zoom"] == zoomed["zoom"]

    # The buttons and keys zoom; Fit brings back the first view.
    page.get_by_role("button", name="Zoom out").click()
    assert viewport(page)["zoom"] < panned["zoom"]
    page.locator("#graph").focus()
    page.keyboard.press("+")
    page.keyboard.press("ArrowLeft")
    page.get_by_role("button", name="Fit the drawing").click()
    page.wait_for_timeout(300)
    refit = viewport(page)
    assert abs(refit["zoom"] - fitted["zoom"]) < 1e-6
    assert abs(refit["x"] - fitted["x"]) < 1 and abs(refit["y"] - fitted["y"]) < 1
    assert_labels_readable(page)


def test_two_hundred_nodes_stay_readable(
    page: Page, crowd_url: str, screenshot: Screenshot
) -> None:
    open_focus(page, crowd_url, HUB.id, CROWD_SIZE)
    assert len(drawn_ids(page)) == CROWD_SIZE
    outer = frame(page)
    for m in marks(page).values():
        assert outer["x1"] < m["x"] < outer["x2"] and outer["y1"] < m["y"] < outer["y2"]

    # No two shown labels overlap; a good share of the names is shown, the hub's too.
    boxes = assert_labels_readable(page)
    names = {b["id"] for b in boxes} & drawn_ids(page)
    assert HUB.id in names
    assert len(names) >= CROWD_SIZE // 4, len(names)
    screenshot("explorer-200-nodes")

    # Zooming in makes room: more names are shown, still none overlapping.
    page.locator("#graph").focus()
    for _ in range(3):
        page.keyboard.press("+")
    page.wait_for_timeout(400)
    closer = {b["id"] for b in assert_labels_readable(page)} & drawn_ids(page)
    shown_before = {n for n in names if n != HUB.id}
    assert len(closer) > 0 and closer - shown_before, "zooming in showed no new name"

    # Hovering a node whose name is quiet shows the name.
    page.get_by_role("button", name="Fit the drawing").click()
    page.wait_for_timeout(300)
    where = marks(page)
    quiet = cy(page, "c => c.nodes('.quiet').not('.filtered').map(n => n.id())")
    room = {
        i: {"x1": p["x"] - 30, "y1": p["y"] - 30, "x2": p["x"] + 30, "y2": p["y"] + 30}
        for i, p in where.items()
    }
    target = next(i for i in quiet if inside(room[i], outer))
    page.mouse.move(where[target]["x"], where[target]["y"])
    page.wait_for_function(
        "(id) => !window.geokg.cy.getElementById(id).hasClass('quiet')", arg=target
    )


def test_narrow_window_puts_the_panels_below(
    page: Page, explorer_url: str, screenshot: Screenshot
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    open_focus(page, explorer_url, KAZ)
    graph = frame(page)
    details = page.locator("#details").bounding_box()
    assert details is not None
    assert details["y"] >= graph["y2"], "the details panel is not below the drawing"
    assert graph["x2"] - graph["x1"] >= 390 - 40, "the drawing does not take the width"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    names = {b["id"] for b in assert_labels_readable(page)} & drawn_ids(page)
    assert len(names) >= len(drawn_ids(page)) // 2
    screenshot("explorer-narrow")
    # The drawing is usable by touch-sized clicks too.
    other = sorted(drawn_ids(page) - {KAZ})[0]
    click_node(page, other)
    expect(page.locator("#details .entity-name")).to_have_text(
        cy(page, "(c, id) => c.getElementById(id).data('name')", other)
    )


def test_medium_window_keeps_the_drawing_above_the_fold(page: Page, explorer_url: str) -> None:
    page.set_viewport_size({"width": 1000, "height": 760})
    open_focus(page, explorer_url, KAZ)
    graph = frame(page)
    details = page.locator("#details").bounding_box()
    assert details is not None
    assert graph["y2"] <= 760, "the drawing falls below the fold"
    assert details["x"] >= graph["x2"], "the details panel is not beside the drawing"
    assert graph["x2"] - graph["x1"] >= 560
    assert_labels_readable(page)


def test_reads_behind_a_key_ask_for_it(page: Page, keyed_url: str, console: ConsoleLog) -> None:
    console.allowed += ["401", "403"]  # the browser logs the refused requests itself
    page.goto(f"{keyed_url}/?focus={quote(KAZ, safe='')}")
    expect(page.get_by_role("alert")).to_contain_text("Unauthorized")
    expect(page.get_by_role("alert")).to_contain_text("API key")
    key = page.get_by_label("API key")
    expect(key).to_be_visible()
    expect(key).to_be_focused()

    key.fill("not-the-key")
    key.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Forbidden")

    key.fill(READ_KEY)
    key.press("Enter")
    expect(page.locator("#details .entity-name")).to_have_text("Kazakhstan")
    expect(page.get_by_role("alert")).to_be_hidden()
    assert page.evaluate("sessionStorage.getItem('geokg-api-key')") == READ_KEY
    # The key stays for the tab: a reload reads without asking again.
    page.reload()
    expect(page.locator("#details .entity-name")).to_have_text("Kazakhstan")
    expect(page.get_by_role("alert")).to_be_hidden()
    # Forgetting it asks again on the next read.
    page.get_by_role("button", name="Forget").click()
    page.reload()
    expect(page.get_by_role("alert")).to_contain_text("Unauthorized")
