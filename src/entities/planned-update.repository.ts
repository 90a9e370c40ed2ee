import { INTERACTION_COLUMNS, TRANSACTION_COLUMNS } from "./activity-columns.js";
import { CUSTOMER_TEXT_COLUMN_NAMES } from "./customer-columns.js";
import type { ChangedEntity } from "./import-change.repository.js";
import { RECORD_VERSION_SQL } from "./record-version.js";
import type { SqlTx } from "./sql-client.js";

/** The table and the columns a planned update may set, per entity. */
const TARGETS: Record<ChangedEntity, { table: string; columns: readonly string[] }> = {
  CUSTOMER: { table: "customer", columns: [...CUSTOMER_TEXT_COLUMN_NAMES, "tags", "custom_fields", "created_at"] },
  INTERACTION: { table: "interaction", columns: ["customer_id", ...INTERACTION_COLUMNS.map(([c]) => c)] },
  TRANSACTION: { table: `"transaction"`, columns: ["customer_id", ...TRANSACTION_COLUMNS.map(([c]) => c)] },
};

/** One planned update: the record, its version when the dry run read it, its column values (`patch`) and custom fields by key. */
export interface PlannedPatch {
  id: string;
  v: string;
  patch: Record<string, unknown>;
  custom: Record<string, unknown> | null;
}

/**
 * Locks the planned records still at the version the dry run read and keeps their before-images
 * (whole rows) for revertImport, in one statement; returns their ids.
 */
export const lockUnchangedAndRecordChanges = async (
  tx: SqlTx,
  workspaceId: string,
  jobId: string,
  entity: ChangedEntity,
  planned: readonly PlannedPatch[],
): Promise<Set<string>> => {
  const { table } = TARGETS[entity];
  // locked as read, so nothing changes them between the version check and the update
  const fresh = await tx.query<{ id: string }>(
    `with fresh as (
       select c.id, to_jsonb(c) as before from ${table} c join jsonb_to_recordset($3::jsonb) as p(id bigint, v text) on c.id = p.id
        where c.workspace_id = $1 and ${RECORD_VERSION_SQL("c")} = p.v
        for update of c)
     insert into import_change (job_id, entity, record_id, before, after_updated_at)
     select $2, $4, f.id, f.before, now() from fresh f
     on conflict do nothing
     returning record_id::text as id`,
    [workspaceId, jobId, JSON.stringify(planned.map((p) => ({ id: p.id, v: p.v }))), entity],
  );
  return new Set(fresh.map((f) => String(f.id)));
};

/** Sets only the fields each patch gives (a customer's custom fields merged key by key). */
export const applyPatches = async (tx: SqlTx, workspaceId: string, jobId: string, entity: ChangedEntity, planned: readonly PlannedPatch[]): Promise<void> => {
  const { table, columns } = TARGETS[entity];
  // only customers have custom fields, merged key by key
  const custom =
    entity === "CUSTOMER" ? `|| case when p.custom is null then '{}'::jsonb else jsonb_build_object('custom_fields', c.custom_fields || p.custom) end` : "";
  await tx.query(
    `update ${table} c set (${columns.join(", ")}) = (
         select n.${columns.join(", n.")} from jsonb_populate_record(c, p.patch ${custom}) n),
       updated_at = now(), last_job_id = $2
       from jsonb_to_recordset($3::jsonb) as p(id bigint, patch jsonb, custom jsonb)
      where c.id = p.id and c.workspace_id = $1`,
    [workspaceId, jobId, JSON.stringify(planned)],
  );
};
