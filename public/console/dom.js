// Small DOM helpers. Every value from the API or a file is set as text, never as HTML.

export const $ = (selector, root = document) => root.querySelector(selector);

/**
 * Creates an element: `attrs` become attributes (true for a bare one, false or null for none),
 * functions under `on…` become listeners; children are nodes or text.
 */
export const h = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name.startsWith("on") && typeof value === "function") node.addEventListener(name.slice(2), value);
    else if (value === true) node.setAttribute(name, "");
    else if (value !== false && value !== null && value !== undefined) node.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
};

/** Shows a message in a status element; `kind` is "info", "ok" or "error" (styled in console.css). */
export const say = (element, text, kind = "info") => {
  element.textContent = text;
  element.dataset.kind = kind;
};

const NUMBER = new Intl.NumberFormat("en-US");

export const formatCount = (n) => (n === null || n === undefined ? "—" : NUMBER.format(n));

export const formatRate = (rowsPerSecond) =>
  rowsPerSecond === null || rowsPerSecond === undefined ? "—" : `${NUMBER.format(Math.round(rowsPerSecond))} rows/s`;

export const formatDuration = (seconds) => {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "—";
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${String(s % 60).padStart(2, "0")} s` : `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")} min`;
};

export const formatDate = (iso) => (iso ? new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC" : "—");

export const formatMoney = ({ amount, currency }) => `${currency} ${amount}`;

/**
 * Fills a list with import warnings (ambiguous columns, a file imported before), each with its
 * code and column; hides the list when there are none.
 */
export const showWarnings = (list, warnings) => {
  list.replaceChildren(
    ...warnings.map((w) => h("li", { "data-code": w.code }, h("span", { class: "code" }, w.code), w.column ? ` (${w.column})` : "", ": ", w.message)),
  );
  list.hidden = warnings.length === 0;
};
