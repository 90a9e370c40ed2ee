import type { AppConfig } from "../config.js";
import type { Database } from "../entities/database.js";
import { purgeExpiredJobDetails } from "../entities/import-retention.repository.js";
import type { Logger } from "../logger.js";
import { startPeriodic, type Periodic } from "./periodic.js";

/** How often a process that runs imports looks for jobs whose details are due to expire. */
export const RETENTION_SWEEP_MS = 60 * 60_000;

export type RetentionSweeper = Periodic;

/**
 * Purges the details of jobs finished RETENTION_DAYS ago: at start, then every hour. Runs
 * where imports run; several processes may sweep at once (each job is purged by one).
 */
export const startRetentionSweeper = (
  deps: { db: Database; logger: Logger; config: Pick<AppConfig, "retentionDays"> },
  everyMs = RETENTION_SWEEP_MS,
): RetentionSweeper => {
  const sweep = async () => {
    const purged = await purgeExpiredJobDetails(deps.db.sql, { now: new Date(), retentionDays: deps.config.retentionDays });
    if (purged.length > 0) deps.logger.info({ jobs: purged.length, retentionDays: deps.config.retentionDays }, "import details expired");
  };
  return startPeriodic(sweep, everyMs, deps.logger, "the retention sweep failed; it runs again later");
};
