import type { ImportEntityName } from "../fields/field-catalog.js";
import { INTERACTIONS, TRANSACTIONS } from "./activity-tables.js";
import { RECORD_VERSION_SQL, type PlannedField, type WriteContext } from "./write-types.js";
import { CUSTOMER_TEXT_COLUMN_NAMES } from "../../entities/customer-columns.js";

/** The table and the columns a planned update may set, per entity. */
const TARGETS: Record<ImportEntityName, { table: string; columns: readonly string[] }> = {
  CUSTOMER: {
    table: "customer",
    columns: [...CUSTOMER_TEXT_COLUMN_NAMES, "tags", "custom_fields", "created_at"],
  },
  INTERACTION: { table: INTERACTIONS.table, columns: ["customer_id", ...INTERACTIONS.columns.map(([c]) => c)] },
  TRANSACTION: { table: TRANSACTIONS.table, columns: ["customer_id", ...TRANSACTIONS.columns.map(([c]) => c)] },
};

const CUSTOM = "custom_fields.";

export interface PlanUpdate {
  readonly recordId: string;
  /** The record's version when the dry run read it. */
  readonly version: string;
  readonly fields: readonly PlannedField[];
}

/**
 * Makes the planned updates whose records are still as the dry run read them (same version),
 * setting only the fields the plan changes (a custom field by its key), with each record's
 * before-image kept for revertImport as the writers keep it. Returns the ids updated; the others
 * changed since the dry run (or are gone) and are left alone.
 */
export const applyPlannedUpdates = async (ctx: WriteContext, entity: ImportEntityName, updates: readonly PlanUpdate[]): Promise<Set<string>> => {
  if (updates.length === 0) return new Set();
  const { table, columns } = TARGETS[entity];
  // only customers have custom fields, merged key by key
  const custom = entity === "CUSTOMER" ? `|| case when p.custom is null then '{}'::jsonb else jsonb_build_object('custom_fields', c.custom_fields || p.custom) end` : "";
  const planned = updates.map((u) => {
    const patch: Record<string, unknown> = {};
    const custom: Record<string, unknown> = {};
    for (const [name, , after] of u.fields) {
      if (name.startsWith(CUSTOM)) custom[name.slice(CUSTOM.length)] = after;
      else patch[name] = after;
    }
    return { id: u.recordId, v: u.version, patch, custom: Object.keys(custom).length > 0 ? custom : null };
  });
  // locked as read, so nothing changes them between the version check and the update
  const fresh = await ctx.tx.query<{ id: string }>(
    `with fresh as (
       select c.id, to_jsonb(c) as before from ${table} c join jsonb_to_recordset($3::jsonb) as p(id bigint, v text) on c.id = p.id
        where c.workspace_id = $1 and ${RECORD_VERSION_SQL("c")} = p.v
        for update of c)
     insert into import_change (job_id, entity, record_id, before, after_updated_at)
     select $2, $4, f.id, f.before, now() from fresh f
     on conflict do nothing
     returning record_id::text as id`,
    [ctx.workspaceId, ctx.jobId, JSON.stringify(planned.map((p) => ({ id: p.id, v: p.v }))), entity],
  );
  const ids = new Set(fresh.map((f) => String(f.id)));
  if (ids.size === 0) return ids;
  await ctx.tx.query(
    `update ${table} c set (${columns.join(", ")}) = (
         select n.${columns.join(", n.")} from jsonb_populate_record(c, p.patch ${custom}) n),
       updated_at = now(), last_job_id = $2
       from jsonb_to_recordset($3::jsonb) as p(id bigint, patch jsonb, custom jsonb)
      where c.id = p.id and c.workspace_id = $1`,
    [ctx.workspaceId, ctx.jobId, JSON.stringify(planned.filter((p) => ids.has(String(p.id))))],
  );
  return ids;
};
