import type { AppConfig } from "../config.js";
import type { Database } from "../entities/database.js";
import type { Logger } from "../logger.js";
import { rescoreChangedWorkspaces } from "../services/duplicate-rescore.service.js";

export interface DuplicateRescorer {
  stop(): Promise<void>;
}

/**
 * Keeps each workspace's stored duplicate pairs up to date: at start, then DUPLICATE_RESCORE_SECONDS
 * after each round ends (a recompute of a large workspace takes minutes, rounds never overlap).
 * Runs where imports run; several processes may run it (a workspace is scanned by one at a time).
 * stop() waits for the round under way: a full recompute of a large workspace holds it for minutes
 * (a process killed meanwhile only rolls that round back).
 */
export const startDuplicateRescorer = (deps: { db: Database; logger: Logger; config: Pick<AppConfig, "duplicateRescoreSeconds"> }): DuplicateRescorer => {
  const everyMs = deps.config.duplicateRescoreSeconds * 1000;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const round = async () => {
    try {
      for (const r of await rescoreChangedWorkspaces(deps.db)) {
        deps.logger.debug({ workspaceId: r.workspaceId, full: r.full, customers: r.customers, pairs: r.pairs }, "duplicate candidates rescored");
      }
    } catch (error) {
      // e.g. a customer deleted while its pairs were written (foreign key): the next round redoes the workspace
      if (!stopped) deps.logger.warn({ err: error }, "the duplicate rescoring failed; it runs again later");
    }
    if (!stopped) timer = setTimeout(() => { running = round(); }, everyMs);
  };
  running = round();
  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
};
