// Labels that never overlap: each pass shows the labels that fit in the frame, most
// important first, each node's name below, above, right or left of its mark, and quiets the
// rest until zooming in makes room (hovering a node shows its name anyway).

import { drawn } from "./graph.js";

// Always shown: what the user is looking at.
const PINNED = ".focus, .selected, .on-path, .hover";
const SLACK = 1; // px two boxes may share before they count as overlapping
export const SIDES = ["bottom", "top", "right", "left"]; // a node label's places, best first
export const GAP = 3; // px between a mark and its name (view.js styles the margins)

function overlaps(a, b) {
  return a.x1 < b.x2 - SLACK && b.x1 < a.x2 - SLACK && a.y1 < b.y2 - SLACK && b.y1 < a.y2 - SLACK;
}

/** A label's box in screen pixels, as drawn (the label is laid out even while quiet). */
export function labelBox(ele) {
  return ele.renderedBoundingBox({
    includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false,
  });
}

function box(x1, y1, w, h) {
  return { x1, y1, x2: x1 + w, y2: y1 + h, w, h };
}

function sideOf(node) {
  return SIDES.find((side) => node.hasClass(`label-${side}`)) || "bottom";
}

/** How far from a node's centre the near edge of its label box is (same on every side). */
function reach(node, now) {
  const c = node.renderedPosition();
  switch (sideOf(node)) {
    case "top": return c.y - now.y2;
    case "right": return now.x1 - c.x;
    case "left": return c.x - now.x2;
    default: return now.y1 - c.y;
  }
}

/** The box a node's label of `w` x `h` px takes on `side`, its near edge `d` from the centre. */
function sideBox(node, side, w, h, d) {
  const c = node.renderedPosition();
  switch (side) {
    case "top": return box(c.x - w / 2, c.y - d - h, w, h);
    case "right": return box(c.x + d, c.y - h / 2, w, h);
    case "left": return box(c.x - d - w, c.y - h / 2, w, h);
    default: return box(c.x - w / 2, c.y + d, w, h);
  }
}

function rank(ele) {
  if (ele.is(PINNED)) return 0;
  if (ele.isNode()) return 1;
  return ele.connectedNodes(".selected").length ? 2 : 3;
}

function weight(ele) {
  return ele.isNode() ? ele.degree(false) : ele.data("evidence_count") || 0;
}

function byImportance(a, b) {
  return rank(a) - rank(b) || weight(b) - weight(a) || (a.id() < b.id() ? -1 : 1);
}

/** The spots a label may take: one per side for a node, its midpoint for an edge. */
function candidates(ele) {
  const now = labelBox(ele); // where it is drawn now
  if (!(now.w > 0)) return [];
  if (!ele.isNode()) return [{ side: null, box: now }];
  const d = reach(ele, now);
  return SIDES.map((side) => ({ side, box: sideBox(ele, side, now.w, now.h, d) }));
}

/**
 * Show every label that covers no mark of another node and no label shown before
 * it; returns how many labels are shown and how many are quiet.
 */
export function declutter(cy) {
  const shown = drawn(cy.elements());
  const marks = shown.nodes().map((n) => ({
    id: n.id(), box: n.renderedBoundingBox({ includeLabels: false, includeOverlays: false }),
  }));
  const inside = (b) => b.x1 >= 0 && b.y1 >= 0 && b.x2 <= cy.width() && b.y2 <= cy.height();
  const placed = [];
  const sides = new Map(); // node -> side of its shown label
  const quiet = [];
  for (const ele of shown.toArray().sort(byImportance)) {
    const spots = candidates(ele);
    if (!spots.length) continue;
    const own = ele.isNode() ? ele.id() : null;
    const free = (b) => inside(b) && !placed.some((p) => overlaps(p, b))
      && !marks.some((m) => m.id !== own && overlaps(m.box, b));
    const spot = spots.find((s) => free(s.box)) || (rank(ele) === 0 ? spots[0] : null);
    if (!spot) { quiet.push(ele); continue; }
    placed.push(spot.box);
    if (ele.isNode()) sides.set(ele, spot.side);
  }
  cy.batch(() => {
    shown.removeClass("quiet");
    for (const ele of quiet) ele.addClass("quiet");
    for (const [node, side] of sides) {
      for (const s of SIDES) node.toggleClass(`label-${s}`, s === side && s !== "bottom");
    }
  });
  return { shown: placed.length, quiet: quiet.length };
}
