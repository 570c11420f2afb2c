// The side panels: entity details with centrality rank, relation evidence, path text.

import { api, items } from "./api.js";
import { SYMMETRIC } from "./graph.js";

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "text") node.textContent = value;
    else if (key === "className") node.className = value;
    else node.setAttribute(key, String(value));
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function fill(section, title, ...children) {
  section.replaceChildren(el("h2", { text: title }), ...children);
}

function pairs(entries) {
  const dl = el("dl", { className: "facts" });
  for (const [term, value] of entries) {
    if (value === undefined || value === null || value === "") continue;
    dl.append(el("dt", { text: term }), el("dd", {}, value instanceof Node ? value : String(value)));
  }
  return dl;
}

/** Rank of `id` in the centrality list (1-based), or null when it is not in the top. */
async function centralityRank(id) {
  const ranked = items(await api.centrality("degree"));
  const index = ranked.findIndex((row) => (row.id || (row.entity && row.entity.id)) === id);
  return { rank: index < 0 ? null : index + 1, of: ranked.length };
}

/**
 * Fill the details panel for `id`. `actions` maps button labels to callbacks
 * (path ends, expand); nothing is written once `current()` turns false (a later
 * click won the race). Errors propagate to the caller.
 */
export async function showDetails(section, id, actions, current = () => true) {
  const [entity, rank] = await Promise.all([api.entity(id), centralityRank(id)]);
  if (!current()) return;
  const counts = Object.entries(entity.relation_counts || {})
    .sort((a, b) => b[1] - a[1])
    .map(([type, n]) => `${type} ${n}`)
    .join(", ");
  const rankText = rank.rank === null
    ? `not in the top ${rank.of} by degree`
    : `${rank.rank} of the top ${rank.of} by degree`;
  const buttons = el("div", { className: "actions" });
  for (const [label, handler] of Object.entries(actions)) {
    const button = el("button", { type: "button", text: label });
    button.addEventListener("click", handler);
    buttons.append(button);
  }
  fill(section, "Details",
    el("h3", { className: "entity-name", text: entity.name }),
    pairs([
      ["Type", entity.type],
      ["Id", el("code", { text: entity.id })],
      ["Also called", (entity.aliases || []).filter((a) => a !== entity.name).join(", ")],
      ["Documents", entity.doc_count],
      ["Relations", counts || "none"],
      ["Centrality rank", rankText],
    ]),
    buttons);
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** `text` as DOM nodes with every occurrence of `terms` wrapped in <mark>. */
export function highlight(text, terms) {
  const words = [...new Set(terms.filter((t) => t && t.length > 1))]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp);
  const out = document.createDocumentFragment();
  if (!words.length) { out.append(text); return out; }
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.join("|")})(?![\\p{L}\\p{N}])`, "giu");
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    out.append(text.slice(last, match.index), el("mark", { text: match[0] }));
    last = match.index + match[0].length;
  }
  out.append(text.slice(last));
  return out;
}

async function documentLabel(docId) {
  try {
    const doc = await api.document(docId);
    const file = doc.source ? doc.source.split(/[\\/]/).pop() : null;
    const label = doc.title || file || docId;
    if (doc.url) return el("a", { href: doc.url, rel: "noopener", text: label });
    return el("span", { text: label, title: docId });
  } catch (_) {
    return el("span", { text: docId });
  }
}

function endedOn(ended) {
  const docs = (ended.doc_ids || []).length;
  const said = docs ? ` (${docs} document${docs === 1 ? " says" : "s say"} so)` : "";
  return `${ended.on || "date unknown"}${said}`;
}

/** Fill the evidence panel for one drawn edge; `names` maps ids to {name, aliases}. */
export async function showEvidence(section, edge, names, current = () => true) {
  const found = items(await api.relations(edge.source, edge.target, edge.type));
  if (!current()) return;
  const relation = found.find((r) => r.type === edge.type) || found[0];
  const src = names(edge.source);
  const dst = names(edge.target);
  const arrow = SYMMETRIC.has(edge.type) ? "—" : "→";
  const heading = el("h3", { className: "relation-title",
    text: `${src.name} ${arrow} ${edge.type} ${arrow} ${dst.name}` });
  if (!relation) {
    fill(section, "Evidence", heading, el("p", { text: "No stored evidence for this relation." }));
    return;
  }
  const terms = [src.name, ...src.aliases, dst.name, ...dst.aliases];
  const evidence = relation.evidence || [];
  const docs = await Promise.all(evidence.map((ev) => documentLabel(ev.doc_id)));
  if (!current()) return;
  const list = el("ol", { className: "evidence-list" });
  for (const [i, ev] of evidence.entries()) {
    // A sentence stating the relation's end (a withdrawal, a suspension) is marked.
    const badge = ev.ends ? el("span", { className: "ends-badge", text: "states the end" }) : null;
    const meta = el("p", { className: "evidence-meta" },
      badge, badge ? " " : "", "from ", docs[i],
      ` · rule ${ev.rule} · confidence ${Number(ev.confidence).toFixed(2)}`,
      ev.date ? ` · dated ${ev.date}` : "");
    list.append(el("li", { className: ev.ends ? "ends" : "" },
      el("blockquote", {}, highlight(ev.text, terms)), meta));
  }
  const props = Object.entries(relation.properties || {}).map(([k, v]) => `${k}: ${v}`).join(", ");
  const sources = Object.entries(relation.sources || {})
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([publisher, n]) => `${publisher} (${n})`).join(", ");
  fill(section, "Evidence", heading,
    pairs([
      ["Confidence", Number(relation.confidence).toFixed(2)],
      ["Sentences", relation.evidence_count ?? (relation.evidence || []).length],
      ["Documents", (relation.doc_ids || []).length],
      ["Sources", sources],
      ["Properties", props],
      ["Seen", [relation.first_seen, relation.last_seen].filter(Boolean).join(" to ")],
      ["Ended", relation.ended ? endedOn(relation.ended) : ""],
      ["Contested", relation.contested && !relation.ended ? "stated again after an end" : ""],
    ]),
    list);
}

/** The path as text: `A —TYPE→ B ←TYPE— C`, one step per list item. */
export function pathText(path) {
  const list = el("ol", { className: "path-steps" });
  path.nodes.forEach((node, i) => {
    const item = el("li", {}, el("strong", { text: node.name }));
    const rel = path.relations[i];
    if (rel) {
      const forward = rel.source === node.id;
      const sym = SYMMETRIC.has(rel.type);
      const text = sym ? ` —${rel.type}— ` : forward ? ` —${rel.type}→ ` : ` ←${rel.type}— `;
      item.append(el("span", { className: "path-rel", text }));
    }
    list.append(item);
  });
  return list;
}
