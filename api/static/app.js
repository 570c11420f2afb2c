// The explorer: state of the drawing, rendering, and the page's controls.

import { api, clearError, items, showError } from "./api.js";
import {
  LabelSpace, NODE_TYPES, RELATION_TYPES, SYMMETRIC, edgeGeometry, edgeWidth, forceLayout,
  project, seedPositions, shape, svg, typeStyle,
} from "./graph.js";
import { el, pathText, showDetails, showEvidence } from "./panels.js";
import { initSearch } from "./search.js";

const state = {
  nodes: new Map(), // id -> {id, name, type, aliases, x, y}
  edges: new Map(), // "source|TYPE|target" -> Edge
  focus: null,
  selected: null,
  selectedEdge: null,
  pathFrom: null,
  pathTo: null,
  pathNodes: new Set(),
  pathEdges: new Set(),
  hiddenTypes: new Set(),
  minConfidence: 0,
  // Bumped per node / edge click, so a slow answer cannot overwrite a newer one.
  nodeClicks: 0,
  edgeClicks: 0,
};

const $ = (id) => document.getElementById(id);
const edgeKey = (e) => `${e.source}|${e.type}|${e.target}`;
const label = (id) => (state.nodes.get(id) || { name: id }).name;
const names = (id) => {
  const n = state.nodes.get(id) || {};
  return { name: n.name || id, aliases: n.aliases || [] };
};

function status(text) {
  $("status").textContent = text;
}

/** Report a failed action in the page; the page stays usable. */
function guard(action) {
  return (...args) => Promise.resolve()
    .then(() => action(...args))
    .catch((exc) => { showError(exc); status(""); });
}

function mergeNode(node) {
  const known = state.nodes.get(node.id);
  if (!known) { state.nodes.set(node.id, { aliases: [], ...node }); return; }
  known.name = node.name || known.name;
  known.type = node.type || known.type;
  if (node.aliases && node.aliases.length) known.aliases = node.aliases;
}

function mergeGraph(graph, anchorId) {
  (graph.nodes || []).forEach(mergeNode);
  for (const edge of graph.edges || graph.relations || []) state.edges.set(edgeKey(edge), edge);
  seedPositions([...state.nodes.values()], state.nodes.get(anchorId));
}

function relayout(fresh) {
  const nodes = [...state.nodes.values()];
  const links = new Map();
  for (const e of state.edges.values()) {
    const a = state.nodes.get(e.source);
    const b = state.nodes.get(e.target);
    if (a && b && a !== b) links.set([e.source, e.target].sort().join("|"), [a, b]);
  }
  forceLayout(nodes, [...links.values()], fresh ? 300 : 150, fresh ? 75 : 30);
}

function edgeVisible(e) {
  if (state.pathEdges.has(edgeKey(e))) return true;
  return !state.hiddenTypes.has(e.type) && e.confidence >= state.minConfidence;
}

function activate(target, handler) {
  target.addEventListener("click", handler);
  target.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") { event.preventDefault(); handler(); }
  });
}

function drawEdges(edges, nodes, pos) {
  const layer = $("edges");
  layer.replaceChildren();
  const space = new LabelSpace();
  for (const n of nodes) space.addNode(pos.get(n.id), n.name);
  const byPair = new Map();
  for (const e of edges) {
    const pair = [e.source, e.target].sort().join("|");
    if (!byPair.has(pair)) byPair.set(pair, []);
    byPair.get(pair).push(e);
  }
  for (const group of byPair.values()) {
    group.sort((a, b) => a.type.localeCompare(b.type));
    group.forEach((e, i) => {
      let bend = (i - (group.length - 1) / 2) * 30;
      if (e.source > e.target) bend = -bend; // one fan direction per pair
      const curve = edgeGeometry(pos.get(e.source), pos.get(e.target), bend);
      const { d } = curve;
      const at = space.place(curve.at, e.type);
      const key = edgeKey(e);
      const classes = ["edge"];
      if (state.pathEdges.has(key)) classes.push("on-path");
      if (state.selectedEdge === key) classes.push("selected");
      const g = svg("g", {
        class: classes.join(" "), tabindex: 0, role: "button",
        "data-source": e.source, "data-target": e.target, "data-type": e.type,
        "data-confidence": e.confidence,
        "aria-label": `${label(e.source)} ${e.type} ${label(e.target)}, confidence `
          + `${Number(e.confidence).toFixed(2)}, ${e.evidence_count} sentences: show evidence`,
      });
      const line = svg("path", { d, class: "line", "stroke-width": edgeWidth(e.evidence_count) });
      if (!SYMMETRIC.has(e.type)) line.setAttribute("marker-end", "url(#arrow)");
      const text = svg("text", { x: at.x.toFixed(1), y: at.y.toFixed(1), class: "edge-label" });
      text.textContent = e.type;
      g.append(svg("path", { d, class: "hit" }), line, text);
      activate(g, guard(() => selectEdge(e)));
      layer.append(g);
    });
  }
}

function drawNodes(nodes, pos) {
  const layer = $("nodes");
  const list = $("node-list");
  layer.replaceChildren();
  list.replaceChildren();
  for (const n of nodes) {
    const classes = ["node"];
    if (n.id === state.focus) classes.push("focus");
    if (n.id === state.selected) classes.push("selected");
    if (state.pathNodes.has(n.id)) classes.push("on-path");
    const g = svg("g", {
      class: classes.join(" "), transform: `translate(${pos.get(n.id).x.toFixed(1)},${pos.get(n.id).y.toFixed(1)})`,
      tabindex: 0, role: "button", "data-id": n.id, "data-type": n.type,
      "aria-label": `${n.name}, ${n.type}: show details and expand neighbours`,
    });
    const mark = shape(n.type);
    mark.setAttribute("fill", typeStyle(n.type).color);
    mark.setAttribute("class", "mark");
    const text = svg("text", { y: 30, class: "node-label" });
    text.textContent = n.name;
    g.append(mark, text);
    activate(g, guard(() => selectNode(n.id)));
    layer.append(g);

    const button = el("button", { type: "button", "data-id": n.id }, n.name,
      el("span", { className: "node-type", text: ` (${n.type})` }));
    button.addEventListener("click", guard(() => selectNode(n.id)));
    list.append(el("li", { className: classes.join(" ") }, button));
  }
}

/** Redraw from the state; no layout work, so filters feel instant. */
function render() {
  const edges = [...state.edges.values()].filter(edgeVisible)
    .filter((e) => state.nodes.has(e.source) && state.nodes.has(e.target));
  const shown = new Set([state.focus, state.selected, ...state.pathNodes]);
  for (const e of edges) { shown.add(e.source); shown.add(e.target); }
  const nodes = [...state.nodes.values()].filter((n) => shown.has(n.id))
    .sort((a, b) => a.name.localeCompare(b.name));
  const drawing = $("graph");
  const box = drawing.getBoundingClientRect();
  drawing.setAttribute("viewBox", `0 0 ${box.width.toFixed(0)} ${box.height.toFixed(0)}`);
  const pos = project(nodes, box.width, box.height);
  drawEdges(edges, nodes, pos);
  drawNodes(nodes, pos);
  $("empty-hint").hidden = nodes.length > 0;
  const counts = {};
  for (const e of state.edges.values()) counts[e.type] = (counts[e.type] || 0) + 1;
  for (const type of RELATION_TYPES) $(`count-${type}`).textContent = counts[type] || 0;
  if (state.focus) status(`${nodes.length} entities, ${edges.length} relations drawn`);
}

async function expand(id) {
  status(`Loading the neighbours of ${label(id)}…`);
  mergeGraph(await api.neighbors(id), id);
  relayout(false);
  render();
}

function setUrl(id, push) {
  const url = `${location.pathname}?focus=${encodeURIComponent(id)}`;
  if (push) history.pushState({ focus: id }, "", url);
  else history.replaceState({ focus: id }, "", url);
}

/** Start a new drawing around `id` (search, deep link, back/forward). */
async function focusOn(id, push) {
  clearError();
  status(`Loading the neighbourhood of ${id}…`);
  const graph = await api.neighbors(id);
  for (const key of ["nodes", "edges"]) state[key].clear();
  Object.assign(state, { focus: id, selected: null, selectedEdge: null });
  clearPath();
  mergeGraph(graph, null);
  relayout(true);
  if (push !== null) setUrl(id, push);
  await selectNode(id, false);
}

async function selectNode(id, grow = true) {
  const mine = ++state.nodeClicks;
  state.selected = id;
  state.focus = id;
  setUrl(id, false);
  render();
  const actions = {
    "Path from here": () => setPathEnd("pathFrom", id),
    "Path to here": () => setPathEnd("pathTo", id),
  };
  const current = () => state.nodeClicks === mine;
  await Promise.all([showDetails($("details"), id, actions, current), grow ? expand(id) : null]);
}

async function selectEdge(edge) {
  const mine = ++state.edgeClicks;
  state.selectedEdge = edgeKey(edge);
  render();
  await showEvidence($("evidence"), edge, names, () => state.edgeClicks === mine);
}

function setPathEnd(end, id) {
  state[end] = id;
  $("path-from").textContent = state.pathFrom ? label(state.pathFrom) : "none";
  $("path-to").textContent = state.pathTo ? label(state.pathTo) : "none";
  $("path-find").disabled = !(state.pathFrom && state.pathTo && state.pathFrom !== state.pathTo);
}

function clearPath() {
  state.pathNodes.clear();
  state.pathEdges.clear();
  $("path-result").replaceChildren();
}

async function findPath() {
  clearPath();
  status(`Looking for a path from ${label(state.pathFrom)} to ${label(state.pathTo)}…`);
  const paths = items(await api.paths(state.pathFrom, state.pathTo));
  if (!paths.length) {
    $("path-result").textContent = "No path within 6 hops.";
    render();
    return;
  }
  const path = paths[0];
  mergeGraph({ nodes: path.nodes, edges: path.relations }, state.pathFrom);
  path.nodes.forEach((n) => state.pathNodes.add(n.id));
  path.relations.forEach((r) => state.pathEdges.add(edgeKey(r)));
  relayout(false);
  render();
  $("path-result").replaceChildren(
    el("p", { text: `${path.relations.length} hop${path.relations.length === 1 ? "" : "s"}` + (paths.length > 1
      ? ` (one of ${paths.length} shortest paths)` : "") }),
    pathText(path));
}

function initControls() {
  const options = $("type-options");
  for (const type of RELATION_TYPES) {
    const box = el("input", { type: "checkbox", id: `type-${type}`, checked: "" });
    box.addEventListener("change", () => {
      if (box.checked) state.hiddenTypes.delete(type); else state.hiddenTypes.add(type);
      render();
    });
    options.append(el("label", { for: `type-${type}`, className: "type-option" }, box,
      ` ${type} `, el("span", { className: "count", id: `count-${type}`, text: "0" })));
  }
  const range = $("min-confidence");
  range.addEventListener("input", () => {
    state.minConfidence = Number(range.value);
    $("min-confidence-value").textContent = state.minConfidence.toFixed(2);
    render();
  });
  for (const [type, style] of Object.entries(NODE_TYPES)) {
    const icon = svg("svg", { viewBox: "-16 -16 32 32", width: 18, height: 18, "aria-hidden": "true" });
    const mark = shape(type, 11);
    mark.setAttribute("fill", style.color);
    icon.append(mark);
    $("legend").append(el("li", {}, icon, ` ${type}`));
  }
  $("path-find").addEventListener("click", guard(findPath));
  $("path-clear").addEventListener("click", () => {
    clearPath();
    setPathEnd("pathFrom", null);
    setPathEnd("pathTo", null);
    render();
  });
  $("error-close").addEventListener("click", clearError);
}

function focusFromUrl(push) {
  const id = new URLSearchParams(location.search).get("focus");
  if (id) {
    guard(focusOn)(id, push);
  } else if (state.focus) { // back to the bare page: start over
    for (const key of ["nodes", "edges"]) state[key].clear();
    Object.assign(state, { focus: null, selected: null, selectedEdge: null });
    clearPath();
    render();
    status("");
  }
}

initControls();
initSearch((entity) => guard(focusOn)(entity.id, true));
window.addEventListener("popstate", () => focusFromUrl(null));
window.addEventListener("resize", () => { if (state.nodes.size) render(); });
focusFromUrl(false);
