import type { CellValue } from "../parser.js";
import type { PathKeyCache } from "./path-key-cache.js";

/** Deeper than this, a value is kept as JSON text under its path instead of being flattened further. */
const MAX_FLATTEN_DEPTH = 32;

type Scalar = string | number | boolean | null;

/**
 * Flattens a parsed JSON object into dotted paths: `address.city`. Arrays of scalars stay arrays;
 * arrays holding objects or arrays are flattened by 0-based index (`phones.0.number`), so every
 * leaf can be mapped by name. An empty object becomes null under its own path.
 * The result is a null-prototype object: `__proto__` is an ordinary key there.
 */
export function flattenJson(record: object, keys: PathKeyCache): Record<string, CellValue> {
  const values = Object.create(null) as Record<string, CellValue>;
  const source = record as Record<string, unknown>;
  for (const key of Object.keys(source)) flattenValue(values, keys, key, source[key], 1);
  return values;
}

function flattenValue(values: Record<string, CellValue>, keys: PathKeyCache, path: string, value: unknown, depth: number): void {
  if (value === null || typeof value !== "object") {
    values[path] = value as Scalar;
    return;
  }
  if (depth >= MAX_FLATTEN_DEPTH) {
    values[path] = JSON.stringify(value);
    return;
  }
  if (Array.isArray(value)) {
    if (value.every(isScalar)) {
      values[path] = value as Scalar[];
      return;
    }
    for (let i = 0; i < value.length; i++) flattenValue(values, keys, keys.join(path, String(i)), value[i], depth + 1);
    return;
  }
  const object = value as Record<string, unknown>;
  const names = Object.keys(object);
  if (names.length === 0) {
    values[path] = null;
    return;
  }
  for (const name of names) flattenValue(values, keys, keys.join(path, name), object[name], depth + 1);
}

function isScalar(value: unknown): boolean {
  return value === null || typeof value !== "object";
}
