import type { Database } from "../entities/database.js";
import { finishImportJob, type ImportJobRow } from "../entities/import-job.repository.js";
import { enqueueWebhookEvent } from "../entities/webhook-outbox.repository.js";
import { deleteFileChunks } from "../entities/import-file.repository.js";
import { importWebhookEvent } from "./report/import-webhook-event.js";

/**
 * Moves a job this worker holds to a terminal status and queues its webhook event in the same
 * transaction: the event goes out if and only if the status change commits. The stored upload
 * goes in that transaction too, whichever way the job ended: no worker reads it again.
 */
export const finishImport = (
  db: Database,
  publicUrl: string | null,
  jobId: string,
  owner: string | null,
  status: "COMPLETED" | "FAILED" | "CANCELLED",
  error: { code: string; message: string } | null = null,
): Promise<ImportJobRow | null> =>
  db.sql.transaction(async (tx) => {
    const row = await finishImportJob(tx, jobId, owner, status, error);
    const event = row ? importWebhookEvent(row, publicUrl) : null;
    if (row && event) await enqueueWebhookEvent(tx, row.workspace_id, event.type, event.body);
    if (row) await deleteFileChunks(tx, row.id);
    return row;
  });
