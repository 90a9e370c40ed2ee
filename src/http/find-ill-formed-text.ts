const isPlain = (value: object): boolean => {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/**
 * The path ("input.mapping.0.source") of the first string or key of a JSON value holding a lone
 * UTF-16 surrogate (`"\ud800"` is valid JSON, not text: no PostgreSQL text or jsonb can hold
 * it), or null. Only plain objects and arrays are walked: an upload is an object of its own.
 */
export const findIllFormedText = (value: unknown, path = ""): string | null => {
  if (typeof value === "string") return value.isWellFormed() ? null : path;
  if (value === null || typeof value !== "object") return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findIllFormedText(value[i], path === "" ? String(i) : `${path}.${i}`);
      if (found !== null) return found;
    }
    return null;
  }
  if (!isPlain(value)) return null;
  for (const key of Object.keys(value)) {
    const at = path === "" ? key.toWellFormed() : `${path}.${key.toWellFormed()}`;
    if (!key.isWellFormed()) return at;
    const found = findIllFormedText((value as Record<string, unknown>)[key], at);
    if (found !== null) return found;
  }
  return null;
};
