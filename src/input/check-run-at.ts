import type { UserError } from "../schema/node.type.js";

/** The furthest a start may be put off: a calendar year from now. */
export const latestRunAt = (now: Date): Date => {
  const latest = new Date(now.getTime());
  latest.setUTCFullYear(latest.getUTCFullYear() + 1);
  return latest;
};

/**
 * Checks startImport's options.runAt against the clock. A past time or now is kept as given: the
 * database decides SCHEDULED or QUEUED against its own now(), the clock the claim uses.
 */
export const checkRunAt = (runAt: Date | null | undefined, now: Date, path: string[]): { runAt: Date | null; errors: UserError[] } => {
  if (runAt === null || runAt === undefined) return { runAt: null, errors: [] };
  if (runAt.getTime() > latestRunAt(now).getTime()) {
    return { runAt: null, errors: [{ field: path, message: "runAt can be at most a year ahead.", code: "INVALID_OPTION" }] };
  }
  return { runAt, errors: [] };
};
