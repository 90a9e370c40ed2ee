import type { ImportJobRow } from "../../entities/import-job.repository.js";
import type { StoredRowError } from "../../entities/import-row-error.repository.js";
import type { MappingTemplateRow } from "../../entities/mapping-template.repository.js";
import { progressOf } from "../../import/index.js";
import type { ImportJob, ImportRowError, MappingTemplate } from "../../schema/import.types.js";
import type { OnExisting } from "../../schema/enums.js";
import { toGlobalId } from "../../common/global-id.js";
import { sqlTimeToDate, sqlTimeToDateOrNull } from "../../common/sql-time.js";

/** Only the stored, password-free fields: the URL was redacted before it was stored. */
const databaseSourceOf = (row: ImportJobRow): ImportJob["databaseSource"] => {
  const db = (row.options as { database?: { url: string; table: string | null; query: string | null; orderBy: string | null } }).database;
  return db ? { url: db.url, table: db.table, query: db.query, orderBy: db.orderBy } : null;
};

const containerOf = (row: ImportJobRow): ImportJob["container"] => {
  const c = (row.options as { graphContainer?: "XLSX" | "ZIP" }).graphContainer;
  return c === "ZIP" ? ("ZIP" as ImportJob["container"]) : c === "XLSX" ? ("WORKBOOK" as ImportJob["container"]) : null;
};

export const mapImportJob = (row: ImportJobRow): ImportJob => ({
  id: toGlobalId("ImportJob", row.id),
  rowId: row.id,
  entity: row.entity as ImportJob["entity"],
  source: (row.source ?? "FILE") as ImportJob["source"],
  status: row.status as ImportJob["status"],
  mode: row.mode as ImportJob["mode"],
  dryRun: row.dry_run,
  fileName: row.file_name,
  format: row.format as ImportJob["format"],
  container: containerOf(row),
  encoding: row.encoding,
  databaseSource: databaseSourceOf(row),
  mapping: row.mapping.map((m) => ({
    source: m.source,
    target: m.target,
    transform: m.transform ?? null,
    onExisting: (m.onExisting ?? "OVERWRITE") as OnExisting,
  })),
  matchOn: row.match_on,
  totalRows: row.total_rows,
  processedRows: row.processed_rows,
  insertedCount: row.inserted_count,
  updatedCount: row.updated_count,
  unchangedCount: row.unchanged_count,
  skippedCount: row.skipped_count,
  failedCount: row.failed_count,
  progress: progressOf(row),
  errorCode: row.error_code,
  errorMessage: row.error_message,
  revertReport: row.revert_report,
  warnings: (row.warnings ?? []).map((w) => ({
    code: w.code,
    column: w.column ?? null,
    message: w.message,
    row: w.row ?? null,
    location: w.location ?? null,
    recordId: w.recordId ?? null,
    score: w.score ?? null,
  })),
  runAt: sqlTimeToDateOrNull(row.run_at ?? null),
  planJobId: row.plan_job_id ? toGlobalId("ImportJob", row.plan_job_id) : null,
  appliedByJobId: row.applied_by_job_id ? toGlobalId("ImportJob", row.applied_by_job_id) : null,
  entityCounts: (["CUSTOMER", "INTERACTION", "TRANSACTION"] as const).flatMap((entity) => {
    const c = row.entity_counts?.[entity];
    return c ? [{ entity: entity as ImportJob["entity"], ...c }] : [];
  }),
  createdAt: sqlTimeToDate(row.created_at),
  startedAt: sqlTimeToDateOrNull(row.started_at),
  finishedAt: sqlTimeToDateOrNull(row.finished_at),
  detailsExpiredAt: sqlTimeToDateOrNull(row.details_expired_at ?? null),
});

export const mapRowError = (e: StoredRowError): ImportRowError => ({
  row: e.row,
  location: e.location,
  column: e.column,
  field: e.field,
  value: e.value,
  code: e.code,
  message: e.message,
  entity: (e.entity ?? null) as ImportRowError["entity"],
});

export const mapTemplate = (t: MappingTemplateRow): MappingTemplate => ({
  id: toGlobalId("MappingTemplate", t.id),
  name: t.name,
  entity: t.entity as MappingTemplate["entity"],
  mapping: t.mapping.map((m) => ({
    source: m.source,
    target: m.target,
    transform: (m.transform as Record<string, unknown>) ?? null,
    onExisting: (m.onExisting ?? "OVERWRITE") as OnExisting,
  })),
  options: t.options,
  createdAt: sqlTimeToDate(t.created_at),
  updatedAt: sqlTimeToDate(t.updated_at),
});
