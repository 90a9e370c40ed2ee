const isPlain = (value: object): boolean => {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/**
 * The path segments, innermost first, down to the first ill-formed string or key, or null. The
 * path is built only once something is found: a bulk call's 1,000 records have some 12,000 members,
 * and a path text for each cost 1.2 MB a call (see BENCHMARKS.md, "Bulk upserts").
 */
const findSegments = (value: unknown): string[] | null => {
  if (typeof value === "string") return value.isWellFormed() ? null : [];
  if (value === null || typeof value !== "object") return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findSegments(value[i]);
      if (found !== null) return (found.push(String(i)), found);
    }
    return null;
  }
  if (!isPlain(value)) return null;
  for (const key of Object.keys(value)) {
    if (!key.isWellFormed()) return [key.toWellFormed()];
    const found = findSegments((value as Record<string, unknown>)[key]);
    if (found !== null) return (found.push(key), found);
  }
  return null;
};

/**
 * The path ("input.mapping.0.source") of the first string or key of a JSON value holding a lone
 * UTF-16 surrogate (`"\ud800"` is valid JSON, not text: no PostgreSQL text or jsonb can hold
 * it), or null. Only plain objects and arrays are walked: an upload is an object of its own.
 */
export const findIllFormedText = (value: unknown, path = ""): string | null => {
  const segments = findSegments(value);
  if (segments === null) return null;
  let at = path;
  // an empty segment (the key "") adds no dot when nothing precedes it
  for (let i = segments.length - 1; i >= 0; i--) at = at === "" ? segments[i]! : `${at}.${segments[i]}`;
  return at;
};
