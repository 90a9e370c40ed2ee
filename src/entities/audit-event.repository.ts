import type { SqlTime, SqlTx } from "./sql-client.js";

/** One entry of the trail as it is appended; `at` and the key's prefix are filled in by the database. */
export interface AuditEntry {
  readonly action: string;
  readonly keyId: string | null;
  readonly requestId: string | null;
  readonly recordType?: string | null;
  readonly recordId?: string | null;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface AuditEventRow {
  id: string;
  at: SqlTime;
  action: string;
  key_id: string | null;
  key_prefix: string | null;
  request_id: string | null;
  record_type: string | null;
  record_id: string | null;
  details: Record<string, unknown>;
}

export const AUDIT_COLUMNS = "id, at, action, key_id, key_prefix, request_id, record_type, record_id, details";

/**
 * Appends entries in the caller's transaction, so they commit or roll back with the change they
 * tell of. The key's prefix is copied in: it stays readable after the key is gone.
 */
export const insertAuditEvents = async (tx: SqlTx, workspaceId: string, entries: readonly AuditEntry[]): Promise<void> => {
  if (entries.length === 0) return;
  await tx.query(
    `insert into audit_event (workspace_id, action, key_id, key_prefix, request_id, record_type, record_id, details)
     select $1, e->>'action', (e->>'key_id')::uuid, k.prefix, e->>'request_id', e->>'record_type', e->>'record_id', coalesce(e->'details', '{}')
       from jsonb_array_elements($2::jsonb) with ordinality as a(e, n)
       left join api_key k on k.id = (e->>'key_id')::uuid and k.workspace_id = $1
      order by a.n`,
    [
      workspaceId,
      JSON.stringify(
        entries.map((e) => ({
          action: e.action,
          key_id: e.keyId,
          request_id: e.requestId,
          record_type: e.recordType ?? null,
          record_id: e.recordId ?? null,
          details: e.details ?? {},
        })),
      ),
    ],
  );
};

export interface AuditFilterValues {
  readonly action?: string | null;
  readonly keyId?: string | null;
  readonly recordId?: string | null;
  readonly since?: Date | null;
  readonly until?: Date | null;
}

/** WHERE over audit_event for a workspace and a filter; an action ending in `.*` matches its prefix. */
const whereOf = (workspaceId: string, filter: AuditFilterValues, params: unknown[]): string => {
  params.push(workspaceId);
  const where = [`workspace_id = $${params.length}`];
  if (filter.action) {
    if (filter.action.endsWith(".*")) {
      params.push(filter.action.slice(0, -1).replace(/[\\%_]/g, (c) => "\\" + c) + "%");
      where.push(`action like $${params.length}`);
    } else {
      params.push(filter.action);
      where.push(`action = $${params.length}`);
    }
  }
  if (filter.keyId) {
    params.push(filter.keyId);
    where.push(`key_id = $${params.length}::uuid`);
  }
  if (filter.recordId) {
    params.push(filter.recordId);
    where.push(`record_id = $${params.length}`);
  }
  if (filter.since) {
    params.push(filter.since.toISOString());
    where.push(`at >= $${params.length}::timestamptz`);
  }
  if (filter.until) {
    params.push(filter.until.toISOString());
    where.push(`at < $${params.length}::timestamptz`);
  }
  return where.join(" and ");
};

/** A page of a workspace's events, newest first, after the event id `beforeId`. */
export const findAuditEventPage = async (
  sql: SqlTx,
  workspaceId: string,
  filter: AuditFilterValues,
  beforeId: string | null,
  limit: number,
): Promise<AuditEventRow[]> => {
  const params: unknown[] = [];
  const where = whereOf(workspaceId, filter, params);
  params.push(beforeId, limit);
  return sql.query<AuditEventRow>(
    `select ${AUDIT_COLUMNS} from audit_event where ${where} and ($${params.length - 1}::bigint is null or id < $${params.length - 1}::bigint)
     order by id desc limit $${params.length}`,
    params,
  );
};

export const countAuditEvents = async (sql: SqlTx, workspaceId: string, filter: AuditFilterValues): Promise<number> => {
  const params: unknown[] = [];
  const rows = await sql.query<{ n: string | number }>(`select count(*) as n from audit_event where ${whereOf(workspaceId, filter, params)}`, params);
  return Number(rows[0]!.n);
};
