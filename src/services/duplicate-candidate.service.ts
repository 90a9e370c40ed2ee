import type { AppContext } from "../context.js";
import type { CustomerRow } from "../entities/customer.repository.js";
import { findDuplicateCandidates, WEIGHTS, type CandidateRow } from "../entities/duplicate-candidate.repository.js";
import { badInput } from "../errors/app-error.js";
import { toConnection, type Connection } from "../schema/connection.js";
import { cursorRowIdOrThrow, decodeCursorOrThrow, encodeCursor, pageSizeOrThrow } from "../common/pagination.js";

export const DEFAULT_MIN_SCORE = 0.6;

export interface CandidateReason {
  code: "SAME_PHONE" | "SAME_EMAIL_LOCAL_PART" | "SAME_NAME" | "SIMILAR_NAME" | "SAME_COMPANY" | "SAME_CITY";
  weight: number;
}

export interface Candidate {
  customers: Promise<(CustomerRow | null)[]>;
  score: number;
  reasons: CandidateReason[];
}

const reasonsOf = (r: CandidateRow): CandidateReason[] => {
  const reasons: CandidateReason[] = [];
  if (r.same_phone) reasons.push({ code: "SAME_PHONE", weight: WEIGHTS.phone });
  if (r.email_local > 0) reasons.push({ code: "SAME_EMAIL_LOCAL_PART", weight: r.email_local });
  if (r.name_match >= WEIGHTS.name) reasons.push({ code: "SAME_NAME", weight: r.name_match });
  else if (r.name_match > 0) reasons.push({ code: "SIMILAR_NAME", weight: Math.round(r.name_match * 10_000) / 10_000 });
  if (r.same_company) reasons.push({ code: "SAME_COMPANY", weight: WEIGHTS.company });
  if (r.same_city) reasons.push({ code: "SAME_CITY", weight: WEIGHTS.city });
  return reasons;
};

/** Pairs of the workspace's customers that are probably one person, best first. */
export const listDuplicateCandidates = async <T>(
  ctx: AppContext,
  args: { first?: number | null; after?: string | null; minScore?: number | null },
  map: (c: Candidate) => T,
): Promise<Connection<T>> => {
  const limit = pageSizeOrThrow(args.first);
  const minScore = args.minScore ?? DEFAULT_MIN_SCORE;
  if (!Number.isFinite(minScore) || minScore < 0 || minScore > 1) throw badInput('"minScore" is a number from 0 to 1.', { field: "minScore" });
  const cursor = decodeCursorOrThrow(args.after, "duplicateCandidates", 3);
  const after = cursor
    ? { score: Number(cursor[0]), a: cursorRowIdOrThrow(cursor[1]), b: cursorRowIdOrThrow(cursor[2]) }
    : null;
  if (after && !Number.isFinite(after.score)) throw badInput('"after" is not a valid cursor.', { field: "after" });
  const rows = await findDuplicateCandidates(ctx.sql, ctx.principal.workspaceId, { minScore, after, limit: limit + 1 });
  return toConnection(
    rows,
    limit,
    (r) => encodeCursor("duplicateCandidates", [r.score, String(r.a), String(r.b)]),
    (r) => map({ customers: ctx.loaders.customer.loadMany([String(r.a), String(r.b)]) as Promise<(CustomerRow | null)[]>, score: r.score, reasons: reasonsOf(r) }),
    async () => (await findDuplicateCandidates(ctx.sql, ctx.principal.workspaceId, { minScore, after: null, limit: 1_000_000_000 })).length,
  );
};
