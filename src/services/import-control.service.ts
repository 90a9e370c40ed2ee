import type { AppContext } from "../context.js";
import { findImportJob, requestCancel, setJobReverted, type ImportJobRow } from "../entities/import-job.repository.js";
import { lockJobForRevert, revertTable } from "../entities/import-revert.repository.js";
import type { UserError } from "../schema/node.type.js";
import { toProgressPayload, importWebhookEvent } from "../import/index.js";
import { enqueueWebhookEvent } from "../entities/webhook-outbox.repository.js";
import { deleteFileChunks } from "../entities/import-file.repository.js";
import type { SqlTx } from "../entities/sql-client.js";
import { auditActorOf, importJobEvent, recordAuditEvent } from "./audit.service.js";
import { rowIdOf, toGlobalId } from "../common/global-id.js";

export type JobResult = { job: ImportJobRow | null; userErrors: UserError[] };

const notFound = (): JobResult => ({
  job: null,
  userErrors: [{ field: ["input", "id"], message: "No import job has this id in your workspace.", code: "NOT_FOUND" }],
});

const publish = (ctx: AppContext, job: ImportJobRow) => {
  const payload = toProgressPayload(job);
  void ctx.imports.events.pubsub.publish("IMPORT_PROGRESS", payload.jobId, payload);
};

/** The job's webhook event, queued in the transaction that gave it its terminal status. */
const queueImportEvent = async (ctx: AppContext, tx: SqlTx, job: ImportJobRow): Promise<void> => {
  const event = importWebhookEvent(job, ctx.imports.config.publicUrl);
  if (event) await enqueueWebhookEvent(tx, job.workspace_id, event.type, event.body);
};

/** A scheduled or queued job is cancelled at once; a running one stops after its current batch and keeps what it wrote. */
export const cancelImport = async (ctx: AppContext, id: string): Promise<JobResult> => {
  const rowId = rowIdOf(id, "ImportJob");
  if (!rowId) return notFound();
  const updated = await ctx.sql.transaction(async (tx) => {
    const row = await requestCancel(tx, ctx.principal.workspaceId, rowId);
    if (row) await recordAuditEvent(tx, auditActorOf(ctx), importJobEvent("import.cancelled", row));
    // a scheduled or queued job ends here, and no worker will read its file; a running one ends,
    // with its event, in the worker after its batch
    if (row?.status === "CANCELLED") {
      await queueImportEvent(ctx, tx, row);
      await deleteFileChunks(tx, row.id);
    }
    return row;
  });
  if (updated) {
    if (updated.status === "CANCELLED") publish(ctx, updated);
    return { job: updated, userErrors: [] };
  }
  const job = await findImportJob(ctx.sql, ctx.principal.workspaceId, rowId);
  if (!job) return notFound();
  return { job, userErrors: [{ field: ["input", "id"], message: `The import is ${job.status} already.`, code: "NOT_CANCELLABLE" }] };
};

const ENTITIES_IN_ORDER = ["TRANSACTION", "INTERACTION", "CUSTOMER"] as const;

/** Undoes what an import wrote; records changed after it are reported in revertReport, not overwritten. */
export const revertImport = async (ctx: AppContext, id: string): Promise<JobResult> => {
  const rowId = rowIdOf(id, "ImportJob");
  if (!rowId) return notFound();
  const outcome = await ctx.sql.transaction(async (tx) => {
    const job = await lockJobForRevert(tx, ctx.principal.workspaceId, rowId);
    if (!job) return "missing" as const;
    if (job.dry_run) return "A dry run wrote nothing; there is nothing to revert.";
    if (!["COMPLETED", "CANCELLED", "FAILED"].includes(job.status)) return `The import is ${job.status}; only a finished import can be reverted.`;
    const report: Record<string, unknown> = { revertedAt: new Date().toISOString() };
    // activities first: a customer is deleted only when nothing else points to it
    for (const entity of ENTITIES_IN_ORDER) {
      const counts = await revertTable(tx, ctx.principal.workspaceId, rowId, entity);
      const type = entity === "CUSTOMER" ? "Customer" : entity === "INTERACTION" ? "Interaction" : "Transaction";
      report[entity] = { deleted: counts.deleted, restored: counts.restored, kept: counts.kept, keptIds: counts.keptIds.map((k) => toGlobalId(type, k)) };
    }
    await setJobReverted(tx, rowId, report);
    const reverted = await findImportJob(tx, ctx.principal.workspaceId, rowId);
    if (reverted) await queueImportEvent(ctx, tx, reverted);
    if (reverted) await recordAuditEvent(tx, auditActorOf(ctx), importJobEvent("import.reverted", reverted, { revertReport: report }));
    return "done" as const;
  });
  if (outcome === "missing") return notFound();
  const job = await findImportJob(ctx.sql, ctx.principal.workspaceId, rowId);
  if (outcome !== "done") return { job, userErrors: [{ field: ["input", "id"], message: outcome, code: "NOT_REVERTIBLE" }] };
  ctx.logger.info({ jobId: rowId }, "import reverted");
  if (job) publish(ctx, job);
  return { job, userErrors: [] };
};
