import type { AppConfig } from "../config.js";
import type { Database } from "../entities/database.js";
import type { Logger } from "../logger.js";
import { startPeriodic, type Periodic } from "./periodic.js";
import { rescoreChangedWorkspaces } from "../services/duplicate-rescore.service.js";

export type DuplicateRescorer = Periodic;

/**
 * Keeps each workspace's stored duplicate pairs up to date: at start, then DUPLICATE_RESCORE_SECONDS
 * after each round ends (a recompute of a large workspace takes minutes, rounds never overlap).
 * Runs where imports run; several processes may run it (a workspace is scanned by one at a time).
 * stop() waits for the round under way: a full recompute of a large workspace holds it for minutes
 * (a process killed meanwhile only rolls that round back).
 */
export const startDuplicateRescorer = (deps: { db: Database; logger: Logger; config: Pick<AppConfig, "duplicateRescoreSeconds"> }): DuplicateRescorer => {
  const everyMs = deps.config.duplicateRescoreSeconds * 1000;
  const round = async () => {
    for (const r of await rescoreChangedWorkspaces(deps.db)) {
      deps.logger.debug({ workspaceId: r.workspaceId, full: r.full, customers: r.customers, pairs: r.pairs }, "duplicate candidates rescored");
    }
  };
  // a failed round, e.g. a customer deleted while its pairs were written (foreign key): the next one redoes the workspace
  return startPeriodic(round, everyMs, deps.logger, "the duplicate rescoring failed; it runs again later");
};
