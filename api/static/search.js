// The search box: suggestions from /entities?q=, usable with the keyboard alone.

import { api, items, showError } from "./api.js";
import { typeStyle } from "./graph.js";

/** Wire the search box; `choose(entity)` runs when the user picks a suggestion. */
export function initSearch(choose) {
  const input = document.getElementById("search");
  const list = document.getElementById("suggestions");
  const form = document.getElementById("search-form");
  let results = [];
  let active = -1;
  let seq = 0;
  let timer = null;

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function mark(index) {
    active = index;
    [...list.children].forEach((li, i) => li.setAttribute("aria-selected", String(i === index)));
    if (index >= 0) input.setAttribute("aria-activedescendant", `suggestion-${index}`);
    else input.removeAttribute("aria-activedescendant");
  }

  function pick(index) {
    const entity = results[index];
    if (!entity) return;
    input.value = entity.name;
    close();
    choose(entity);
  }

  function show(found) {
    results = found;
    list.replaceChildren();
    found.forEach((entity, i) => {
      const li = document.createElement("li");
      li.id = `suggestion-${i}`;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.dataset.id = entity.id;
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = typeStyle(entity.type).color;
      const type = document.createElement("span");
      type.className = "suggestion-type";
      type.textContent = entity.type;
      li.append(swatch, entity.name, " ", type);
      // mousedown, not click: it fires before the input loses focus and closes the list
      li.addEventListener("mousedown", (event) => { event.preventDefault(); pick(i); });
      list.append(li);
    });
    if (!found.length) {
      const li = document.createElement("li");
      li.className = "no-match";
      li.textContent = "No matching entity";
      list.append(li);
    }
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    mark(found.length ? 0 : -1);
  }

  async function lookup() {
    const q = input.value.trim();
    const mine = ++seq;
    if (!q) { close(); return []; }
    try {
      const found = items(await api.search(q));
      if (mine === seq) show(found);
      return found;
    } catch (exc) {
      if (mine === seq) { close(); showError(exc); }
      return [];
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(lookup, 150);
  });
  input.addEventListener("keydown", (event) => {
    const n = results.length;
    if (event.key === "ArrowDown" && n) { event.preventDefault(); mark((active + 1) % n); }
    else if (event.key === "ArrowUp" && n) { event.preventDefault(); mark((active - 1 + n) % n); }
    else if (event.key === "Escape") close();
  });
  input.addEventListener("blur", () => setTimeout(close, 100));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearTimeout(timer);
    if (!list.hidden && active >= 0) { pick(active); return; }
    const found = await lookup();
    if (found.length) pick(0);
  });
}
