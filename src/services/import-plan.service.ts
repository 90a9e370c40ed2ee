import type { AppContext } from "../context.js";
import { badInput } from "../errors/app-error.js";
import { insertPlanApplyJob, lockImportJob, type ImportJobRow } from "../entities/import-job.repository.js";
import { findPlanBatches, planTotals, type PlanKindColumn, type PlanPayload, type StoredPlanBatch } from "../entities/import-plan.repository.js";
import type { UserError } from "../schema/node.type.js";
import { rowIdOf, toGlobalId, type NodeTypeName } from "../common/global-id.js";
import { decodeCursorOrThrow, encodeCursor, pageSizeOrThrow } from "../common/pagination.js";
import { toConnection } from "../schema/connection.js";

export type PlanKind = "INSERT" | "UPDATE" | "UNCHANGED" | "CONFLICT";

/** One planned change as the API shows it; values are text, fields named as the import names them. */
export interface PlannedChangeView {
  readonly row: number;
  readonly kind: PlanKind;
  readonly location: string | null;
  readonly source: string[] | null;
  readonly recordId: string | null;
  readonly fields: { field: string; before: string | null; after: string | null }[];
  readonly code: string | null;
  readonly message: string | null;
}

const KIND_COLUMN: Record<PlanKind, PlanKindColumn> = {
  INSERT: "insert_count",
  UPDATE: "update_count",
  UNCHANGED: "unchanged_count",
  CONFLICT: "conflict_count",
};
const RECORD_TYPE: Record<string, NodeTypeName> = { CUSTOMER: "Customer", INTERACTION: "Interaction", TRANSACTION: "Transaction" };
// what an insert's JSON carries besides the row's fields
// _f: the field list a customer row carried in its JSON in plans stored before the field set was kept beside it
const NOT_FIELDS = new Set(["content_key", "ord", "_f"]);

/** external_id → externalId, custom_fields.tier → customFields.tier */
const fieldName = (column: string): string => {
  const dot = column.indexOf(".");
  const head = dot < 0 ? column : column.slice(0, dot);
  return head.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) + (dot < 0 ? "" : column.slice(dot));
};

const text = (column: string, value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  if (column === "customer_id") return toGlobalId("Customer", String(value));
  if (Array.isArray(value)) return value.join(", ");
  return typeof value === "object" ? JSON.stringify(value) : String(value);
};

const insertedFields = (insert: string): PlannedChangeView["fields"] => {
  const fields: PlannedChangeView["fields"] = [];
  for (const [column, value] of Object.entries(JSON.parse(insert) as Record<string, unknown>)) {
    if (NOT_FIELDS.has(column) || value === null) continue;
    if (column === "custom_fields") {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) fields.push({ field: `customFields.${k}`, before: null, after: text(k, v) });
    } else fields.push({ field: fieldName(column), before: null, after: text(column, value) });
  }
  return fields;
};

/** A plan batch's changes in row order, UNCHANGED rows among them. */
const viewsOf = (payload: PlanPayload, recordType: NodeTypeName): PlannedChangeView[] => {
  const views: PlannedChangeView[] = payload.changes.map((c) => {
    const base = { row: c.r, location: c.l, source: [...c.raw], code: null, message: null };
    if (c.k === "I") return { ...base, kind: "INSERT", recordId: null, fields: insertedFields(c.ins) };
    if (c.k === "U") {
      return {
        ...base,
        kind: "UPDATE",
        recordId: toGlobalId(recordType, c.id),
        fields: c.f.map(([name, before, after]) => ({ field: fieldName(name), before: text(name, before), after: text(name, after) })),
      };
    }
    return { ...base, kind: "CONFLICT", recordId: null, fields: [], code: c.code, message: c.msg };
  });
  payload.unchangedRows.forEach((row, i) =>
    views.push({
      row,
      kind: "UNCHANGED",
      location: null,
      source: null,
      recordId: toGlobalId(recordType, payload.unchangedIds[i]!),
      fields: [],
      code: null,
      message: null,
    }),
  );
  return views.sort((a, b) => a.row - b.row);
};

const PAGE_BATCHES = 4;

/**
 * A page of a dry run's plan in row order, optionally of one kind. Only the plan batches holding
 * that kind are read (their counts say which), a few at a time, until the page is full.
 */
export const listPlannedChanges = async <T>(
  ctx: AppContext,
  job: { rowId: string; entity: string },
  args: { first?: number | null; after?: string | null; kind?: PlanKind | null },
  map: (v: PlannedChangeView) => T,
) => {
  const limit = pageSizeOrThrow(args.first);
  const cursor = decodeCursorOrThrow(args.after, "plannedChanges", 2);
  const kind = args.kind ?? null;
  // a cursor holds its filter: one taken under another kind would skip rows silently
  if (cursor && (!Number.isInteger(cursor[0]) || (cursor[1] || null) !== kind)) throw badInput(`"after" is not a valid cursor.`, { field: "after" });
  const afterRow = cursor ? Number(cursor[0]) : 0;
  const workspaceId = ctx.principal.workspaceId;
  const recordType = RECORD_TYPE[job.entity] ?? "Customer";
  const found: PlannedChangeView[] = [];
  let from = afterRow;
  for (;;) {
    const batches: StoredPlanBatch[] = await findPlanBatches(ctx.sql, workspaceId, job.rowId, from, PAGE_BATCHES, kind ? KIND_COLUMN[kind] : null);
    for (const b of batches) {
      for (const v of viewsOf(b.payload, recordType)) if (v.row > afterRow && (kind === null || v.kind === kind)) found.push(v);
      from = b.lastRow;
      if (found.length > limit) break;
    }
    if (found.length > limit || batches.length < PAGE_BATCHES) break;
  }
  return toConnection(
    found,
    limit,
    (v) => encodeCursor("plannedChanges", [v.row, kind ?? ""]),
    map,
    async () => {
      const totals = await planTotals(ctx.sql, workspaceId, job.rowId);
      const byKind = { INSERT: totals.inserts, UPDATE: totals.updates, UNCHANGED: totals.unchanged, CONFLICT: totals.conflicts };
      return kind ? byKind[kind] : totals.inserts + totals.updates + totals.unchanged + totals.conflicts;
    },
  );
};

export type ApplyResult = { job: ImportJobRow | null; userErrors: UserError[] };

const refused = (job: ImportJobRow | null, code: string, message: string): ApplyResult => ({ job, userErrors: [{ field: ["input", "id"], message, code }] });

/**
 * Queues a new job that makes exactly the changes a completed dry run planned (see
 * import/apply-plan-batch.ts): refused, with a code, for a job that is not a dry run, a dry run
 * not completed, a plan applied already, or a plan no longer kept.
 */
export const applyImportPlan = async (ctx: AppContext, id: string): Promise<ApplyResult> => {
  const rowId = rowIdOf(id, "ImportJob");
  const workspaceId = ctx.principal.workspaceId;
  if (!rowId) return refused(null, "NOT_FOUND", "No import job has this id in your workspace.");
  const outcome = await ctx.sql.transaction(async (tx) => {
    const dry = await lockImportJob(tx, workspaceId, rowId);
    if (!dry) return refused(null, "NOT_FOUND", "No import job has this id in your workspace.");
    if (!dry.dry_run) return refused(dry, "NOT_A_DRY_RUN", "Only a dry run's plan can be applied; this import was a real run.");
    if (dry.entity === "GRAPH") {
      return refused(dry, "PLAN_NOT_AVAILABLE", "A graph import's dry run records its counts and errors but no plan: start the import itself.");
    }
    if (dry.applied_by_job_id)
      return refused(dry, "PLAN_ALREADY_APPLIED", `This plan was applied already, by job ${toGlobalId("ImportJob", dry.applied_by_job_id)}.`);
    if (dry.status !== "COMPLETED") return refused(dry, "PLAN_NOT_READY", `The dry run is ${dry.status}; only a completed dry run's plan can be applied.`);
    // a plan is kept with its dry run's retention; a purged one (or a dry run older than plans) no longer accounts for every row
    const totals = await planTotals(tx, workspaceId, rowId);
    if (totals.records !== dry.processed_rows) return refused(dry, "PLAN_EXPIRED", "This dry run's plan is no longer kept; run the dry run again.");
    return { job: await insertPlanApplyJob(tx, workspaceId, rowId, ctx.principal.keyId), userErrors: [] };
  });
  if (outcome.userErrors.length > 0) return outcome;
  const job = outcome.job!;
  ctx.logger.info({ jobId: job.id, planJobId: rowId, rows: job.total_rows }, "import plan queued");
  ctx.imports.notifyQueued(job.id);
  return outcome;
};
