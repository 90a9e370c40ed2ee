import type { SqlClient, SqlTime } from "./sql-client.js";
import { failPendingDeliveries } from "./webhook-endpoint.repository.js";

export interface WebhookDeliveryRow {
  id: string;
  workspace_id: string;
  endpoint_id: string;
  event_type: string;
  body: string;
  status: "PENDING" | "DELIVERED" | "FAILED";
  attempts: number;
  next_attempt_at: SqlTime;
  last_attempt_at: SqlTime | null;
  last_status_code: number | null;
  last_error: string | null;
  last_response_body: string | null;
  last_duration_ms: number | null;
  delivered_at: SqlTime | null;
  created_at: SqlTime;
}

const COLUMNS = `id, workspace_id, endpoint_id, event_type, body, status, attempts, next_attempt_at, last_attempt_at, last_status_code,
  last_error, last_response_body, last_duration_ms, delivered_at, created_at`;

export const findDeliveryPage = (sql: SqlClient, workspaceId: string, endpointId: string, after: { at: string; id: string } | null, limit: number) =>
  sql.query<WebhookDeliveryRow>(
    `select ${COLUMNS} from webhook_delivery where workspace_id = $1 and endpoint_id = $2
        and ($3::timestamptz is null or (created_at, id) < ($3::timestamptz, $4::uuid))
      order by created_at desc, id desc limit $5`,
    [workspaceId, endpointId, after?.at ?? null, after?.id ?? null, limit],
  );

export const countDeliveries = async (sql: SqlClient, workspaceId: string, endpointId: string): Promise<number> =>
  Number(
    (await sql.query<{ n: string }>(`select count(*) as n from webhook_delivery where workspace_id = $1 and endpoint_id = $2`, [workspaceId, endpointId]))[0]
      ?.n ?? 0,
  );

/** A claimed delivery, with what sending it takes. */
export interface ClaimedDelivery {
  id: string;
  workspace_id: string;
  endpoint_id: string;
  body: string;
  attempts: number;
  created_at: SqlTime;
  url: string;
  secret: string;
}

/**
 * Claims due deliveries of enabled endpoints across all workspaces, with a lease: a worker
 * that dies mid-send leaves its deliveries to be claimed again once the lease lapses. SKIP
 * LOCKED lets any number of processes claim at once without taking the same delivery twice.
 */
export const claimDeliveries = (sql: SqlClient, owner: string, leaseSeconds: number, limit: number) =>
  sql.query<ClaimedDelivery>(
    `with due as (
       select d.id from webhook_delivery d join webhook_endpoint e on e.id = d.endpoint_id
        where d.status = 'PENDING' and d.next_attempt_at <= now() and (d.lease_expires_at is null or d.lease_expires_at < now())
          and e.disabled_at is null
        order by d.next_attempt_at limit $3
        for update of d skip locked)
     update webhook_delivery d set lease_owner = $1, lease_expires_at = now() + make_interval(secs => $2), attempts = d.attempts + 1
       from due, webhook_endpoint e
      where d.id = due.id and e.id = d.endpoint_id
      returning d.id, d.workspace_id, d.endpoint_id, d.body, d.attempts, d.created_at, e.url, e.secret`,
    [owner, leaseSeconds, limit],
  );

export interface AttemptOutcome {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  responseBody: string | null;
  durationMs: number;
  startedAt: Date;
}

/**
 * Records one attempt's outcome, if this worker still holds the delivery. A failure is retried
 * after `retryDelayMs`, or given up once the delivery is older than the window; an endpoint that
 * has failed every delivery for the whole window is disabled, its pending deliveries given up.
 */
export const recordAttempt = (
  sql: SqlClient,
  d: { id: string; endpointId: string; owner: string },
  o: AttemptOutcome,
  retry: { delayMs: number; windowSeconds: number },
): Promise<{ recorded: boolean; endpointDisabled: boolean }> =>
  sql.transaction(async (tx) => {
    const rows = await tx.query<{ status: string }>(
      `update webhook_delivery set lease_owner = null, lease_expires_at = null, last_attempt_at = $3, last_status_code = $4, last_error = $5,
              last_response_body = $6, last_duration_ms = $7,
              status = case when $2 then 'DELIVERED' when created_at + make_interval(secs => $9) <= now() then 'FAILED' else 'PENDING' end,
              delivered_at = case when $2 then now() else null end,
              next_attempt_at = case when $2 then next_attempt_at else now() + make_interval(secs => $8 / 1000.0) end
        where id = $1 and lease_owner = $10 and status = 'PENDING'
        returning status`,
      [d.id, o.ok, o.startedAt, o.statusCode, o.error, o.responseBody, o.durationMs, retry.delayMs, retry.windowSeconds, d.owner],
    );
    if (rows.length === 0) return { recorded: false, endpointDisabled: false };
    if (o.ok) {
      await tx.query(`update webhook_endpoint set failing_since = null where id = $1 and failing_since is not null`, [d.endpointId]);
      return { recorded: true, endpointDisabled: false };
    }
    const reason = `Every delivery failed for ${retry.windowSeconds} seconds; the last one: ${o.statusCode !== null ? `HTTP ${o.statusCode}` : o.error}.`;
    const disabled = await tx.query(
      `update webhook_endpoint set failing_since = coalesce(failing_since, $2),
              disabled_at = case when coalesce(failing_since, $2) + make_interval(secs => $3) <= now() then now() end,
              disabled_reason = case when coalesce(failing_since, $2) + make_interval(secs => $3) <= now() then $4 end
        where id = $1 and disabled_at is null
        returning disabled_at`,
      [d.endpointId, o.startedAt, retry.windowSeconds, reason],
    );
    const endpointDisabled = disabled[0]?.disabled_at != null;
    if (endpointDisabled) await failPendingDeliveries(tx, d.endpointId, "The endpoint was disabled.");
    return { recorded: true, endpointDisabled };
  });
