import crypto from "node:crypto";

// keys sorted at every level; a member absent, undefined or null is one "not given": retries hash alike
const canonical = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined && v !== null) out[key] = canonical(v);
  }
  return out;
};

/** SHA-256 (hex) of a JSON value's canonical text: object keys sorted, members not given left out. */
export const canonicalSha256 = (value: unknown): string =>
  crypto
    .createHash("sha256")
    .update(JSON.stringify(canonical(value)))
    .digest("hex");
