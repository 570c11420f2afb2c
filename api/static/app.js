// The explorer: state of the drawing, and the page's controls around it.

import { MAX_NEIGHBOURS, api, apiKey, clearError, items, showError } from "./api.js";
import { NODE_TYPES, RELATION_TYPES, SYMMETRIC, typeIcon } from "./graph.js";
import { el, pathText, showDetails, showEvidence } from "./panels.js";
import { initSearch } from "./search.js";
import { createView } from "./view.js";

const state = {
  nodes: new Map(), // id -> {id, name, type, aliases}
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
  asOf: "", // YYYY-MM-DD: the drawing shows the graph as it stood then; "" for no date
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

const view = createView($("graph"), {
  onNode: guard((id) => selectNode(id)),
  onEdge: guard((data) => selectEdge(state.edges.get(data.id))),
});
window.geokg = { cy: view.cy }; // for the browser test and the developer console

function mergeNode(node) {
  const known = state.nodes.get(node.id);
  if (!known) { state.nodes.set(node.id, { aliases: [], ...node }); return; }
  known.name = node.name || known.name;
  known.type = node.type || known.type;
  if (node.aliases && node.aliases.length) known.aliases = node.aliases;
}

function mergeGraph(graph) {
  (graph.nodes || []).forEach(mergeNode);
  for (const edge of graph.edges || graph.relations || []) state.edges.set(edgeKey(edge), edge);
}

function edgeVisible(e) {
  if (state.pathEdges.has(edgeKey(e))) return true;
  return !state.hiddenTypes.has(e.type) && e.confidence >= state.minConfidence;
}

/**
 * Whether to show `e` as ended: drawn "as of" a date, every relation shown held then
 * (the store leaves out what had ended), so a later end is only mentioned.
 */
const endedNow = (e) => Boolean(e.ended) && !state.asOf;

/** "ended 2024-02-23" for a relation that has ended ("later ended" as of a date). */
function endedText(e) {
  if (!e.ended) return "";
  const when = e.ended.on ? ` ${e.ended.on}` : "";
  return `${endedNow(e) ? "ended" : "later ended"}${when}`;
}

function relationText(e, from) {
  const out = e.source === from;
  const arrow = SYMMETRIC.has(e.type) ? "—" : out ? "→" : "←";
  const ended = endedText(e);
  return `${e.type} ${arrow} ${label(out ? e.target : e.source)}${ended ? ` (${ended})` : ""}`;
}

/** Run `rebuild` (which replaces list buttons) keeping the keyboard focus on the same item. */
function keepingFocus(rebuild) {
  const active = document.activeElement;
  const key = active && active.closest(".lists") ? active.dataset : null;
  rebuild();
  if (!key) return;
  const [attr, value] = key.id ? ["data-id", key.id] : ["data-edge", key.edge];
  const again = document.querySelector(`.lists [${attr}="${CSS.escape(value || "")}"]`);
  if (again) again.focus();
}

/** The text lists under the drawing: every entity drawn, the selected one's relations. */
function drawLists(nodes, edges) {
  const list = $("node-list");
  list.replaceChildren();
  for (const n of nodes) {
    const classes = [n.id === state.selected ? "selected" : "",
      state.pathNodes.has(n.id) ? "on-path" : ""];
    const button = el("button", { type: "button", "data-id": n.id }, n.name,
      el("span", { className: "node-type", text: ` (${n.type})` }));
    button.addEventListener("click", guard(() => selectNode(n.id)));
    list.append(el("li", { className: classes.join(" ").trim() }, button));
  }
  const sel = state.selected;
  const mine = edges.filter((e) => sel && (e.source === sel || e.target === sel));
  $("edge-list-title").hidden = !mine.length;
  $("edge-list").replaceChildren(...mine.map((e) => {
    const button = el("button",
      { type: "button", "data-edge": edgeKey(e), text: relationText(e, sel) });
    button.addEventListener("click", guard(() => selectEdge(e)));
    return el("li", { className: state.selectedEdge === edgeKey(e) ? "selected" : "" }, button);
  }));
}

/** Redraw from the state; no layout work, so filters feel instant. */
function render(anchorId) {
  const all = [...state.edges.values()]
    .filter((e) => state.nodes.has(e.source) && state.nodes.has(e.target));
  view.sync([...state.nodes.values()], all.map((e) => ({ ...e, id: edgeKey(e) })), anchorId);
  const edges = all.filter(edgeVisible);
  const shown = new Set([state.focus, state.selected, ...state.pathNodes]);
  for (const e of edges) { shown.add(e.source); shown.add(e.target); }
  const nodes = [...state.nodes.values()].filter((n) => shown.has(n.id))
    .sort((a, b) => a.name.localeCompare(b.name));
  view.showOnly(new Set([...nodes.map((n) => n.id), ...edges.map(edgeKey)]));
  view.mark("focus", [state.focus]);
  view.mark("selected", [state.selected, state.selectedEdge]);
  view.mark("on-path", [...state.pathNodes, ...state.pathEdges]);
  view.mark("ended", edges.filter(endedNow).map(edgeKey));
  view.relabel();
  keepingFocus(() => drawLists(nodes, edges));
  $("empty-hint").hidden = nodes.length > 0;
  const counts = {};
  for (const e of state.edges.values()) counts[e.type] = (counts[e.type] || 0) + 1;
  for (const type of RELATION_TYPES) $(`count-${type}`).textContent = counts[type] || 0;
  if (state.focus) status(`${nodes.length} entities, ${edges.length} relations drawn`);
}

/** Add what `graph` holds to the drawing and lay it out again around `anchorId`. */
function grow(graph, anchorId) {
  mergeGraph(graph);
  render(anchorId);
  view.layout();
}

async function expand(id) {
  status(`Loading the neighbours of ${label(id)}…`);
  const graph = await api.neighbors(id, state.asOf);
  grow(graph, id);
  if ((graph.nodes || []).length > MAX_NEIGHBOURS) {
    status(`${label(id)}: the first ${MAX_NEIGHBOURS} neighbours drawn`);
  }
}

function setUrl(id, push) {
  const asOf = state.asOf ? `&as_of=${encodeURIComponent(state.asOf)}` : "";
  const url = `${location.pathname}?focus=${encodeURIComponent(id)}${asOf}`;
  if (push) history.pushState({ focus: id }, "", url);
  else history.replaceState({ focus: id }, "", url);
}

function reset() {
  for (const key of ["nodes", "edges"]) state[key].clear();
  Object.assign(state, { focus: null, selected: null, selectedEdge: null });
  clearPath();
}

/** Start a new drawing around `id` (search, deep link, back/forward). */
async function focusOn(id, push) {
  clearError();
  status(`Loading the neighbourhood of ${id}${state.asOf ? ` as of ${state.asOf}` : ""}…`);
  const graph = await api.neighbors(id, state.asOf);
  reset();
  state.focus = id;
  grow(graph, null);
  if (push !== null) setUrl(id, push);
  await selectNode(id, false);
}

async function selectNode(id, expandIt = true) {
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
  await Promise.all([
    showDetails($("details"), id, actions, current), expandIt ? expand(id) : null,
  ]);
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
  const paths = items(await api.paths(state.pathFrom, state.pathTo, 6, state.asOf));
  if (!paths.length) {
    $("path-result").textContent =
      `No path within 6 hops${state.asOf ? ` as of ${state.asOf}` : ""}.`;
    render();
    return;
  }
  const path = paths[0];
  path.nodes.forEach((n) => state.pathNodes.add(n.id));
  path.relations.forEach((r) => state.pathEdges.add(edgeKey(r)));
  grow({ nodes: path.nodes, edges: path.relations }, state.pathFrom);
  const hops = path.relations.length;
  $("path-result").replaceChildren(
    el("p", { text: `${hops} hop${hops === 1 ? "" : "s"}`
      + (paths.length > 1 ? ` (one of ${paths.length} shortest paths)` : "") }),
    pathText(path));
}

function initFilters() {
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
  for (const type of Object.keys(NODE_TYPES)) {
    $("legend").append(el("li", {}, typeIcon(type), ` ${type}`));
  }
}

/** The "as of" date: a new date redraws the focus's neighbourhood as it stood then. */
function initAsOf() {
  const input = $("as-of");
  const apply = (value) => {
    if (value === state.asOf) return;
    state.asOf = value;
    input.value = value;
    if (state.focus) guard(focusOn)(state.focus, false);
  };
  // "change" fires once a whole date is entered (not on every keystroke in the field).
  input.addEventListener("change", () => apply(input.validity.valid ? input.value : ""));
  $("as-of-clear").addEventListener("click", () => apply(""));
}

function initPath() {
  $("path-find").addEventListener("click", guard(findPath));
  $("path-clear").addEventListener("click", () => {
    clearPath();
    setPathEnd("pathFrom", null);
    setPathEnd("pathTo", null);
    render();
  });
}

/** Zoom and pan from the buttons and, with the drawing focused, from the keyboard. */
function initZoom() {
  $("zoom-in").addEventListener("click", () => view.zoomBy(1.25));
  $("zoom-out").addEventListener("click", () => view.zoomBy(0.8));
  $("zoom-fit").addEventListener("click", () => view.fit());
  const keys = {
    "+": () => view.zoomBy(1.25), "=": () => view.zoomBy(1.25), "-": () => view.zoomBy(0.8),
    0: () => view.fit(), ArrowLeft: () => view.panBy(60, 0), ArrowRight: () => view.panBy(-60, 0),
    ArrowUp: () => view.panBy(0, 60), ArrowDown: () => view.panBy(0, -60),
  };
  $("graph").addEventListener("keydown", (event) => {
    if (!keys[event.key]) return;
    event.preventDefault();
    keys[event.key]();
  });
}

/** The key field shows once a read is refused (or a key is kept) and retries with it. */
function initKey() {
  const form = $("key-form");
  const input = $("api-key");
  form.hidden = !apiKey.get();
  apiKey.onNeeded(() => {
    form.hidden = false;
    input.focus();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    apiKey.set(input.value.trim());
    input.value = "";
    input.placeholder = apiKey.get() ? "key kept for this tab" : "needed to read";
    clearError();
    focusFromUrl(false);
  });
  $("key-forget").addEventListener("click", () => {
    apiKey.set("");
    input.placeholder = "needed to read";
  });
  if (apiKey.get()) input.placeholder = "key kept for this tab";
}

function focusFromUrl(push) {
  const params = new URLSearchParams(location.search);
  const id = params.get("focus");
  const asOf = params.get("as_of") || "";
  state.asOf = /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? asOf : "";
  $("as-of").value = state.asOf;
  if (id) {
    guard(focusOn)(id, push);
  } else if (state.focus) { // back to the bare page: start over
    reset();
    render();
    status("");
  }
}

initFilters();
initAsOf();
initPath();
initZoom();
initKey();
$("error-close").addEventListener("click", clearError);
initSearch((entity) => guard(focusOn)(entity.id, true));
window.addEventListener("popstate", () => focusFromUrl(null));
focusFromUrl(false);
