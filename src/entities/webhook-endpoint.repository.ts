import type { SqlClient, SqlTime, SqlTx } from "./sql-client.js";

export interface WebhookEndpointRow {
  id: string;
  workspace_id: string;
  url: string;
  description: string | null;
  events: string[];
  failing_since: SqlTime | null;
  disabled_at: SqlTime | null;
  disabled_reason: string | null;
  created_at: SqlTime;
  updated_at: SqlTime;
}

// the secret is never read back for the API: only the dispatcher selects it, to sign
const COLUMNS = "id, workspace_id, url, description, events, failing_since, disabled_at, disabled_reason, created_at, updated_at";

export const insertWebhookEndpoint = async (
  sql: SqlTx,
  e: { workspaceId: string; url: string; description: string | null; events: readonly string[]; secret: string; keyId: string },
): Promise<WebhookEndpointRow> =>
  (
    await sql.query<WebhookEndpointRow>(
      `insert into webhook_endpoint (workspace_id, url, description, events, secret, created_by_key_id)
     values ($1, $2, $3, $4::text[], $5, $6) returning ${COLUMNS}`,
      [e.workspaceId, e.url, e.description, e.events, e.secret, e.keyId],
    )
  )[0]!;

export const listWebhookEndpoints = (sql: SqlClient, workspaceId: string) =>
  sql.query<WebhookEndpointRow>(`select ${COLUMNS} from webhook_endpoint where workspace_id = $1 order by created_at, id`, [workspaceId]);

export const findWebhookEndpoint = async (sql: SqlClient, workspaceId: string, id: string): Promise<WebhookEndpointRow | null> =>
  (await sql.query<WebhookEndpointRow>(`select ${COLUMNS} from webhook_endpoint where workspace_id = $1 and id = $2`, [workspaceId, id]))[0] ?? null;

export interface WebhookEndpointChanges {
  url?: string;
  description?: string | null;
  events?: readonly string[];
  /** true clears a disabled endpoint's state; false disables it with the given reason. */
  enabled?: { value: boolean; reason: string };
}

/**
 * Applies the given changes; a pending delivery of an endpoint being disabled is given up in the
 * same transaction, and so is `afterWrite` (an audit event) with the endpoint before and after.
 */
export const updateWebhookEndpoint = (
  sql: SqlClient,
  workspaceId: string,
  id: string,
  c: WebhookEndpointChanges,
  afterWrite?: (tx: SqlTx, before: WebhookEndpointRow, after: WebhookEndpointRow) => Promise<void>,
): Promise<WebhookEndpointRow | null> =>
  sql.transaction(async (tx) => {
    const before = afterWrite
      ? (await tx.query<WebhookEndpointRow>(`select ${COLUMNS} from webhook_endpoint where workspace_id = $1 and id = $2 for update`, [workspaceId, id]))[0]
      : undefined;
    const rows = await tx.query<WebhookEndpointRow>(
      `update webhook_endpoint set url = coalesce($3, url),
              description = case when $4::boolean then $5 else description end,
              events = coalesce($6::text[], events),
              disabled_at = case when $7::boolean is null then disabled_at when $7 then null else coalesce(disabled_at, now()) end,
              disabled_reason = case when $7::boolean is null then disabled_reason when $7 then null else coalesce(disabled_reason, $8) end,
              failing_since = case when $7::boolean then null else failing_since end,
              updated_at = now()
        where workspace_id = $1 and id = $2 returning ${COLUMNS}`,
      [
        workspaceId,
        id,
        c.url ?? null,
        c.description !== undefined,
        c.description ?? null,
        c.events ?? null,
        c.enabled?.value ?? null,
        c.enabled?.reason ?? null,
      ],
    );
    const row = rows[0] ?? null;
    if (row?.disabled_at) await failPendingDeliveries(tx, id, row.disabled_reason ?? "The endpoint is disabled.");
    if (row && before && afterWrite) await afterWrite(tx, before, row);
    return row;
  });

/** Deletes an endpoint; returns what it was, null when there was none. */
export const deleteWebhookEndpoint = async (sql: SqlTx, workspaceId: string, id: string): Promise<WebhookEndpointRow | null> =>
  (await sql.query<WebhookEndpointRow>(`delete from webhook_endpoint where workspace_id = $1 and id = $2 returning ${COLUMNS}`, [workspaceId, id]))[0] ?? null;

export const failPendingDeliveries = (tx: SqlTx, endpointId: string, reason: string) =>
  tx.query(
    `update webhook_delivery set status = 'FAILED', last_error = coalesce(last_error || ' / ', '') || $2, lease_owner = null, lease_expires_at = null
      where endpoint_id = $1 and status = 'PENDING'`,
    [endpointId, reason],
  );
