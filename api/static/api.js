// Talks to the geokg JSON API (same origin) and reports its errors in the page.

/** An error answer from the API, carrying the problem+json title/detail. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.name = "ApiError";
    this.status = status;
  }
}

function query(params) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value !== undefined && value !== null && value !== "") q.set(key, String(value));
  }
  const text = q.toString();
  return text ? `?${text}` : "";
}

async function problemMessage(response) {
  try {
    const body = await response.json();
    const parts = [body.title, body.detail].filter((p) => typeof p === "string" && p);
    if (parts.length) return parts.join(": ");
    if (Array.isArray(body.detail)) return body.detail.map((d) => d.msg || String(d)).join("; ");
  } catch (_) {
    // not JSON: fall back to the status line
  }
  return `${response.status} ${response.statusText}`.trim();
}

const cache = new Map(); // answers that do not change while the page is open
export const MAX_NEIGHBOURS = 300; // per expansion; the drawing stays usable at this size
export const MAX_EVIDENCE = 20; // sentences shown per relation in the evidence panel

// The key lives for the browser tab only (sessionStorage), never in the address.
const KEY_ITEM = "geokg-api-key";
let keyNeeded = () => {};

export const apiKey = {
  get: () => sessionStorage.getItem(KEY_ITEM) || "",
  set: (value) => {
    if (value) sessionStorage.setItem(KEY_ITEM, value);
    else sessionStorage.removeItem(KEY_ITEM);
    cache.clear(); // answers refused without the key must be asked again
  },
  /** `callback(status)` runs when a read is refused (401 no key, 403 a wrong one). */
  onNeeded: (callback) => { keyNeeded = callback; },
};

/** GET a JSON resource; throws ApiError with the server's explanation. */
export async function getJSON(path, params) {
  const headers = { Accept: "application/json" };
  if (apiKey.get()) headers["X-API-Key"] = apiKey.get();
  let response;
  try {
    response = await fetch(path + query(params), { headers });
  } catch (exc) {
    throw new ApiError(0, `cannot reach the geokg service (${exc.message})`);
  }
  if (!response.ok) {
    if (response.status === 401 || response.status === 403) keyNeeded(response.status);
    throw new ApiError(response.status, `${path}: ${await problemMessage(response)}`);
  }
  return response.json();
}

/** The list inside an answer, whether it is a bare array or a page object. */
export function items(body) {
  if (Array.isArray(body)) return body;
  for (const key of ["items", "results", "data", "entities", "relations", "paths"]) {
    if (body && Array.isArray(body[key])) return body[key];
  }
  return [];
}


/** GET once per page load for answers that do not change while the page is open. */
export function getCached(path, params) {
  const key = path + query(params);
  if (!cache.has(key)) {
    const pending = getJSON(path, params);
    pending.catch(() => cache.delete(key));
    cache.set(key, pending);
  }
  return cache.get(key);
}

export const api = {
  search: (q, limit = 8) => getJSON("/entities", { q, limit }),
  entity: (id) => getJSON(`/entities/${encodeURIComponent(id)}`),
  // `asOf` (YYYY-MM-DD, or empty for no date) draws the graph as it stood on that date.
  neighbors: (id, asOf) => getJSON(`/entities/${encodeURIComponent(id)}/neighbors`,
    { depth: 1, limit: MAX_NEIGHBOURS, as_of: asOf }),
  // Every sentence of a contested relation, both sides, up to a readable number.
  relations: (source, target, type) =>
    getJSON("/relations", { source, target, type, evidence_limit: MAX_EVIDENCE }),
  paths: (source, target, maxHops = 6, asOf = "") =>
    getJSON("/paths", { source, target, max_hops: maxHops, as_of: asOf }),
  centrality: (measure = "degree") =>
    getCached("/analytics/centrality", { measure, limit: 500 }),
  document: (id) => getCached(`/documents/${encodeURIComponent(id)}`),
};

const errorBox = () => document.getElementById("error");

/** Show an error in the page (never only in the console). */
export function showError(exc) {
  const box = errorBox();
  const refused = exc instanceof ApiError && (exc.status === 401 || exc.status === 403);
  document.getElementById("error-text").textContent =
    (exc instanceof Error ? exc.message : String(exc))
    + (refused ? " Enter the service's API key in the field at the top." : "");
  box.hidden = false;
}

export function clearError() {
  errorBox().hidden = true;
}
