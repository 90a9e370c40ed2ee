/** What a failed write ran into, read from the database error; null for any other error. */
export type WriteConflict =
  /** A unique key per workspace is taken: the field it belongs to. */
  | { readonly kind: "unique"; readonly field: "email" | "externalId" | null }
  /** A row it refers to is gone (deleted meanwhile). */
  | { readonly kind: "missing-reference" };

// PostgreSQL's unique_violation and foreign_key_violation, the same on both drivers
const UNIQUE_VIOLATION = "23505";
const FOREIGN_KEY_VIOLATION = "23503";

export const writeConflictOf = (error: unknown): WriteConflict | null => {
  if (typeof error !== "object" || error === null) return null;
  const { code, constraint, message } = error as { code?: unknown; constraint?: unknown; message?: unknown };
  if (code === FOREIGN_KEY_VIOLATION) return { kind: "missing-reference" };
  if (code !== UNIQUE_VIOLATION) return null;
  const name = typeof constraint === "string" ? constraint : typeof message === "string" ? message : "";
  if (/_external_id_key\b/.test(name)) return { kind: "unique", field: "externalId" };
  if (/_email_key\b/.test(name)) return { kind: "unique", field: "email" };
  return { kind: "unique", field: null };
};
