import { isTerminalStatus } from "../../entities/import-job.entity.js";
import type { ImportJobRow } from "../../entities/import-job.repository.js";
import type { ImportProgressPayload } from "../../events/topics.js";
import { toGlobalId } from "../../common/global-id.js";

/** Progress in 0..1: exact at the end, an estimate below 1 while running. */
export const progressOf = (job: Pick<ImportJobRow, "status" | "processed_rows" | "total_rows">): number => {
  if (isTerminalStatus(job.status)) return job.status === "COMPLETED" || job.status === "REVERTED" ? 1 : boundedRatio(job);
  return Math.min(boundedRatio(job), 0.99);
};

const boundedRatio = (job: Pick<ImportJobRow, "processed_rows" | "total_rows">): number =>
  job.total_rows && job.total_rows > 0 ? Math.min(1, job.processed_rows / job.total_rows) : 0;

export const toProgressPayload = (job: ImportJobRow, rowsPerSecond: number | null = null): ImportProgressPayload => {
  const running = job.status === "RUNNING";
  const remaining = job.total_rows !== null ? Math.max(0, job.total_rows - job.processed_rows) : null;
  return {
    jobId: toGlobalId("ImportJob", job.id),
    workspaceId: job.workspace_id,
    status: job.status,
    processedRows: job.processed_rows,
    totalRows: job.total_rows,
    insertedCount: job.inserted_count,
    updatedCount: job.updated_count,
    unchangedCount: job.unchanged_count,
    skippedCount: job.skipped_count,
    failedCount: job.failed_count,
    progress: progressOf(job),
    rowsPerSecond: running ? rowsPerSecond : null,
    etaSeconds: running && rowsPerSecond && rowsPerSecond > 0 && remaining !== null ? remaining / rowsPerSecond : running ? null : 0,
  };
};
