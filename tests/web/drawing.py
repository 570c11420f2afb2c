"""Reading and driving the explorer's drawing from a Playwright test.

The drawing is a Cytoscape.js canvas, so a test asks the page's instance
(`window.geokg.cy`) where things are, then uses the real mouse and keyboard there.
Points and boxes are in CSS pixels of the viewport.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

__all__ = [
    "Box",
    "click_edge",
    "click_node",
    "cy",
    "drawn_ids",
    "frame",
    "label_boxes",
    "marks",
    "overlaps",
    "viewport",
]

Box = dict[str, Any]  # x1, y1, x2, y2 (and the element id for labels)

# Helpers defined once per call: the frame's offset and a sampled edge curve.
_PRELUDE = """
const cy = window.geokg.cy;
const rect = cy.container().getBoundingClientRect();
const page = (p) => ({ x: rect.left + p.x, y: rect.top + p.y });
const curve = (e) => {  // points along an edge (a quadratic curve through its midpoint)
  const a = e.renderedSourceEndpoint(), b = e.renderedTargetEndpoint(), m = e.renderedMidpoint();
  const c = { x: 2 * m.x - (a.x + b.x) / 2, y: 2 * m.y - (a.y + b.y) / 2 };
  return (f) => ({ x: (1 - f) ** 2 * a.x + 2 * (1 - f) * f * c.x + f * f * b.x,
                   y: (1 - f) ** 2 * a.y + 2 * (1 - f) * f * c.y + f * f * b.y });
};
"""

_EDGE_POINT = (
    "([source, target, type]) => {"
    + _PRELUDE
    + """
  const edge = cy.edges().not(".filtered").filter((e) => e.data("source") === source
    && e.data("target") === target && e.data("type") === type)[0];
  if (!edge) return null;
  const near = (p, q, d) => Math.hypot(p.x - q.x, p.y - q.y) < d;
  const others = cy.edges().not(".filtered").not(edge).map(curve);
  const marks = cy.nodes().not(".filtered")
    .map((n) => n.renderedBoundingBox({ includeLabels: false }));
  const clear = (p) => p.x > 0 && p.y > 0 && p.x < cy.width() && p.y < cy.height()
    && marks.every((b) => p.x < b.x1 - 4 || p.x > b.x2 + 4 || p.y < b.y1 - 4 || p.y > b.y2 + 4)
    && others.every((at) => [...Array(41).keys()].every((i) => !near(at(i / 40), p, 8)));
  const along = curve(edge);
  for (const f of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.35, 0.65, 0.25, 0.75]) {
    if (clear(along(f))) return page(along(f));
  }
  return null;
}"""
)

_LABELS = (
    "() => {"
    + _PRELUDE
    + """
  return cy.elements().not(".filtered").not(".quiet").map((e) => {
    const b = e.renderedBoundingBox({ includeNodes: false, includeEdges: false,
                                      includeLabels: true, includeOverlays: false });
    return { id: e.id(), x1: rect.left + b.x1, x2: rect.left + b.x2,
             y1: rect.top + b.y1, y2: rect.top + b.y2 };
  }).filter((b) => b.x2 > b.x1);
}"""
)


def cy(page: Page, script: str, arg: Any = None) -> Any:
    """Evaluate `script` (a function of `cy` and `arg`) against the page's drawing."""
    return page.evaluate(f"(arg) => ({script})(window.geokg.cy, arg)", arg)


def drawn_ids(page: Page) -> set[str]:
    return set(cy(page, 'c => c.nodes().not(".filtered").map(n => n.id())'))


def viewport(page: Page) -> dict[str, float]:
    """The drawing's zoom level and pan (screen offset of the model origin)."""
    return dict(cy(page, "c => ({ zoom: c.zoom(), ...c.pan() })"))


def frame(page: Page) -> Box:
    """The drawing's frame on the page."""
    b = page.locator("#graph").bounding_box()
    assert b is not None
    return {"x1": b["x"], "y1": b["y"], "x2": b["x"] + b["width"], "y2": b["y"] + b["height"]}


def marks(page: Page) -> dict[str, dict[str, float]]:
    """The centre of every drawn node's mark, by entity id."""
    script = "return cy.nodes().not('.filtered').map(n => [n.id(), page(n.renderedPosition())]); }"
    return dict(page.evaluate("() => {" + _PRELUDE + script))


def click_node(page: Page, entity_id: str) -> None:
    """Click a node's mark with the mouse."""
    page.locator("#graph").scroll_into_view_if_needed()
    point = marks(page)[entity_id]
    page.mouse.click(point["x"], point["y"])


def click_edge(page: Page, source: str, target: str, type_: str) -> None:
    """Click a drawn edge with the mouse, on a point no node or other edge is near."""
    page.locator("#graph").scroll_into_view_if_needed()
    point = page.evaluate(_EDGE_POINT, [source, target, type_])
    assert point is not None, f"no free point on {source} {type_} {target}"
    page.mouse.click(point["x"], point["y"])


def label_boxes(page: Page) -> list[Box]:
    """The box of every label shown (not quieted) in the drawing."""
    return list(page.evaluate(_LABELS))


def overlaps(a: Box, b: Box, tolerance: float) -> bool:
    """Whether two boxes share more than `tolerance` px in both directions."""
    return bool(
        min(a["x2"], b["x2"]) - max(a["x1"], b["x1"]) > tolerance
        and min(a["y2"], b["y2"]) - max(a["y1"], b["y1"]) > tolerance
    )
