import type { Database } from "../entities/database.js";
import type { SqlClient } from "../entities/sql-client.js";
import { recomputeWorkspacePairs, rescoreCustomerPairs } from "../entities/duplicate-candidate.repository.js";
import {
  customersWrittenSince,
  finishDuplicateScan,
  lockDuplicateScan,
  nextWatermark,
  takeRescoreMarks,
  workspacesToRescore,
} from "../entities/duplicate-scan.repository.js";

/**
 * Above this many customers written since the last scan, the workspace's pairs are recomputed in
 * one pass instead of rescored customer by customer: a rescoring reads the workspace once for the
 * local-part and company blocks whatever the number, and the one-pass recompute also settles the
 * blocks that grew past MAX_BLOCK or shrank below it.
 */
export const FULL_RECOMPUTE_ABOVE = 10_000;

export interface RescoreResult {
  workspaceId: string;
  full: boolean;
  /** Customers rescored (full: null, every customer of the workspace). */
  customers: number | null;
  /** Pairs written. */
  pairs: number;
}

/**
 * Brings the workspace's stored pairs up to date with its customers, in one transaction: the
 * customers written since the watermark (and those marked for rescoring) are rescored, or all
 * pairs recomputed (never scanned, more than `fullAbove` written, or `full`). With `wait: false`
 * it returns null at once when another process is scanning the workspace.
 */
export const rescoreWorkspace = (
  sql: SqlClient,
  workspaceId: string,
  opts: { wait?: boolean; fullAbove?: number; full?: boolean } = {},
): Promise<RescoreResult | null> =>
  sql.transaction(async (tx) => {
    const scan = await lockDuplicateScan(tx, workspaceId, opts.wait ?? true);
    if (!scan) return null;
    // marks first, then the watermark, then the customers: each later statement sees at least what the earlier one did
    const marks = await takeRescoreMarks(tx, workspaceId);
    const watermark = await nextWatermark(tx);
    const fullAbove = opts.fullAbove ?? FULL_RECOMPUTE_ABOVE;
    let full = opts.full === true || scan.watermark === null;
    let ids: string[] = [];
    if (!full) {
      const written = await customersWrittenSince(tx, workspaceId, scan.watermark!, fullAbove + 1);
      full = written.length > fullAbove;
      ids = [...new Set([...written, ...marks])];
    }
    const pairs = full ? await recomputeWorkspacePairs(tx, workspaceId) : ids.length > 0 ? await rescoreCustomerPairs(tx, workspaceId, ids) : 0;
    await finishDuplicateScan(tx, workspaceId, watermark, full);
    return { workspaceId, full, customers: full ? null : ids.length, pairs };
  });

/** One round of the background rescoring: every workspace with customers written since its last scan; ones another process is scanning are left to it. */
export const rescoreChangedWorkspaces = async (db: Pick<Database, "sql">): Promise<RescoreResult[]> => {
  const done: RescoreResult[] = [];
  for (const workspaceId of await workspacesToRescore(db.sql)) {
    const result = await rescoreWorkspace(db.sql, workspaceId, { wait: false });
    if (result) done.push(result);
  }
  return done;
};
