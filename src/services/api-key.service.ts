import crypto from "node:crypto";
import { ROLES, type Role } from "../auth/roles.js";
import type { SqlClient, SqlTx } from "../entities/sql-client.js";
import type { Principal } from "../auth/principal.js";
import { sqlTimeToDate } from "../common/sql-time.js";

const KEY_PREFIX = "crm_";

export const hashApiKey = (key: string): string => crypto.createHash("sha256").update(key, "utf8").digest("hex");

const newSecret = (): string => KEY_PREFIX + crypto.randomBytes(32).toString("base64url");

export interface CreatedKey {
  readonly key: string;
  readonly id: string;
  readonly workspaceId: string;
  readonly role: Role;
  readonly name: string;
  readonly prefix: string;
  readonly createdAt: Date;
  readonly expiresAt: Date | null;
}

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/** Creates the workspace if it is new; returns its id. */
export const ensureWorkspace = async (sql: SqlClient, name: string): Promise<string> => {
  const rows = await sql.query<{ id: string }>(`insert into workspace (name) values ($1) on conflict (name) do update set name = excluded.name returning id`, [
    name,
  ]);
  return rows[0]!.id;
};

/** A new key; its secret is returned once and only its hash is stored. */
export const createApiKey = async (sql: SqlTx, workspaceId: string, role: Role, name: string, expiresAt: Date | null = null): Promise<CreatedKey> => {
  const key = newSecret();
  const prefix = key.slice(0, KEY_PREFIX.length + 6);
  const rows = await sql.query<{ id: string; created_at: Date | string }>(
    `insert into api_key (workspace_id, name, role, prefix, key_hash, expires_at) values ($1, $2, $3, $4, $5, $6) returning id, created_at`,
    [workspaceId, name, role, prefix, hashApiKey(key), expiresAt?.toISOString() ?? null],
  );
  return { key, id: rows[0]!.id, workspaceId, role, name, prefix, createdAt: sqlTimeToDate(rows[0]!.created_at), expiresAt };
};

const CACHE_MS = 5_000;
const CACHE_MAX = 1_000;

/** Why a key is refused: each says so in the 401's message and the socket's close reason. */
export type KeyRefusal = "unknown" | "revoked" | "expired";

export type KeyCheck = { readonly principal: Principal } | { readonly refused: KeyRefusal };

interface CachedKey {
  readonly principal: Principal | null;
  readonly revoked: boolean;
  readonly expiresAt: number | null;
  readonly until: number;
}

const checkOf = (entry: CachedKey, now: number): KeyCheck => {
  if (!entry.principal) return { refused: "unknown" };
  if (entry.revoked) return { refused: "revoked" };
  if (entry.expiresAt !== null && entry.expiresAt <= now) return { refused: "expired" };
  return { principal: entry.principal };
};

export const refusalMessage = (refusal: KeyRefusal): string =>
  refusal === "revoked" ? "The API key has been revoked." : refusal === "expired" ? "The API key has expired." : "The API key is not valid.";

export interface Authenticator {
  /** The caller of a key, or null when it is unknown, revoked or expired. */
  (rawKey: string): Promise<Principal | null>;
  /** The caller of a key, or why it is refused. */
  check(rawKey: string): Promise<KeyCheck>;
  /** Drops a key from the cache at once (it was revoked, here or in another process). */
  forget(keyId: string): void;
}

/**
 * Looks keys up by hash, with a short cache so a busy client costs one query per few seconds.
 * Expiry is checked on every hit; a revocation empties the cache through forget().
 */
export const createAuthenticator = (sql: SqlClient): Authenticator => {
  const cache = new Map<string, CachedKey>();
  const check = async (rawKey: string): Promise<KeyCheck> => {
    if (!rawKey.startsWith(KEY_PREFIX) || rawKey.length > 200) return { refused: "unknown" };
    const hash = hashApiKey(rawKey);
    const now = Date.now();
    const hit = cache.get(hash);
    if (hit && hit.until > now) return checkOf(hit, now);
    const rows = await sql.query<{ id: string; workspace_id: string; role: Role; revoked: boolean; expires_at: Date | string | null }>(
      `select id, workspace_id, role, revoked_at is not null as revoked, expires_at from api_key where key_hash = $1`,
      [hash],
    );
    const row = rows[0];
    const entry: CachedKey = {
      principal: row ? { keyId: row.id, workspaceId: row.workspace_id, role: row.role } : null,
      revoked: row?.revoked ?? false,
      expiresAt: row?.expires_at ? sqlTimeToDate(row.expires_at).getTime() : null,
      until: now + CACHE_MS,
    };
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(hash, entry);
    const result = checkOf(entry, now);
    // at most once per key per cache period and process: the listing's lastUsedAt is that precise
    if ("principal" in result) void sql.query(`update api_key set last_used_at = now() where id = $1`, [result.principal.keyId]).catch(() => undefined);
    return result;
  };
  const authenticate = async (rawKey: string): Promise<Principal | null> => {
    const result = await check(rawKey);
    return "principal" in result ? result.principal : null;
  };
  return Object.assign(authenticate, {
    check,
    forget: (keyId: string) => {
      for (const [hash, entry] of cache) if (entry.principal?.keyId === keyId) cache.delete(hash);
    },
  });
};

/** The bearer token of an Authorization header value, or null. */
export const bearerToken = (header: unknown): string | null => {
  if (typeof header !== "string") return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
};
