// Entity and relation types: colours, shapes and the legend's icons.

const SVG_NS = "http://www.w3.org/2000/svg";

/** Colour and Cytoscape shape per entity type (neo4j/geokg.grass uses the same colours). */
export const NODE_TYPES = {
  Country: { color: "#2f7ed8", shape: "ellipse" },
  Organisation: { color: "#e8871e", shape: "round-rectangle" },
  Person: { color: "#3aa655", shape: "triangle" },
  MilitaryBase: { color: "#c0392b", shape: "diamond" },
  Region: { color: "#8e6bbf", shape: "hexagon" },
  City: { color: "#7f8c8d", shape: "pentagon" },
};
const FALLBACK_TYPE = { color: "#555555", shape: "ellipse" };

export const RELATION_TYPES = [
  "MEMBER_OF", "LEADER_OF", "LOCATED_IN", "OPERATES", "VISITED",
  "DEPLOYED_TO", "ALLIED_WITH", "OPPOSES", "BORDERS", "MET_WITH",
];
export const SYMMETRIC = new Set(["ALLIED_WITH", "BORDERS", "MET_WITH"]);

/** The elements of `eles` that are drawn: filters hide the rest with a class
 * (Cytoscape's ":visible" can lag behind a class change until the next frame). */
export const drawn = (eles) => eles.not(".filtered");

export function typeStyle(type) {
  return NODE_TYPES[type] || FALLBACK_TYPE;
}

/** Stroke width (screen px) grows with the number of supporting sentences. */
export function edgeWidth(evidenceCount) {
  return Math.min(1.2 + 1.2 * Math.log2(1 + Math.max(evidenceCount || 0, 0)), 6);
}

function svg(tag, attrs) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  return node;
}

function polygon(sides, r, rotate) {
  const points = [];
  for (let i = 0; i < sides; i += 1) {
    const a = rotate + (2 * Math.PI * i) / sides;
    points.push(`${(r * Math.cos(a)).toFixed(1)},${(r * Math.sin(a)).toFixed(1)}`);
  }
  return svg("polygon", { points: points.join(" ") });
}

/** A small SVG icon of a type's mark for the legend (the drawing itself is a canvas). */
export function typeIcon(type) {
  const r = 11;
  const shapes = {
    "round-rectangle": () => svg("rect", { x: -r, y: -r, width: 2 * r, height: 2 * r, rx: 4 }),
    triangle: () => polygon(3, r * 1.25, -Math.PI / 2),
    diamond: () => polygon(4, r * 1.3, 0),
    hexagon: () => polygon(6, r * 1.1, 0),
    pentagon: () => polygon(5, r * 1.15, -Math.PI / 2),
    ellipse: () => svg("circle", { r }),
  };
  const style = typeStyle(type);
  const mark = shapes[style.shape]();
  mark.setAttribute("fill", style.color);
  const icon = svg("svg",
    { viewBox: "-16 -16 32 32", width: 18, height: 18, "aria-hidden": "true" });
  icon.append(mark);
  return icon;
}
