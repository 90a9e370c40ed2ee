import type { RowErrorRecord } from "../../entities/import-row-error.repository.js";
import type { ImportEntityName } from "../fields/field-catalog.js";
import type { SourceRecord } from "../parse/parser.js";
import { toRowErrorRecords } from "../report/row-error-records.js";
import type { RowPipeline, RowVerdict } from "../row-pipeline.js";
import { ACTIVITY_KEY_FIELDS, interactionInsertJson, TRANSACTION_KEY_FIELDS, transactionInsertJson } from "../write/activity-tables.js";
import { CUSTOMER_KEY_FIELDS, customerInsertJson } from "../write/customer-values.js";
import { customerFieldSet } from "../write/field-sources.js";
import type { CleanRow, WritableRow } from "../write/write-types.js";
import type { JudgedBatch } from "./judge-protocol.js";

/** Per entity: the insert's JSON object of a clean record, and the fields its writer matches on. */
const WRITE_FORM: Record<ImportEntityName, { insertJson: (record: any) => string; keyFields: readonly string[]; fieldSet?: (record: any) => string }> = {
  CUSTOMER: { insertJson: customerInsertJson, keyFields: CUSTOMER_KEY_FIELDS, fieldSet: customerFieldSet },
  INTERACTION: { insertJson: interactionInsertJson, keyFields: ACTIVITY_KEY_FIELDS },
  TRANSACTION: { insertJson: transactionInsertJson, keyFields: TRANSACTION_KEY_FIELDS },
};

const writableRow = (row: CleanRow<unknown>, entity: ImportEntityName): WritableRow => {
  const form = WRITE_FORM[entity];
  const record = row.record as Record<string, string | null>;
  const keys: Record<string, string | null> = {};
  for (const field of form.keyFields) keys[field] = record[field] ?? null;
  return {
    rowNumber: row.rowNumber,
    location: row.location,
    raw: row.raw,
    values: row.values,
    insert: form.insertJson(record),
    keys,
    fieldSet: form.fieldSet?.(record),
  };
};

/** Collects verdicts into a JudgedBatch: what to write, and what failed or was skipped already. */
export class JudgedBatchBuilder {
  readonly toWrite: WritableRow[] = [];
  readonly errors: RowErrorRecord[] = [];
  readonly skippedRows: number[] = [];
  failed = 0;
  count = 0;

  constructor(private readonly entity: ImportEntityName) {}

  add(verdict: RowVerdict, parentRow?: number): void {
    this.count++;
    if (verdict.kind === "write") {
      const row = writableRow(verdict.row, this.entity);
      this.toWrite.push(parentRow === undefined ? row : { ...row, parentRow });
      return;
    }
    if (verdict.kind === "failed") this.failed++;
    else this.skippedRows.push(verdict.row.rowNumber);
    this.errors.push(...toRowErrorRecords(verdict.row, verdict.problems));
  }

  build(lastRow: number, lastKey: readonly string[] | null): JudgedBatch {
    return {
      recordCount: this.count,
      lastRow,
      lastKey,
      toWrite: this.toWrite,
      errors: this.errors,
      failed: this.failed,
      skipped: this.skippedRows.length,
      skippedRows: this.skippedRows,
    };
  }
}

/** Runs the pure stages over one batch of records: what to write, and what failed or was skipped already. */
export const judgeBatch = (pipeline: RowPipeline, entity: ImportEntityName, records: readonly SourceRecord[]): JudgedBatch => {
  const builder = new JudgedBatchBuilder(entity);
  for (const record of records) builder.add(pipeline.judge(record));
  const last = records.at(-1)!;
  return builder.build(last.rowNumber, last.key ?? null);
};
