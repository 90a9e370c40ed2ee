import type { ImportEntityName } from "../fields/field-catalog.js";
import { ENTITY_REQUIREMENTS } from "./entity-requirements.js";
import {
  ON_EXISTING_POLICIES,
  type CompiledEntry,
  type FieldMapping,
  type MappedValue,
  type MappingError,
  type OnExisting,
  type ValidateMappingResult,
} from "./mapping-spec.js";
import { fieldNamedBy } from "./match-header.js";
import { resolveTarget } from "./resolve-target.js";
import { validateTransform } from "./validate-transform.js";

export const MAX_MAPPINGS = 500;
export const MAX_SOURCE_LENGTH = 1000;

const AMBIGUOUS = Symbol("ambiguous");

type HeaderIndex = { readonly exact: ReadonlySet<string>; readonly folded: ReadonlyMap<string, string | typeof AMBIGUOUS> };

const fold = (name: string): string => name.trim().normalize("NFKC").toLowerCase();

const indexHeaders = (headers: readonly string[]): HeaderIndex => {
  const folded = new Map<string, string | typeof AMBIGUOUS>();
  for (const header of headers) {
    const key = fold(header);
    const seen = folded.get(key);
    folded.set(key, seen === undefined || seen === header ? header : AMBIGUOUS);
  }
  return { exact: new Set(headers), folded };
};

const quote = (text: string): string => JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

/**
 * Checks a mapping spec once, before any row is read, and compiles it for applyMapping.
 * `headers` are the file's source names, or null when they are not known up front. Every
 * problem is reported, each with a path into the input such as ["mapping", "3", "target"].
 */
export const validateMapping = (entity: ImportEntityName, mapping: readonly FieldMapping[], headers: readonly string[] | null): ValidateMappingResult => {
  if (!Array.isArray(mapping)) {
    return { ok: false, errors: [{ field: ["mapping"], code: "INVALID_ENTRY", message: "mapping must be a list" }] };
  }
  if (mapping.length === 0) {
    return { ok: false, errors: [{ field: ["mapping"], code: "EMPTY_MAPPING", message: "The mapping maps no column" }] };
  }
  if (mapping.length > MAX_MAPPINGS) {
    const message = `The mapping has ${mapping.length} entries; at most ${MAX_MAPPINGS} are allowed`;
    return { ok: false, errors: [{ field: ["mapping"], code: "TOO_MANY_MAPPINGS", message }] };
  }
  const index = headers === null ? null : indexHeaders(headers);
  const errors: MappingError[] = [];
  const entries: CompiledEntry[] = [];
  const normalized: FieldMapping[] = [];
  const claimed = new Map<string, number>();

  mapping.forEach((entry: unknown, position) => {
    const path = ["mapping", String(position)];
    const fail = (code: MappingError["code"], key: string, message: string): void => {
      errors.push({ field: [...path, key], code, message });
    };
    if (!isObject(entry) || typeof entry["source"] !== "string" || typeof entry["target"] !== "string") {
      errors.push({ field: path, code: "INVALID_ENTRY", message: "Each mapping needs a text source and target" });
      return;
    }
    // stored as jsonb with the job or template, which cannot hold U+0000; no header holds one either
    if (holdsNul(entry)) {
      errors.push({ field: path, code: "INVALID_ENTRY", message: "A mapping entry cannot hold a NUL character" });
      return;
    }
    const { source, target } = entry as { source: string; target: string };
    const resolved = resolveTarget(entity, target);
    if (resolved === null) {
      const guess = fieldNamedBy(entity, target);
      const hint = guess === null ? `a field of importFields(${entity}) or "customFields.<key>"` : `"${guess}"`;
      fail("UNKNOWN_TARGET", "target", `Unknown target ${quote(target)}; use ${hint}`);
    } else {
      const previous = claimed.get(resolved.target);
      if (previous !== undefined) {
        fail("DUPLICATE_TARGET", "target", `${resolved.target} is already mapped by mapping ${previous}`);
      } else claimed.set(resolved.target, position);
    }
    const onExisting = checkOnExisting(entity, entry["onExisting"], resolved?.kind ?? null, (message) => fail("INVALID_ON_EXISTING", "onExisting", message));
    const checked = validateTransform(entry["transform"], resolved, path);
    errors.push(...checked.errors);
    const fallback = checked.transform?.default;

    let column = source;
    const constant = source.trim() === "";
    if (source.length > MAX_SOURCE_LENGTH) {
      fail("INVALID_SOURCE", "source", `source is longer than ${MAX_SOURCE_LENGTH} characters`);
    } else if (constant) {
      if (fallback === undefined) fail("INVALID_SOURCE", "source", "source is empty; an entry without a column needs a transform.default");
      column = "";
    } else if (index !== null && !index.exact.has(source)) {
      const match = index.folded.get(fold(source));
      if (match === undefined) fail("UNKNOWN_SOURCE", "source", `The file has no column ${quote(source)}`);
      else if (match === AMBIGUOUS) fail("AMBIGUOUS_SOURCE", "source", `Several columns match ${quote(source)}; give the exact header`);
      else column = match;
    }
    if (resolved === null) return;
    const blank: MappedValue = Object.freeze({ column, value: fallback ?? null, transform: checked.transform });
    normalized.push({
      source: column,
      target: resolved.target,
      ...(checked.transform === undefined ? {} : { transform: checked.transform }),
      ...(onExisting === undefined ? {} : { onExisting }),
    });
    entries.push({
      source: column,
      constant,
      target: resolved.target,
      key: resolved.key,
      custom: resolved.custom,
      kind: resolved.kind,
      transform: checked.transform,
      valueMap: checked.valueMap,
      blank,
      guarded: !constant && column in Object.prototype,
    });
  });

  const mapped = new Set(claimed.keys());
  const requirement = ENTITY_REQUIREMENTS[entity];
  for (const field of requirement.required) {
    if (!mapped.has(field)) {
      errors.push({ field: ["mapping"], code: "REQUIRED_FIELD_UNMAPPED", message: `${entity} imports need ${field} mapped (a transform.default counts)` });
    }
  }
  for (const group of requirement.oneOf) {
    if (!group.some((field) => mapped.has(field))) {
      errors.push({ field: ["mapping"], code: "REQUIRED_FIELD_UNMAPPED", message: `${entity} imports need at least one of ${group.join(", ")} mapped` });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, compiled: Object.freeze({ entity, mapping: Object.freeze(normalized), entries: Object.freeze(entries) }) };
};

/** The entry's policy for existing customers; undefined when absent (OVERWRITE) or refused. */
const checkOnExisting = (entity: ImportEntityName, value: unknown, kind: string | null, fail: (message: string) => void): OnExisting | undefined => {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" || !(ON_EXISTING_POLICIES as readonly string[]).includes(value)) {
    fail(`onExisting is one of ${ON_EXISTING_POLICIES.join(", ")}`);
    return undefined;
  }
  if (entity !== "CUSTOMER") {
    fail("onExisting applies to customer imports only");
    return undefined;
  }
  if (value === "APPEND" && kind !== null && kind !== "tags") {
    fail("APPEND applies to tags only; a custom field is added beside the stored ones under any policy");
    return undefined;
  }
  return value as OnExisting;
};

const holdsNul = (value: unknown): boolean =>
  typeof value === "string"
    ? value.includes("\0")
    : Array.isArray(value)
      ? value.some(holdsNul)
      : isObject(value) && Object.entries(value).some(([key, item]) => key.includes("\0") || holdsNul(item));
