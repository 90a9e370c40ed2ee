import type { AppContext } from "../context.js";
import type { CustomerRow } from "../entities/customer.repository.js";
import { countDuplicateCandidates, findDuplicateCandidates } from "../entities/duplicate-candidate.repository.js";
import { duplicateScanState } from "../entities/duplicate-scan.repository.js";
import { sqlTimeToDate } from "../common/sql-time.js";
import { DEFAULT_MIN_SCORE, reasonsOf, type CandidateReason } from "../import/index.js";
import { badInput } from "../errors/app-error.js";
import { toConnection, type Connection } from "../schema/connection.js";
import { cursorRowIdOrThrow, decodeCursorOrThrow, encodeCursor, pageSizeOrThrow } from "../common/pagination.js";

export interface Candidate {
  customers: Promise<(CustomerRow | null)[]>;
  score: number;
  reasons: CandidateReason[];
}

/**
 * Pairs of the workspace's customers that are probably one person, best first: a read of the
 * stored pairs, which the background rescoring keeps up to date (duplicate-rescore.service.ts).
 */
export const listDuplicateCandidates = async <T>(
  ctx: AppContext,
  args: { first?: number | null; after?: string | null; minScore?: number | null },
  map: (c: Candidate) => T,
): Promise<Connection<T>> => {
  const limit = pageSizeOrThrow(args.first);
  const minScore = args.minScore ?? DEFAULT_MIN_SCORE;
  if (!Number.isFinite(minScore) || minScore < 0 || minScore > 1) throw badInput('"minScore" is a number from 0 to 1.', { field: "minScore" });
  const cursor = decodeCursorOrThrow(args.after, "duplicateCandidates", 3);
  const after = cursor ? { score: Number(cursor[0]), a: cursorRowIdOrThrow(cursor[1]), b: cursorRowIdOrThrow(cursor[2]) } : null;
  if (after && !Number.isFinite(after.score)) throw badInput('"after" is not a valid cursor.', { field: "after" });
  const rows = await findDuplicateCandidates(ctx.sql, ctx.principal.workspaceId, { minScore, after, limit: limit + 1 });
  return toConnection(
    rows,
    limit,
    (r) => encodeCursor("duplicateCandidates", [r.score, String(r.a), String(r.b)]),
    (r) =>
      map({ customers: ctx.loaders.customer.loadMany([String(r.a), String(r.b)]) as Promise<(CustomerRow | null)[]>, score: r.score, reasons: reasonsOf(r) }),
    () => countDuplicateCandidates(ctx.sql, ctx.principal.workspaceId, minScore),
  );
};

/** How fresh the stored pairs are: when they were last rescored, and whether customers were written since. */
export const duplicateCandidatesFreshness = async (ctx: AppContext): Promise<{ scannedAt: Date | null; pending: boolean }> => {
  const state = await duplicateScanState(ctx.sql, ctx.principal.workspaceId);
  return { scannedAt: state.scanned_at === null ? null : sqlTimeToDate(state.scanned_at), pending: state.pending };
};
