import type { Role } from "../auth/roles.js";
import type { SqlClient, SqlTx } from "../entities/sql-client.js";
import type { AppContext } from "../context.js";
import { createApiKey, type CreatedKey } from "./api-key.service.js";
import { auditActorOf, recordAuditEvent } from "./audit.service.js";
import { toGlobalId } from "../common/global-id.js";
import { toConnection, type Connection } from "../schema/connection.js";
import { cursorTimeOrThrow, cursorUuidOrThrow, decodeCursorOrThrow, encodeCursor, pageSizeOrThrow } from "../common/pagination.js";
import { sqlTimeKey, sqlTimeToDate, sqlTimeToDateOrNull } from "../common/sql-time.js";

type SqlTime = Date | string;

export interface ApiKeyRow {
  id: string;
  workspace_id: string;
  name: string;
  role: Role;
  prefix: string;
  created_at: SqlTime;
  last_used_at: SqlTime | null;
  expires_at: SqlTime | null;
  revoked_at: SqlTime | null;
}

export interface ApiKeyView {
  readonly rowId: string;
  readonly name: string;
  readonly role: Role;
  readonly prefix: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  readonly expiresAt: Date | null;
  readonly revokedAt: Date | null;
}

const COLUMNS = `id, workspace_id, name, role, prefix, created_at, last_used_at, expires_at, revoked_at`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const toApiKeyView = (r: ApiKeyRow): ApiKeyView => ({
  rowId: r.id,
  name: r.name,
  role: r.role,
  prefix: r.prefix,
  createdAt: sqlTimeToDate(r.created_at),
  lastUsedAt: sqlTimeToDateOrNull(r.last_used_at),
  expiresAt: sqlTimeToDateOrNull(r.expires_at),
  revokedAt: sqlTimeToDateOrNull(r.revoked_at),
});

/** A workspace's keys, newest first, revoked and expired ones included (they say so). */
export const listApiKeys = async <T>(
  sql: SqlClient,
  workspaceId: string,
  args: { first?: number | null; after?: string | null },
  map: (view: ApiKeyView) => T,
): Promise<Connection<T>> => {
  const limit = pageSizeOrThrow(args.first);
  const cursor = decodeCursorOrThrow(args.after, "apiKeys", 2);
  const after = cursor ? [cursorTimeOrThrow(cursor[0]), cursorUuidOrThrow(cursor[1])] : [null, null];
  const rows = await sql.query<ApiKeyRow>(
    `select ${COLUMNS} from api_key where workspace_id = $1
       and ($2::timestamptz is null or (created_at, id) < ($2::timestamptz, $3::uuid))
     order by created_at desc, id desc limit $4`,
    [workspaceId, after[0], after[1], limit + 1],
  );
  return toConnection(
    rows,
    limit,
    (r) => encodeCursor("apiKeys", [sqlTimeKey(r.created_at), r.id]),
    (r) => map(toApiKeyView(r)),
    async () => {
      const count = await sql.query<{ n: string | number }>(`select count(*) as n from api_key where workspace_id = $1`, [workspaceId]);
      return Number(count[0]!.n);
    },
  );
};

/**
 * Revokes a key of the workspace; revoking it again keeps the first time (retries are safe).
 * Null when the workspace has no such key: another workspace's key is not told apart from none.
 */
export const revokeApiKeyRow = async (sql: SqlTx, workspaceId: string, keyId: string): Promise<(ApiKeyRow & { was_revoked: boolean }) | null> => {
  if (!UUID.test(keyId)) return null;
  const rows = await sql.query<ApiKeyRow & { was_revoked: boolean }>(
    `update api_key k set revoked_at = coalesce(k.revoked_at, now()) from (select id, revoked_at is not null as was_revoked from api_key where id = $1 for update) o
      where k.id = o.id and k.workspace_id = $2 returning ${COLUMNS.split(", ")
        .map((c) => `k.${c}`)
        .join(", ")}, o.was_revoked`,
    [keyId, workspaceId],
  );
  return rows[0] ?? null;
};

/** A new key of the caller's workspace, with its audit event in the same transaction. */
export const createWorkspaceApiKey = (ctx: AppContext, role: Role, name: string, expiresAt: Date | null): Promise<CreatedKey> =>
  ctx.sql.transaction(async (tx) => {
    const created = await createApiKey(tx, ctx.principal.workspaceId, role, name, expiresAt);
    await recordAuditEvent(tx, auditActorOf(ctx), {
      action: "api_key.created",
      recordType: "ApiKey",
      recordId: toGlobalId("ApiKey", created.id),
      details: { name, role, prefix: created.prefix, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return created;
  });

/** Revokes a key of the caller's workspace; the first revocation is an audit event, a repeat is not. */
export const revokeWorkspaceApiKey = (ctx: AppContext, keyRowId: string): Promise<ApiKeyRow | null> =>
  ctx.sql.transaction(async (tx) => {
    const row = await revokeApiKeyRow(tx, ctx.principal.workspaceId, keyRowId);
    if (row && !row.was_revoked) {
      await recordAuditEvent(tx, auditActorOf(ctx), {
        action: "api_key.revoked",
        recordType: "ApiKey",
        recordId: toGlobalId("ApiKey", row.id),
        details: { name: row.name, role: row.role, prefix: row.prefix },
      });
    }
    return row;
  });

/** The keys of a workspace by name, for the CLI. */
export const listWorkspaceKeys = async (sql: SqlClient, workspaceName: string): Promise<ApiKeyView[] | null> => {
  const ws = await sql.query<{ id: string }>(`select id from workspace where name = $1`, [workspaceName]);
  if (!ws[0]) return null;
  const rows = await sql.query<ApiKeyRow>(`select ${COLUMNS} from api_key where workspace_id = $1 order by created_at desc, id desc`, [ws[0].id]);
  return rows.map(toApiKeyView);
};

/** The CLI's revoke: by id or by prefix; a prefix shared by several keys is refused as ambiguous. */
export const findKeysByIdOrPrefix = async (sql: SqlClient, idOrPrefix: string): Promise<ApiKeyRow[]> =>
  sql.query<ApiKeyRow>(UUID.test(idOrPrefix) ? `select ${COLUMNS} from api_key where id = $1` : `select ${COLUMNS} from api_key where prefix = $1`, [
    idOrPrefix,
  ]);

/** Which of these keys are now refused, and why: the periodic re-check of open sockets. */
export const refusedKeys = async (sql: SqlClient, keyIds: readonly string[]): Promise<Map<string, "revoked" | "expired">> => {
  const refused = new Map<string, "revoked" | "expired">();
  if (keyIds.length === 0) return refused;
  const rows = await sql.query<{ id: string; revoked: boolean; expired: boolean }>(
    `select id, revoked_at is not null as revoked, coalesce(expires_at <= now(), false) as expired from api_key where id = any($1::uuid[])`,
    [keyIds],
  );
  const seen = new Set<string>();
  for (const r of rows) {
    seen.add(r.id);
    if (r.revoked) refused.set(r.id, "revoked");
    else if (r.expired) refused.set(r.id, "expired");
  }
  // a deleted key (its workspace removed) is as good as revoked
  for (const id of keyIds) if (!seen.has(id)) refused.set(id, "revoked");
  return refused;
};
