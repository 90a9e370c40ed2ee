import { DatabaseSourceError } from "../../errors/database-source.error.js";

export type SourceDialect = "postgres" | "mysql";

/** Where a source database is and who reads it; the password travels apart from it. */
export interface DatabaseTarget {
  readonly dialect: SourceDialect;
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
}

const DIALECTS: Record<string, { dialect: SourceDialect; port: number }> = {
  "postgres:": { dialect: "postgres", port: 5432 },
  "postgresql:": { dialect: "postgres", port: 5432 },
  "mysql:": { dialect: "mysql", port: 3306 },
  "mariadb:": { dialect: "mysql", port: 3306 },
};

const decode = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new DatabaseSourceError("DATABASE_URL_INVALID", "The database URL has a badly escaped part.");
  }
};

/** Reads postgres://user:pass@host:port/db or mysql://...; the error never repeats the URL (it may hold a password). */
export const parseDatabaseUrlOrThrow = (url: string): { target: DatabaseTarget; password: string | null } => {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DatabaseSourceError(
      "DATABASE_URL_INVALID",
      "The database URL cannot be read; write it as postgres://user:password@host:5432/database or mysql://...",
    );
  }
  const kind = DIALECTS[parsed.protocol];
  if (!kind)
    throw new DatabaseSourceError(
      "DATABASE_URL_INVALID",
      `The database URL must start with postgres://, postgresql://, mysql:// or mariadb://, not ${parsed.protocol}//.`,
    );
  const host = parsed.hostname.replace(/^\[(.*)\]$/, "$1");
  if (!host) throw new DatabaseSourceError("DATABASE_URL_INVALID", "The database URL names no host.");
  const database = decode(parsed.pathname.replace(/^\//, ""));
  if (!database || database.includes("/"))
    throw new DatabaseSourceError("DATABASE_URL_INVALID", "The database URL must name one database after the host: .../database.");
  const user = decode(parsed.username);
  if (!user) throw new DatabaseSourceError("DATABASE_URL_INVALID", "The database URL names no user.");
  const port = parsed.port ? Number(parsed.port) : kind.port;
  return { target: { dialect: kind.dialect, host, port, database, user }, password: parsed.password ? decode(parsed.password) : null };
};

/** The URL as it may be shown and stored: never with the password. */
export const redactedDatabaseUrl = (t: DatabaseTarget): string => {
  const host = t.host.includes(":") ? `[${t.host}]` : t.host;
  return `${t.dialect === "postgres" ? "postgres" : "mysql"}://${encodeURIComponent(t.user)}@${host}:${t.port}/${encodeURIComponent(t.database)}`;
};
