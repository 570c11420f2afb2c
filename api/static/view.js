// The drawing: Cytoscape.js with the fCoSE force layout (both vendored, see
// vendor/README.md). Marks and text keep their screen size while zooming, so
// zooming in spreads the nodes apart and makes room for more labels.

import { SYMMETRIC, drawn, edgeWidth, typeStyle } from "./graph.js";
import { GAP, declutter } from "./labels.js";

const { cytoscape, cytoscapeFcose } = window;
cytoscape.use(cytoscapeFcose);

/** Node size in screen px: smaller in crowded drawings, to leave room for names. */
const markSize = (nodes) => Math.max(14, Math.min(24, 28 - nodes / 14));
const FIT_PAD = { x: 80, y: 40 }; // screen px around the nodes' centres: names are wide
const MAX_FIT_ZOOM = 2.5; // two nodes are not pushed to the far corners
const SANS = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif';
const MONO = "ui-monospace, monospace";
const INK = "#1d2430";
const LINE = "#9aa3b0";
const ACCENT = "#d6336c";
const PATH = "#f0a500";

/**
 * The stylesheet at `scale` = 1 / zoom: sizes are given in screen pixels. A new
 * stylesheet per zoom step (rather than style functions) makes Cytoscape redo
 * every cached label texture.
 */
function stylesheet(scale, mark) {
  const px = (n) => n * scale;
  return [
    { selector: "node", style: {
      shape: (n) => typeStyle(n.data("type")).shape,
      "background-color": (n) => typeStyle(n.data("type")).color,
      width: px(mark), height: px(mark), "border-width": px(2), "border-color": "#ffffff",
      label: "data(name)", color: INK, "font-family": SANS, "font-size": px(12),
      "text-valign": "bottom", "text-margin-y": px(GAP), "text-wrap": "wrap",
      "text-max-width": px(130), "text-outline-color": "#fcfdff", "text-outline-width": px(1.5),
      // A light backing keeps a name legible where lines pass under it.
      "text-background-color": "#fcfdff", "text-background-opacity": 0.7,
      "text-background-padding": px(1),
      "min-zoomed-font-size": 0,
    } },
    // The other places labels.js may put a name (its box math follows these).
    { selector: "node.label-top", style: { "text-valign": "top", "text-margin-y": px(-GAP) } },
    { selector: "node.label-right", style: {
      "text-valign": "center", "text-halign": "right", "text-margin-y": 0, "text-margin-x": px(GAP),
    } },
    { selector: "node.label-left", style: {
      "text-valign": "center", "text-halign": "left", "text-margin-y": 0, "text-margin-x": px(-GAP),
    } },
    { selector: "edge", style: {
      width: (e) => edgeWidth(e.data("evidence_count")) * scale,
      "curve-style": "bezier", "control-point-step-size": px(34),
      "line-color": LINE, "target-arrow-color": LINE, "arrow-scale": 0.9,
      "target-arrow-shape": (e) => (SYMMETRIC.has(e.data("type")) ? "none" : "triangle"),
      label: "data(type)", color: "#3c4656", "font-family": MONO, "font-size": px(10),
      "text-background-color": "#fcfdff", "text-background-opacity": 0.9,
      "text-background-padding": px(1.5), "text-rotation": "none", "z-index": 1,
    } },
    // A relation that has ended (its `ended` says when) is drawn dashed.
    { selector: "edge.ended", style: {
      "line-style": "dashed", "line-dash-pattern": [px(6), px(4)],
    } },
    { selector: "node.focus", style: { "font-weight": "bold", "z-index": 10 } },
    { selector: "node.selected", style: {
      "border-color": ACCENT, "border-width": px(3.5), "z-index": 10,
    } },
    { selector: "node.on-path", style: { "border-color": PATH, "border-width": px(4.5) } },
    { selector: "edge.hover", style: { "line-color": "#4a5568", "target-arrow-color": "#4a5568" } },
    { selector: "edge.selected", style: {
      "line-color": ACCENT, "target-arrow-color": ACCENT, "z-index": 5,
    } },
    { selector: "edge.on-path", style: {
      "line-color": PATH, "target-arrow-color": PATH, color: "#9a6400", "font-weight": "bold",
      "z-index": 6,
    } },
    { selector: ".hover", style: { "z-index": 9 } },
    { selector: ".quiet", style: {
      "text-opacity": 0, "text-background-opacity": 0, "text-outline-opacity": 0,
    } },
    // Edges whose label shows are drawn over the others, so no line crosses the label.
    { selector: "edge.quiet", style: { "z-index": 0 } },
    { selector: ".filtered", style: { display: "none" } },
  ];
}

/** Around `anchor` (or the middle), spread evenly: where new nodes start their layout. */
function seedPositions(fresh, anchor) {
  const at = anchor ? anchor.position() : { x: 0, y: 0 };
  const r = 60 + 8 * fresh.length;
  return fresh.map((_, i) => {
    const a = (2 * Math.PI * i) / Math.max(fresh.length, 1) + 0.3;
    return { x: at.x + r * Math.cos(a), y: at.y + r * Math.sin(a) };
  });
}

/**
 * The graph view inside `container`; `onNode(id)` and `onEdge(data)` run on a click
 * (or tap). Returns the methods the page uses.
 */
export function createView(container, { onNode, onEdge }) {
  const cy = cytoscape({
    container, style: stylesheet(1, markSize(0)), minZoom: 0.05, maxZoom: 5,
    boxSelectionEnabled: false, autounselectify: true,
  });
  let scale = 1;
  let size = markSize(0);
  const rescale = (value) => {
    const next = markSize(drawn(cy.nodes()).length);
    if (Math.abs(value - scale) > 1e-6 || next !== size) cy.style(stylesheet(value, next));
    scale = value;
    size = next;
  };
  let pending = 0;
  const relabel = () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(() => {
      rescale(1 / cy.zoom());
      declutter(cy);
    });
  };
  cy.on("zoom resize", relabel);
  // Our own wheel zoom (about 18% a notch, around the pointer): Cytoscape's is much
  // slower and changing its sensitivity prints a warning. Captured before it sees it;
  // pinching on touch screens stays Cytoscape's.
  container.addEventListener("wheel", (event) => {
    event.preventDefault();
    event.stopPropagation();
    const unit = [1, 33, 800][event.deltaMode] || 1; // pixels, lines, pages
    const rect = container.getBoundingClientRect();
    zoomBy(Math.exp(-event.deltaY * unit * 0.002),
      { x: event.clientX - rect.left, y: event.clientY - rect.top });
  }, { capture: true, passive: false });
  cy.on("dragfree", "node", relabel);
  cy.on("tap", "node", (event) => onNode(event.target.id()));
  cy.on("tap", "edge", (event) => onEdge(event.target.data()));
  cy.on("mouseover", "node, edge", (event) => {
    event.target.addClass("hover");
    container.style.cursor = "pointer";
    declutter(cy);
  });
  cy.on("mouseout", "node, edge", (event) => {
    event.target.removeClass("hover");
    container.style.cursor = "";
    declutter(cy);
  });

  /** Make the drawing hold exactly `nodes` and `edges`; new nodes start near `anchorId`. */
  function sync(nodes, edges, anchorId) {
    const keep = new Set([...nodes.map((n) => n.id), ...edges.map((e) => e.id)]);
    cy.batch(() => {
      cy.elements().filter((ele) => !keep.has(ele.id())).remove();
      const fresh = nodes.filter((n) => cy.getElementById(n.id).empty());
      const anchor = anchorId ? cy.getElementById(anchorId) : null;
      const at = seedPositions(fresh, anchor && anchor.nonempty() ? anchor : null);
      cy.add(fresh.map((n, i) => ({ group: "nodes", data: n, position: at[i] })));
      for (const n of nodes) cy.getElementById(n.id).data(n);
      cy.add(edges.filter((e) => cy.getElementById(e.id).empty())
        .map((e) => ({ group: "edges", data: e })));
    });
  }

  /** Draw only the elements whose ids are in the set `ids` (filters hide the rest). */
  function showOnly(ids) {
    cy.batch(() => {
      cy.elements().forEach((ele) => { ele.toggleClass("filtered", !ids.has(ele.id())); });
    });
  }

  /** Set `cls` on exactly the elements whose ids are in `ids`. */
  function mark(cls, ids) {
    cy.batch(() => {
      cy.elements(`.${cls}`).removeClass(cls);
      for (const id of ids) if (id) cy.getElementById(id).addClass(cls);
    });
  }

  /**
   * Fit the nodes' centres into the frame, leaving screen room around them for
   * marks and names (a name that still does not fit is moved or quieted).
   */
  function fit() {
    const nodes = drawn(cy.nodes());
    if (nodes.empty()) return;
    const xs = nodes.map((n) => n.position("x"));
    const ys = nodes.map((n) => n.position("y"));
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const padX = Math.min(FIT_PAD.x, cy.width() / 8); // narrow frames: names flip inwards
    const zoom = Math.min(MAX_FIT_ZOOM,
      (cy.width() - 2 * padX) / Math.max(x1 - x0, 1),
      (cy.height() - 2 * FIT_PAD.y) / Math.max(y1 - y0, 1));
    cy.viewport({
      zoom,
      pan: { x: cy.width() / 2 - zoom * (x0 + x1) / 2, y: cy.height() / 2 - zoom * (y0 + y1) / 2 },
    });
    relabel();
  }

  /** Turn a wide drawing upright in a tall frame (a narrow window), and back. */
  function matchFrame() {
    const box = cy.nodes().boundingBox({ includeLabels: false });
    if (box.w > box.h === cy.width() > cy.height()) return;
    const cx = (box.x1 + box.x2) / 2;
    const cy0 = (box.y1 + box.y2) / 2;
    cy.nodes().positions((n) => {
      const p = n.position();
      return { x: cx - (p.y - cy0), y: cy0 + (p.x - cx) };
    });
  }

  /**
   * Force layout of everything in the drawing (filters do not move nodes), then fit.
   * It starts from the current positions (new nodes ring their anchor), so one graph
   * always gets one drawing; the strong repulsion spreads crowds evenly.
   */
  function layout() {
    if (cy.nodes().empty()) return;
    rescale(1); // the layout spaces nodes for their labels at their screen size
    cy.layout({
      name: "fcose", randomize: false, animate: false, fit: false,
      nodeDimensionsIncludeLabels: true, idealEdgeLength: () => 100,
      nodeRepulsion: () => 200000, nodeSeparation: 80, numIter: 2500, packComponents: true,
    }).run();
    matchFrame();
    fit();
  }

  /** Zoom by `factor` around `at` (screen px in the frame; default its middle). */
  function zoomBy(factor, at = { x: cy.width() / 2, y: cy.height() / 2 }) {
    const level = Math.min(Math.max(cy.zoom() * factor, cy.minZoom()), cy.maxZoom());
    cy.zoom({ level, renderedPosition: at });
  }

  function panBy(dx, dy) {
    cy.panBy({ x: dx, y: dy });
  }

  return { cy, sync, showOnly, mark, layout, fit, zoomBy, panBy, relabel };
}
