/** The roles of an API key, weakest first: a VIEWER reads, an IMPORTER also writes, an ADMIN also manages keys and hooks. */
export const ROLES = ["VIEWER", "IMPORTER", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];
