import { clearSourceSecret, heldJobAttempts, releaseImportJob, type ImportJobRow } from "../entities/import-job.repository.js";
import { finishImport, runImportJob, type RunDeps } from "../import/index.js";
import { finishRetry } from "../entities/import-fix.repository.js";
import { DatabaseSourceError } from "../errors/database-source.error.js";

export const MAX_ATTEMPTS = 5;

/**
 * Handles one claimed import: delegates to the pipeline; an unexpected failure gives the job
 * back for another attempt (from its last committed batch), and fails it after MAX_ATTEMPTS
 * attempts in a row that committed nothing.
 */
export const handleImportJob = async (deps: RunDeps, job: ImportJobRow): Promise<void> => {
  try {
    await runImportJob(deps, job);
  } catch (error) {
    deps.logger.error({ err: error, jobId: job.id, attempt: job.attempts }, "import attempt failed");
    // the count at claim time is stale once this attempt committed a batch
    const attempts = await heldJobAttempts(deps.db.sql, job.id, deps.owner);
    if (attempts === null) return;
    if (attempts >= MAX_ATTEMPTS && job.retry_fix_id) {
      // a retry that keeps failing ends alone: the job goes back as it was, with what the retry committed
      await finishRetry(deps.db.sql, job.id, job.retry_fix_id, deps.owner, "FAILED", {
        code: "INTERNAL_ERROR",
        message: `The retry failed ${attempts} times in a row without progress; the rows it committed before are kept.`,
      });
    } else if (attempts >= MAX_ATTEMPTS) {
      // a source database that stayed away keeps its own code: the user can tell it from a bug
      const source = error instanceof DatabaseSourceError ? error : null;
      await finishImport(deps.db, deps.publicUrl, job.id, deps.owner, "FAILED", {
        code: source?.code ?? "INTERNAL_ERROR",
        message: `The import failed ${attempts} times in a row without progress${source ? ` (${source.message})` : ""}; the rows committed before are kept.`,
      });
      await clearSourceSecret(deps.db.sql, job.id);
    } else {
      await releaseImportJob(deps.db.sql, job.id, deps.owner, Math.min(60, 2 ** attempts));
    }
  }
};
