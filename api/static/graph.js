// The drawing: entity-type styles, a small force layout and SVG rendering.

const SVG_NS = "http://www.w3.org/2000/svg";

/** Colour and shape per entity type (neo4j/geokg.grass uses the same colours). */
export const NODE_TYPES = {
  Country: { color: "#2f7ed8", shape: "circle" },
  Organisation: { color: "#e8871e", shape: "square" },
  Person: { color: "#3aa655", shape: "triangle" },
  MilitaryBase: { color: "#c0392b", shape: "diamond" },
  Region: { color: "#8e6bbf", shape: "hexagon" },
  City: { color: "#7f8c8d", shape: "pentagon" },
};
const FALLBACK_TYPE = { color: "#555555", shape: "circle" };

export const RELATION_TYPES = [
  "MEMBER_OF", "LEADER_OF", "LOCATED_IN", "OPERATES", "VISITED",
  "DEPLOYED_TO", "ALLIED_WITH", "OPPOSES", "BORDERS", "MET_WITH",
];
export const SYMMETRIC = new Set(["ALLIED_WITH", "BORDERS", "MET_WITH"]);

const RADIUS = 14;
const IDEAL = 170; // ideal edge length, px

export function typeStyle(type) {
  return NODE_TYPES[type] || FALLBACK_TYPE;
}

export function svg(tag, attrs = {}) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
  return el;
}

function polygon(sides, r, rotate) {
  const points = [];
  for (let i = 0; i < sides; i += 1) {
    const a = rotate + (2 * Math.PI * i) / sides;
    points.push(`${(r * Math.cos(a)).toFixed(1)},${(r * Math.sin(a)).toFixed(1)}`);
  }
  return svg("polygon", { points: points.join(" ") });
}

/** The marker shape of a type, centred on 0,0. */
export function shape(type, r = RADIUS) {
  switch (typeStyle(type).shape) {
    case "square": return svg("rect", { x: -r, y: -r, width: 2 * r, height: 2 * r, rx: 3 });
    case "triangle": return polygon(3, r * 1.25, -Math.PI / 2);
    case "diamond": return polygon(4, r * 1.3, 0);
    case "hexagon": return polygon(6, r * 1.1, 0);
    case "pentagon": return polygon(5, r * 1.15, -Math.PI / 2);
    default: return svg("circle", { r });
  }
}

/** Place nodes without a position around `anchor` (or the origin), spread evenly. */
export function seedPositions(nodes, anchor) {
  const fresh = nodes.filter((n) => n.x === undefined);
  const cx = anchor && anchor.x !== undefined ? anchor.x : 0;
  const cy = anchor && anchor.y !== undefined ? anchor.y : 0;
  fresh.forEach((n, i) => {
    const a = (2 * Math.PI * i) / Math.max(fresh.length, 1) + 0.3;
    const r = fresh.length === 1 && !anchor ? 0 : IDEAL;
    n.x = cx + r * Math.cos(a);
    n.y = cy + r * Math.sin(a);
  });
}

/**
 * Fruchterman-Reingold over `nodes` (objects with x, y) and `links` ([a, b] node pairs).
 * Deterministic: the same input always gives the same drawing.
 */
export function forceLayout(nodes, links, iterations = 250, start = IDEAL / 2) {
  const k = IDEAL;
  let heat = start;
  for (let it = 0; it < iterations; it += 1) {
    for (const n of nodes) { n.dx = 0; n.dy = 0; }
    for (let i = 0; i < nodes.length; i += 1) {
      for (let j = i + 1; j < nodes.length; j += 1) {
        const a = nodes[i];
        const b = nodes[j];
        let dx = a.x - b.x;
        let dy = a.y - b.y;
        if (Math.abs(dx) + Math.abs(dy) < 0.01) { dx = 0.1 * (j - i); dy = 0.1; }
        const d2 = Math.max(dx * dx + dy * dy, 1);
        if (d2 > 9 * k * k) continue; // far nodes do not push: keeps leaves near their hub
        const f = (k * k) / d2; // repulsion k²/d, divided by d once more to scale dx, dy
        a.dx += dx * f; a.dy += dy * f; b.dx -= dx * f; b.dy -= dy * f;
      }
    }
    for (const [a, b] of links) {
      const dx = a.x - b.x;
      const dy = a.y - b.y;
      const d = Math.max(Math.hypot(dx, dy), 0.01);
      const f = d / k; // attraction d²/k, divided by d
      a.dx -= dx * f; a.dy -= dy * f; b.dx += dx * f; b.dy += dy * f;
    }
    for (const n of nodes) {
      n.dx -= n.x * 0.03; // gravity keeps separate pieces near each other
      n.dy -= n.y * 0.03;
      const d = Math.hypot(n.dx, n.dy);
      if (d > 0) {
        const step = Math.min(d, heat) / d;
        n.x += n.dx * step;
        n.y += n.dy * step;
      }
    }
    heat = Math.max(heat * 0.975, 0.5);
  }
}

/**
 * Screen positions for `nodes` in a `width` x `height` drawing: the layout is
 * stretched to use the space (each axis at most 1.6 times the other's scale, and
 * never enlarged more than 1.5 times) while marks and text keep their size.
 */
export function project(nodes, width, height) {
  const pad = { x: 100, top: 30, bottom: 45 };
  const xs = nodes.map((n) => n.x);
  const ys = nodes.map((n) => n.y);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const w = Math.max(width - 2 * pad.x, 100);
  const h = Math.max(height - pad.top - pad.bottom, 100);
  const fitX = w / Math.max(x1 - x0, 1);
  const fitY = h / Math.max(y1 - y0, 1);
  const base = Math.min(fitX, fitY, 1.5);
  const sx = Math.min(fitX, base * 1.6);
  const sy = Math.min(fitY, base * 1.6);
  const ox = pad.x + (w - (x1 - x0) * sx) / 2;
  const oy = pad.top + (h - (y1 - y0) * sy) / 2;
  return new Map(nodes.map((n) => [n.id, { x: ox + (n.x - x0) * sx, y: oy + (n.y - y0) * sy }]));
}

/**
 * Geometry of an edge: a curve bent by `bend` (edges between one pair fan out),
 * trimmed to the node borders; returns the path data and the label position.
 */
export function edgeGeometry(s, t, bend) {
  const dx = t.x - s.x;
  const dy = t.y - s.y;
  const len = Math.max(Math.hypot(dx, dy), 0.01);
  const nx = -dy / len;
  const ny = dx / len;
  const mx = (s.x + t.x) / 2 + nx * bend * 2;
  const my = (s.y + t.y) / 2 + ny * bend * 2;
  const trim = (from, toward, by) => {
    const ex = toward.x - from.x;
    const ey = toward.y - from.y;
    const el = Math.max(Math.hypot(ex, ey), 0.01);
    return { x: from.x + (ex / el) * by, y: from.y + (ey / el) * by };
  };
  const a = trim(s, { x: mx, y: my }, RADIUS + 2);
  const b = trim(t, { x: mx, y: my }, RADIUS + 4);
  const at = (f) => ({
    x: (1 - f) * (1 - f) * a.x + 2 * (1 - f) * f * mx + f * f * b.x,
    y: (1 - f) * (1 - f) * a.y + 2 * (1 - f) * f * my + f * f * b.y,
  });
  const d = `M${a.x.toFixed(1)},${a.y.toFixed(1)} Q${mx.toFixed(1)},${my.toFixed(1)} `
    + `${b.x.toFixed(1)},${b.y.toFixed(1)}`;
  return { d, at };
}

/**
 * Where labels go: each label takes the first spot along its edge (middle first)
 * that covers no node, node name or earlier label, or the middle when none is free.
 */
export class LabelSpace {
  constructor() {
    this.boxes = [];
  }

  static box(x, y, w, h) {
    return { x0: x - w / 2, x1: x + w / 2, y0: y - h / 2, y1: y + h / 2 };
  }

  /** Reserve a node's mark and the name under it. */
  addNode(p, name) {
    this.boxes.push(LabelSpace.box(p.x, p.y, 2 * RADIUS + 6, 2 * RADIUS + 6));
    this.boxes.push(LabelSpace.box(p.x, p.y + 30, name.length * 6.6 + 4, 15));
  }

  free(b) {
    return !this.boxes.some((o) => b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1);
  }

  /** A free point for a `text` label on the curve `at(f)`; the spot is then taken. */
  place(at, text) {
    const w = text.length * 6.1 + 4;
    for (const f of [0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78]) {
      const p = at(f);
      const b = LabelSpace.box(p.x, p.y, w, 12);
      if (this.free(b)) { this.boxes.push(b); return p; }
    }
    return at(0.5);
  }
}

/** Stroke width grows with the number of supporting sentences. */
export function edgeWidth(evidenceCount) {
  return Math.min(1.5 + 1.5 * Math.log2(1 + Math.max(evidenceCount || 0, 0)), 8).toFixed(2);
}
