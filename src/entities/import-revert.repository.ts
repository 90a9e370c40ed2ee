import type { ImportStatus } from "./import-job.entity.js";
import type { SqlTx } from "./sql-client.js";
import { CUSTOMER_TEXT_COLUMN_NAMES } from "./customer-columns.js";
import { INTERACTION_TABLE, TRANSACTION_TABLE, type ActivityEntity, type ActivityTableShape } from "./activity-columns.js";

export interface RevertCounts {
  deleted: number;
  restored: number;
  /** Records changed after the import (by a person or a later import): left as they are. */
  kept: number;
  keptIds: string[];
}

const KEPT_IDS_LIMIT = 1000;

const activityRestore = (t: ActivityTableShape) => ({
  table: t.table,
  recordset: `b(customer_id bigint, ${t.columns.map(([c, type]) => `${c} ${type}`).join(", ")})`,
  set: `customer_id = b.customer_id, ${t.columns.map(([c]) => `${c} = b.${c}`).join(", ")}`,
});

const ACTIVITY_RESTORE: Record<ActivityEntity, { table: string; recordset: string; set: string }> = {
  INTERACTION: activityRestore(INTERACTION_TABLE),
  TRANSACTION: activityRestore(TRANSACTION_TABLE),
};

const CUSTOMER_RESTORE = {
  table: "customer",
  recordset: `b(${CUSTOMER_TEXT_COLUMN_NAMES.map((c) => `${c} text`).join(", ")}, tags jsonb, custom_fields jsonb, created_at timestamptz, field_sources jsonb, name_key text)`,
  set: `${CUSTOMER_TEXT_COLUMN_NAMES.map((c) => `${c} = b.${c}`).join(", ")},
    tags = coalesce(array(select jsonb_array_elements_text(b.tags)), '{}'), custom_fields = coalesce(b.custom_fields, '{}'), created_at = b.created_at,
    field_sources = coalesce(b.field_sources, '[]'), name_key = b.name_key`,
};

const ids = async (tx: SqlTx, sql: string, params: unknown[]): Promise<string[]> => (await tx.query<{ id: string }>(sql, params)).map((r) => String(r.id));

/**
 * Undoes one job's writes to one table: deletes the records it created and nobody changed
 * since, restores the before-images of those it updated, and lists the ones changed since.
 */
export const revertTable = async (tx: SqlTx, workspaceId: string, jobId: string, entity: "CUSTOMER" | "INTERACTION" | "TRANSACTION"): Promise<RevertCounts> => {
  const spec = entity === "CUSTOMER" ? CUSTOMER_RESTORE : ACTIVITY_RESTORE[entity];
  const restored = await ids(
    tx,
    `update ${spec.table} c set ${spec.set}, updated_at = now(), last_job_id = null
       from import_change ch cross join lateral jsonb_to_record(ch.before) as ${spec.recordset}
      where ch.job_id = $2 and ch.entity = $3 and c.id = ch.record_id and c.workspace_id = $1
        and c.last_job_id = $2 and c.updated_at = ch.after_updated_at
      returning c.id`,
    [workspaceId, jobId, entity],
  );
  // a customer that other records still point to stays: deleting it would take them along
  const orphanOnly =
    entity === "CUSTOMER"
      ? `and not exists (select 1 from interaction i where i.customer_id = c.id and i.created_by_job_id is distinct from $2)
       and not exists (select 1 from "transaction" t where t.customer_id = c.id and t.created_by_job_id is distinct from $2)`
      : "";
  const deleted = await ids(
    tx,
    `delete from ${spec.table} c where c.workspace_id = $1 and c.created_by_job_id = $2 and c.last_job_id = $2 ${orphanOnly} returning c.id`,
    [workspaceId, jobId],
  );
  const kept = await ids(
    tx,
    `select c.id from ${spec.table} c where c.workspace_id = $1 and c.created_by_job_id = $2
     union
     select ch.record_id from import_change ch join ${spec.table} c on c.id = ch.record_id
      where ch.job_id = $2 and ch.entity = $3 and ch.record_id <> all($4::bigint[])
     order by 1`,
    [workspaceId, jobId, entity, restored],
  );
  return { deleted: deleted.length, restored: restored.length, kept: kept.length, keptIds: kept.slice(0, KEPT_IDS_LIMIT) };
};

export const lockJobForRevert = async (tx: SqlTx, workspaceId: string, jobId: string) =>
  (
    await tx.query<{ status: ImportStatus; dry_run: boolean; entity: string }>(
      `select status, dry_run, entity from import_job where workspace_id = $1 and id = $2 for update`,
      [workspaceId, jobId],
    )
  )[0] ?? null;
