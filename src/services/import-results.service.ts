import type { Database } from "../entities/database.js";
import { findImportJob } from "../entities/import-job.repository.js";
import { failedRowsForReport } from "../entities/import-row-error.repository.js";
import { rowOutcomesOf, type RowOutcome } from "../entities/import-row-outcome.repository.js";
import { rowIdOf, toGlobalId } from "../common/global-id.js";
import type { Principal } from "../auth/principal.js";
import type { StoredImportOptions } from "../import/index.js";

/** One line of an import's results file: a source record, what became of it, and its error codes. */
export interface ResultLine {
  readonly row: number;
  readonly status: RowOutcome["status"];
  /** The record's global id, when one was written or matched. */
  readonly id: string | null;
  readonly externalId: string | null;
  readonly errors: readonly string[];
}

const NODE_TYPE = { CUSTOMER: "Customer", INTERACTION: "Interaction", TRANSACTION: "Transaction" } as const;

/** A job of the caller's workspace and its results, a committed batch at a time; null when it has no such job. */
export const importResults = async (
  db: Database,
  principal: Principal,
  jobGlobalId: string,
): Promise<{ jobRowId: string; detailsExpiredAt: Date | null; lines: AsyncGenerator<ResultLine[]> } | null> => {
  const rowId = rowIdOf(jobGlobalId, "ImportJob");
  const sql = db.scoped(principal.workspaceId);
  const job = rowId ? await findImportJob(sql, principal.workspaceId, rowId) : null;
  if (!job) return null;
  // a graph job's rows are of several entities, each named with its outcome
  const typeOf = (o: RowOutcome) => NODE_TYPE[(o.entity ?? job.entity) as keyof typeof NODE_TYPE];
  async function* lines(): AsyncGenerator<ResultLine[]> {
    for await (const batch of rowOutcomesOf(sql, principal.workspaceId, job!.id)) {
      yield batch.map((o) => ({
        row: o.row,
        status: o.status,
        id: o.recordId === null ? null : toGlobalId(typeOf(o), o.recordId),
        externalId: o.externalId,
        errors: o.codes,
      }));
    }
  }
  return { jobRowId: job.id, detailsExpiredAt: job.details_expired_at ? new Date(job.details_expired_at) : null, lines: lines() };
};

/**
 * A job of the caller's workspace and its error report: the failed and skipped rows as they came
 * (a tabular file's cells under its headers, any other record as one text), each with all its
 * problems; null when it has no such job.
 */
export const importErrorReport = async (
  db: Database,
  principal: Principal,
  jobGlobalId: string,
): Promise<{ jobRowId: string; fileName: string; detailsExpiredAt: string | Date | null; header: string[]; rows: AsyncGenerator<string[]> } | null> => {
  const rowId = rowIdOf(jobGlobalId, "ImportJob");
  const sql = db.scoped(principal.workspaceId);
  const job = rowId ? await findImportJob(sql, principal.workspaceId, rowId) : null;
  if (!job) return null;
  const headers = (job.options as StoredImportOptions).headers ?? [];
  // a workbook's or ZIP's parts have columns of their own: each row is given whole, as a nested file's is
  const tabular = (job.format === "CSV" || job.format === "XLSX") && !(job.options as StoredImportOptions).graphParts;
  async function* rows(): AsyncGenerator<string[]> {
    for await (const row of failedRowsForReport(sql, principal.workspaceId, job!.id)) {
      const raw = row.raw ?? [];
      const cells = tabular ? headers.map((_, i) => raw[i] ?? "") : [raw.join(" ")];
      yield [String(row.row), ...cells, row.problems];
    }
  }
  return {
    jobRowId: job.id,
    fileName: job.file_name,
    detailsExpiredAt: job.details_expired_at ?? null,
    header: ["row", ...(tabular ? headers : ["record"]), "errors"],
    rows: rows(),
  };
};
