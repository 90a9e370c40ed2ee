import type { ImportJobRow } from "../../entities/import-job.repository.js";
import { toGlobalId } from "../../common/global-id.js";
import { sqlTimeToDateOrNull } from "../../common/sql-time.js";

export type ImportEventType = "import.completed" | "import.failed" | "import.cancelled" | "import.reverted";

const TYPE_OF: Record<string, ImportEventType> = {
  COMPLETED: "import.completed",
  FAILED: "import.failed",
  CANCELLED: "import.cancelled",
  REVERTED: "import.reverted",
};

const iso = (t: string | Date | null): string | null => sqlTimeToDateOrNull(t)?.toISOString() ?? null;

/**
 * The event a job's terminal status sends, as the JSON body signed and sent as it is: the job's
 * counts and where to read more (its GraphQL id; the error report when rows were left out),
 * never the records' data. Links are absolute when PUBLIC_URL is set, else paths on the API.
 */
export const importWebhookEvent = (job: ImportJobRow, publicUrl: string | null, now: Date = new Date()): { type: ImportEventType; body: string } | null => {
  const type = TYPE_OF[job.status];
  if (!type) return null;
  const id = toGlobalId("ImportJob", job.id);
  const data = {
    id,
    entity: job.entity,
    status: job.status,
    mode: job.mode,
    dryRun: job.dry_run,
    fileName: job.file_name,
    counts: {
      totalRows: job.total_rows,
      processedRows: job.processed_rows,
      insertedCount: job.inserted_count,
      updatedCount: job.updated_count,
      unchangedCount: job.unchanged_count,
      skippedCount: job.skipped_count,
      failedCount: job.failed_count,
    },
    error: job.error_code ? { code: job.error_code, message: job.error_message } : null,
    errorReportUrl: job.failed_count + job.skipped_count > 0 ? `${publicUrl ?? ""}/import-jobs/${encodeURIComponent(id)}/errors.csv` : null,
    createdAt: iso(job.created_at),
    startedAt: iso(job.started_at),
    finishedAt: iso(job.finished_at),
  };
  return { type, body: JSON.stringify({ type, timestamp: now.toISOString(), data }) };
};
