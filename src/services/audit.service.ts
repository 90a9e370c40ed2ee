import type { AppContext } from "../context.js";
import { countAuditEvents, findAuditEventPage, insertAuditEvents, type AuditEventRow, type AuditFilterValues } from "../entities/audit-event.repository.js";
import type { CustomerRow } from "../entities/customer.repository.js";
import type { ImportJobRow } from "../entities/import-job.repository.js";
import { toGlobalId } from "../common/global-id.js";
import type { SqlClient, SqlTx } from "../entities/sql-client.js";
import { toConnection, type Connection } from "../schema/connection.js";
import type { AuditEvent, AuditFieldChange } from "../schema/audit.type.js";
import { sqlTimeToDate } from "../common/sql-time.js";
import { cursorRowIdOrThrow, decodeCursorOrThrow, encodeCursor, pageSizeOrThrow } from "../common/pagination.js";
import type { Principal } from "../auth/principal.js";
import { badInput } from "../errors/app-error.js";
import { CUSTOMER_TEXT_COLUMNS } from "../entities/customer-columns.js";

/** Who does something, and in which request: what every audit event carries. */
export interface AuditActor {
  readonly workspaceId: string;
  readonly keyId: string | null;
  readonly requestId: string | null;
}

/** What happened, to which record, and its details (a record change lists its fields' before and after). */
export interface AuditEventInput {
  readonly action: string;
  readonly recordType?: string | null;
  readonly recordId?: string | null;
  readonly details?: Readonly<Record<string, unknown>>;
}

export const auditActorOf = (ctx: Pick<AppContext, "principal" | "requestId">): AuditActor => ({
  workspaceId: ctx.principal.workspaceId,
  keyId: ctx.principal.keyId,
  requestId: ctx.requestId,
});

export const auditActorOfRequest = (principal: Principal, requestId: unknown): AuditActor => ({
  workspaceId: principal.workspaceId,
  keyId: principal.keyId,
  requestId: typeof requestId === "string" && requestId !== "" ? requestId : null,
});

/**
 * Appends events to the audit trail inside the caller's transaction: pass the transaction
 * that makes the change, so the event and the change commit together or not at all.
 * `recordAuditEvent(tx, auditActorOf(ctx), { action: "import.fixed", recordType: "ImportJob", recordId: globalId, details })`.
 */
export const recordAuditEvent = (tx: SqlTx, actor: AuditActor, ...events: AuditEventInput[]): Promise<void> =>
  insertAuditEvents(
    tx,
    actor.workspaceId,
    events.map((e) => ({ ...e, keyId: actor.keyId, requestId: actor.requestId })),
  );

/** One field's change in a record event. */
export interface FieldChange {
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
}

const CUSTOMER_FIELDS: readonly (readonly [string, keyof CustomerRow])[] = [...Object.entries(CUSTOMER_TEXT_COLUMNS), ["tags", "tags"]];

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields that differ between two images of a customer (null for none: a create or a delete), custom fields key by key. */
export const customerChanges = (before: CustomerRow | null, after: CustomerRow | null): FieldChange[] => {
  const changes: FieldChange[] = [];
  for (const [field, column] of CUSTOMER_FIELDS) {
    const b = before?.[column] ?? null;
    const a = after?.[column] ?? null;
    if (!same(b, a) && !(field === "tags" && same(b ?? [], a ?? []))) changes.push({ field, before: b, after: a });
  }
  const bc = before?.custom_fields ?? {};
  const ac = after?.custom_fields ?? {};
  for (const key of [...new Set([...Object.keys(bc), ...Object.keys(ac)])].sort()) {
    if (bc[key] !== ac[key]) changes.push({ field: `customFields.${key}`, before: bc[key] ?? null, after: ac[key] ?? null });
  }
  return changes;
};

const camel = (column: string): string => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** A record's columns as fields by their API names, for a create event (database-only columns left out). */
export const recordValues = (row: object, omit: readonly string[] = []): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(row)
      .filter(([k]) => !omit.includes(k) && k !== "workspace_id")
      .map(([k, v]) => [camel(k), v]),
  );

export interface AuditFilterInput extends AuditFilterValues {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The filter checked: a keyId is an API key's global id or its row id; a bad one is a coded error. */
export const auditFilterOrThrow = (filter: AuditFilterInput | null | undefined, keyRowIdOf: (id: string) => string | null): AuditFilterValues => {
  if (!filter) return {};
  let keyId: string | null = null;
  if (filter.keyId) {
    keyId = UUID.test(filter.keyId) ? filter.keyId : keyRowIdOf(filter.keyId);
    if (!keyId || !UUID.test(keyId)) throw badInput('"filter.keyId" is not an API key id.', { field: "filter.keyId" });
  }
  if (filter.since && filter.until && filter.since >= filter.until) throw badInput('"filter.since" must be before "filter.until".', { field: "filter.since" });
  return { ...filter, keyId };
};

/** The workspace's events, newest first, a page at a time. */
export const listAuditEvents = async <T>(
  sql: SqlClient,
  workspaceId: string,
  filter: AuditFilterValues,
  args: { first?: number | null; after?: string | null },
  map: (r: AuditEventRow) => T,
): Promise<Connection<T>> => {
  const limit = pageSizeOrThrow(args.first);
  const cursor = decodeCursorOrThrow(args.after, "auditEvents", 1);
  const beforeId = cursor ? cursorRowIdOrThrow(cursor[0]) : null;
  const rows = await findAuditEventPage(sql, workspaceId, filter, beforeId, limit + 1);
  return toConnection(
    rows,
    limit,
    (r) => encodeCursor("auditEvents", [String(r.id)]),
    map,
    () => countAuditEvents(sql, workspaceId, filter),
  );
};

/** Every event of the filter, newest first, in pages: the export's source. */
export async function* auditEventPages(sql: SqlClient, workspaceId: string, filter: AuditFilterValues, pageSize = 2000): AsyncGenerator<AuditEventRow[]> {
  let beforeId: string | null = null;
  for (;;) {
    const rows = await findAuditEventPage(sql, workspaceId, filter, beforeId, pageSize);
    if (rows.length > 0) yield rows;
    if (rows.length < pageSize) return;
    beforeId = String(rows.at(-1)!.id);
  }
}

/** An import job's event: its action and the job as it stands (no file contents, no source password). */
export const importJobEvent = (action: string, job: ImportJobRow, extra: Record<string, unknown> = {}): AuditEventInput => ({
  action,
  recordType: "ImportJob",
  recordId: toGlobalId("ImportJob", job.id),
  details: {
    entity: job.entity,
    source: job.source,
    status: job.status,
    mode: job.mode,
    dryRun: job.dry_run,
    fileName: job.file_name,
    format: job.format,
    ...extra,
  },
});

/** An event as the API and the download show it. */
export const mapAuditEvent = (r: AuditEventRow): AuditEvent => {
  const { changes, ...details } = r.details ?? {};
  return {
    // opaque like a global ID, though an event is no Node (node(id:) does not read it)
    id: Buffer.from(`AuditEvent:${r.id}`, "utf8").toString("base64url"),
    at: sqlTimeToDate(r.at),
    action: r.action,
    apiKeyId: r.key_id && toGlobalId("ApiKey", r.key_id),
    apiKeyPrefix: r.key_prefix,
    requestId: r.request_id,
    recordType: r.record_type,
    recordId: r.record_id,
    changes: Array.isArray(changes) ? (changes as AuditFieldChange[]) : [],
    details,
  };
};
