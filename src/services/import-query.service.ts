import type { AppContext } from "../context.js";
import { countImportJobs, findImportJob, findImportJobPage, type ImportJobRow } from "../entities/import-job.repository.js";
import { findErrorGroups } from "../entities/import-error-group.repository.js";
import { countRowErrors, findRowErrorPage, type StoredRowError } from "../entities/import-row-error.repository.js";
import { toConnection } from "../schema/connection.js";
import { rowIdOf } from "../common/global-id.js";
import { sqlTimeKey } from "../common/sql-time.js";
import { cursorRowIdOrThrow, cursorTimeOrThrow, cursorUuidOrThrow, decodeCursorOrThrow, encodeCursor, pageSizeOrThrow } from "../common/pagination.js";

export const getImportJob = async (ctx: AppContext, id: string): Promise<ImportJobRow | null> => {
  const rowId = rowIdOf(id, "ImportJob");
  return rowId ? findImportJob(ctx.sql, ctx.principal.workspaceId, rowId) : null;
};

export const listImportJobs = async <T>(
  ctx: AppContext,
  args: { first?: number | null; after?: string | null; status?: string | null },
  map: (r: ImportJobRow) => T,
) => {
  const limit = pageSizeOrThrow(args.first);
  const cursor = decodeCursorOrThrow(args.after, "importJobs", 2);
  const rows = await findImportJobPage(ctx.sql, ctx.principal.workspaceId, {
    status: args.status ?? null,
    after: cursor ? { at: cursorTimeOrThrow(cursor[0]), id: cursorUuidOrThrow(cursor[1]) } : null,
    limit: limit + 1,
  });
  return toConnection(
    rows,
    limit,
    (r) => encodeCursor("importJobs", [sqlTimeKey(r.created_at), r.id]),
    map,
    () => countImportJobs(ctx.sql, ctx.principal.workspaceId, args.status ?? null),
  );
};

/** Row errors in the order they were found; the cursor is the error's sequence number. */
export const listRowErrors = async <T>(
  ctx: AppContext,
  jobRowId: string,
  args: { first?: number | null; after?: string | null },
  map: (e: StoredRowError) => T,
) => {
  const limit = pageSizeOrThrow(args.first);
  const cursor = decodeCursorOrThrow(args.after, "importErrors", 1);
  const rows = await findRowErrorPage(ctx.sql, ctx.principal.workspaceId, jobRowId, cursor ? cursorRowIdOrThrow(cursor[0]) : null, limit + 1);
  return toConnection(
    rows,
    limit,
    (e) => encodeCursor("importErrors", [String(e.id)]),
    map,
    () => countRowErrors(ctx.sql, ctx.principal.workspaceId, jobRowId),
  );
};

/** The job's row errors grouped by code and column, largest group first; computed in the database. */
export const listErrorGroups = (ctx: AppContext, jobRowId: string) => findErrorGroups(ctx.sql, ctx.principal.workspaceId, jobRowId);
