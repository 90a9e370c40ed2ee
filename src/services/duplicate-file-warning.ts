import type { AppContext } from "../context.js";
import { findEarlierImportOfFile } from "../entities/import-job.repository.js";
import type { ImportWarning } from "../import/index.js";
import { toGlobalId } from "../common/global-id.js";
import { sqlTimeToDate } from "../common/sql-time.js";

/** DUPLICATE_FILE when the workspace imported a file with the same bytes before (see findEarlierImportOfFile). */
export const duplicateFileWarning = async (ctx: AppContext, sha256: string): Promise<ImportWarning | null> => {
  const earlier = await findEarlierImportOfFile(ctx.sql, ctx.principal.workspaceId, sha256);
  if (earlier === null) return null;
  const at = sqlTimeToDate(earlier.created_at).toISOString();
  return {
    code: "DUPLICATE_FILE",
    column: null,
    message: `This file is identical to "${earlier.file_name}", imported on ${at} by import job ${toGlobalId("ImportJob", earlier.id)}.`,
  };
};
