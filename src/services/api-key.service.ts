import crypto from "node:crypto";
import type { Role } from "../entities/api-key.entity.js";
import { ROLES } from "../entities/api-key.entity.js";
import type { SqlClient } from "../entities/sql-client.js";
import type { Principal } from "./principal.js";

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
}

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/** Creates the workspace if it is new; returns its id. */
export const ensureWorkspace = async (sql: SqlClient, name: string): Promise<string> => {
  const rows = await sql.query<{ id: string }>(
    `insert into workspace (name) values ($1) on conflict (name) do update set name = excluded.name returning id`,
    [name],
  );
  return rows[0]!.id;
};

/** A new key; its secret is returned once and only its hash is stored. */
export const createApiKey = async (sql: SqlClient, workspaceId: string, role: Role, name: string): Promise<CreatedKey> => {
  const key = newSecret();
  const prefix = key.slice(0, KEY_PREFIX.length + 6);
  const rows = await sql.query<{ id: string; created_at: Date }>(
    `insert into api_key (workspace_id, name, role, prefix, key_hash) values ($1, $2, $3, $4, $5) returning id, created_at`,
    [workspaceId, name, role, prefix, hashApiKey(key)],
  );
  return { key, id: rows[0]!.id, workspaceId, role, name, prefix, createdAt: rows[0]!.created_at };
};

const CACHE_MS = 5_000;
const CACHE_MAX = 1_000;

/** Looks keys up by hash, with a short cache so a busy client costs one query per few seconds. */
export const createAuthenticator = (sql: SqlClient) => {
  const cache = new Map<string, { principal: Principal | null; until: number }>();
  return async (rawKey: string): Promise<Principal | null> => {
    if (!rawKey.startsWith(KEY_PREFIX) || rawKey.length > 200) return null;
    const hash = hashApiKey(rawKey);
    const hit = cache.get(hash);
    if (hit && hit.until > Date.now()) return hit.principal;
    const rows = await sql.query<{ id: string; workspace_id: string; role: Role }>(
      `select id, workspace_id, role from api_key where key_hash = $1 and revoked_at is null`,
      [hash],
    );
    const row = rows[0];
    const principal = row ? { keyId: row.id, workspaceId: row.workspace_id, role: row.role } : null;
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(hash, { principal, until: Date.now() + CACHE_MS });
    return principal;
  };
};

export type Authenticator = ReturnType<typeof createAuthenticator>;

/** The bearer token of an Authorization header value, or null. */
export const bearerToken = (header: unknown): string | null => {
  if (typeof header !== "string") return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
};
