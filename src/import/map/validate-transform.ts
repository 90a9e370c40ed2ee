import type { MappingError, FieldTransform } from "./mapping-spec.js";
import type { ResolvedTarget } from "./resolve-target.js";

export const MAX_VALUE_MAP_ENTRIES = 1000;
export const MAX_VALUE_MAP_KEY_LENGTH = 500;
export const MAX_VALUE_MAP_VALUE_LENGTH = 1000;
export const MAX_DEFAULT_LENGTH = 1000;
export const MAX_SPLIT_LENGTH = 10;
export const MAX_DATE_FORMAT_LENGTH = 64;

const TRANSFORM_KEYS = new Set(["dateFormat", "valueMap", "split", "default"]);
// A day, month or year token in any common notation: YYYY, dd, MMM, 年, 月, 日.
const DATE_TOKEN = /[YyMDd年月日]/u;

export interface CheckedTransform {
  readonly errors: MappingError[];
  /** Frozen copy holding only the known keys; undefined when the entry has no transform. */
  readonly transform: FieldTransform | undefined;
  readonly valueMap: ReadonlyMap<string, string> | null;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

// Counts without building the entry list, so an oversized map is refused cheaply.
const tooMany = (map: Record<string, unknown>): boolean => {
  let count = 0;
  for (const key in map) {
    if (Object.hasOwn(map, key) && ++count > MAX_VALUE_MAP_ENTRIES) return true;
  }
  return false;
};

const allowedEnum = (target: ResolvedTarget | null, value: string): boolean => {
  const values = target?.field?.enumValues;
  return values === undefined || value === "" || values.includes(value.trim().toUpperCase());
};

/**
 * Checks one entry's transform against its target (null when the target is unknown: then only
 * the target-independent checks run). Every problem is reported.
 */
export const validateTransform = (raw: unknown, target: ResolvedTarget | null, path: readonly string[]): CheckedTransform => {
  const errors: MappingError[] = [];
  if (raw === undefined || raw === null) return { errors, transform: undefined, valueMap: null };
  const at = (key?: string): string[] => (key === undefined ? [...path, "transform"] : [...path, "transform", key]);
  const fail = (message: string, key?: string): void => {
    errors.push({ field: at(key), message, code: "INVALID_TRANSFORM" });
  };
  if (!isPlainObject(raw)) {
    fail("transform must be an object with dateFormat, valueMap, split or default");
    return { errors, transform: undefined, valueMap: null };
  }
  for (const key of Object.keys(raw)) if (!TRANSFORM_KEYS.has(key)) fail(`Unknown transform "${key.slice(0, 50)}"`, key);
  const out: { -readonly [K in keyof FieldTransform]: FieldTransform[K] } = {};
  const name = target?.target ?? "this target";

  const { dateFormat, split, valueMap } = raw;
  const fallback = raw["default"];
  if (dateFormat !== undefined) {
    if (typeof dateFormat !== "string" || dateFormat.length > MAX_DATE_FORMAT_LENGTH || !DATE_TOKEN.test(dateFormat)) {
      fail(`dateFormat must be a pattern of at most ${MAX_DATE_FORMAT_LENGTH} characters with a day, month or year token, such as "DD.MM.YYYY"`, "dateFormat");
    } else if (target !== null && target.kind !== "date") {
      fail(`dateFormat applies to date fields only, not ${name}`, "dateFormat");
    } else out.dateFormat = dateFormat;
  }
  if (split !== undefined) {
    if (typeof split !== "string" || split.length === 0 || split.length > MAX_SPLIT_LENGTH) {
      fail(`split must be a separator of 1 to ${MAX_SPLIT_LENGTH} characters`, "split");
    } else if (target !== null && target.kind !== "tags") {
      fail(`split applies to list fields (tags) only, not ${name}`, "split");
    } else out.split = split;
  }
  let lookup: Map<string, string> | null = null;
  if (valueMap !== undefined) {
    const entries = isPlainObject(valueMap) && !tooMany(valueMap) ? Object.entries(valueMap) : null;
    if (!isPlainObject(valueMap)) fail("valueMap must be an object of source value to target value", "valueMap");
    else if (entries === null) fail(`valueMap has more than ${MAX_VALUE_MAP_ENTRIES} entries`, "valueMap");
    else {
      lookup = new Map();
      const copy: Record<string, string> = Object.create(null);
      for (const [from, to] of entries) {
        const key = from.trim().toLowerCase();
        if (typeof to !== "string" || to.length > MAX_VALUE_MAP_VALUE_LENGTH) {
          fail(`valueMap["${from.slice(0, 50)}"] must be text of at most ${MAX_VALUE_MAP_VALUE_LENGTH} characters`, "valueMap");
        } else if (from.length > MAX_VALUE_MAP_KEY_LENGTH) {
          fail(`valueMap keys must be at most ${MAX_VALUE_MAP_KEY_LENGTH} characters`, "valueMap");
        } else if (!allowedEnum(target, to)) {
          fail(`valueMap["${from.slice(0, 50)}"] = "${to.slice(0, 50)}" is not one of ${target?.field?.enumValues?.join(", ")}`, "valueMap");
        } else if (lookup.has(key) && lookup.get(key) !== to) {
          fail(`valueMap maps "${from.slice(0, 50)}" twice (keys are compared trimmed and case-insensitively)`, "valueMap");
        } else {
          lookup.set(key, to);
          copy[from] = to;
        }
      }
      out.valueMap = Object.freeze(copy);
    }
  }
  if (fallback !== undefined) {
    const limit = Math.min(MAX_DEFAULT_LENGTH, target?.kind === "tags" ? MAX_DEFAULT_LENGTH : (target?.field?.maxLength ?? MAX_DEFAULT_LENGTH));
    if (typeof fallback !== "string" || fallback.trim() === "" || fallback.length > limit) {
      fail(`default must be non-empty text of at most ${limit} characters`, "default");
    } else if (!allowedEnum(target, fallback)) {
      fail(`default "${fallback.slice(0, 50)}" is not one of ${target?.field?.enumValues?.join(", ")}`, "default");
    } else out.default = fallback;
  }
  return { errors, transform: Object.freeze(out), valueMap: lookup };
};
