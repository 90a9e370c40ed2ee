import type { FieldMapping } from "../map/mapping-spec.js";
import type { CellValue, SourceRecord } from "../parse/parser.js";
import { capRaw } from "../parse/json/cap-raw.js";
import type { StoredGraphChild } from "../import-options.js";

/**
 * Graph imports read nested records as the JSON parsers flatten them: a customer record's array
 * of objects at `orders` arrives as `orders.0.amount`, `orders.1.amount`... Each index is one
 * child record whose source names are the rest of the path (`amount`), so a child maps exactly
 * as a file of that entity alone would.
 */

/** Source names of the parent's keys, given to every child: its link to the customer that holds it. */
export const PARENT_EXTERNAL_ID = "\uFFFFparent.externalId";
export const PARENT_EMAIL = "\uFFFFparent.email";

/** A child mapping with the link to its parent added, unless it links by a column of its own. */
export const withParentLink = (mapping: readonly FieldMapping[]): FieldMapping[] => {
  if (mapping.some((m) => m.target === "customerExternalId" || m.target === "customerEmail")) return [...mapping];
  return [...mapping, { source: PARENT_EXTERNAL_ID, target: "customerExternalId" }, { source: PARENT_EMAIL, target: "customerEmail" }];
};

/** The link sources, for validating a mapping made by withParentLink against a child's headers. */
export const PARENT_LINK_HEADERS = [PARENT_EXTERNAL_ID, PARENT_EMAIL] as const;

const INDEXED = /^(\d+)(?:\.|$)/;

/** The headers under a child path (`orders.3.amount` → `amount`), in first-seen order. */
export const childHeaders = (headers: readonly string[], path: string, single = false): string[] => {
  const prefix = `${path}.`;
  const seen = new Set<string>();
  for (const h of headers) {
    if (!h.startsWith(prefix)) continue;
    const rest = h.slice(prefix.length);
    const m = INDEXED.exec(rest);
    const name = m ? rest.slice(m[0].length) : single ? rest : "";
    if (name !== "") seen.add(name);
  }
  return [...seen];
};

/** True when a source name belongs under a child path (so not to the customer itself). */
export const isUnderPath = (name: string, path: string): boolean => name === path || name.startsWith(`${path}.`);

/** The customer's own headers: every one not under a child path. */
export const customerHeaders = (headers: readonly string[], paths: readonly string[]): string[] => headers.filter((h) => !paths.some((p) => isUnderPath(h, p)));

/**
 * Arrays of objects the customer records hold outside every child path (`payments.0.amount` when
 * only orders and notes are mapped): their paths, for a warning; their leaves stay customer columns.
 */
export const unmappedChildArrays = (headers: readonly string[], paths: readonly string[]): string[] => {
  const found = new Set<string>();
  for (const h of customerHeaders(headers, paths)) {
    const m = /^(.+?)\.\d+\./.exec(h);
    if (m) found.add(m[1]!);
  }
  return [...found];
};

/** What a customer record holds at one child path. */
export interface ChildValues {
  readonly index: number;
  readonly values: Record<string, CellValue>;
}

export type SplitRecord =
  | { readonly ok: true; readonly customer: Record<string, CellValue>; readonly children: readonly (readonly ChildValues[])[] }
  | { readonly ok: false; readonly path: string; readonly message: string };

const describe = (value: CellValue): string => (Array.isArray(value) ? "an array of plain values" : value instanceof Date ? "a date" : `a ${typeof value}`);

/**
 * Splits a flattened customer record into its own values and, per child path (in the order of
 * `children`), its child records in array order. A child path that holds anything but an array
 * of objects (a scalar, an array of plain values, an object) is UNEXPECTED_NESTING; an empty
 * array, null or a missing key is no children.
 */
export const splitRecord = (values: Record<string, CellValue>, children: readonly StoredGraphChild[]): SplitRecord => {
  const customer = Object.create(null) as Record<string, CellValue>;
  const lists: Map<number, Record<string, CellValue>>[] = children.map(() => new Map());
  for (const name in values) {
    const value = values[name]!;
    const at = children.findIndex((c) => isUnderPath(name, c.path));
    if (at < 0) {
      customer[name] = value;
      continue;
    }
    const path = children[at]!.path;
    if (name === path) {
      if (value === null || (Array.isArray(value) && value.length === 0)) continue;
      return { ok: false, path, message: `"${path}" holds ${describe(value)}, not an array of ${children[at]!.entity.toLowerCase()} records.` };
    }
    const rest = name.slice(path.length + 1);
    const m = INDEXED.exec(rest);
    if (!m && !children[at]!.single)
      return { ok: false, path, message: `"${path}" holds an object, not an array of ${children[at]!.entity.toLowerCase()} records.` };
    // XML: a lone element is not indexed, and is the only record there
    const index = m ? Number(m[1]) : 0;
    const field = m ? rest.slice(m[0].length) : rest;
    if (field === "") return { ok: false, path, message: `"${path}[${index}]" is ${describe(value)}, not a ${children[at]!.entity.toLowerCase()} record.` };
    let child = lists[at]!.get(index);
    if (!child) lists[at]!.set(index, (child = Object.create(null) as Record<string, CellValue>));
    child[field] = value;
  }
  return {
    ok: true,
    customer,
    children: lists.map((list) => [...list.entries()].sort((a, b) => a[0] - b[0]).map(([index, v]) => ({ index, values: v }))),
  };
};

/** Where a child sits: `$.customers[12].orders[3]`, `line 8: orders[3]` for a line of NDJSON, an element path in XML. */
export const childLocation = (parent: string, path: string, index: number): string => {
  if (parent.startsWith("$")) return `${parent}.${path}[${index}]`;
  // XML: an element path, 1-based as the record's own (`/customers/customer[3]/notes/note[2]`)
  if (parent.startsWith("/")) return `${parent}/${path.split(".").join("/")}[${index + 1}]`;
  return `${parent}: ${path}[${index}]`;
};

/** A child record as the pipeline reads it, with its parent's keys under the link sources. */
export const childRecord = (
  rowNumber: number,
  location: string,
  child: Record<string, CellValue>,
  parentKeys: { externalId: string | null; email: string | null },
): SourceRecord => {
  const raw = capRaw(JSON.stringify(child));
  const values = Object.assign(Object.create(null) as Record<string, CellValue>, child);
  if (parentKeys.externalId !== null) values[PARENT_EXTERNAL_ID] = parentKeys.externalId;
  if (parentKeys.email !== null) values[PARENT_EMAIL] = parentKeys.email;
  return { rowNumber, location, values, raw: [raw] };
};
