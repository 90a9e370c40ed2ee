import type { RowErrorRecord } from "../../entities/import-row-error.repository.js";
import type { ImportEntityName } from "../fields/field-catalog.js";
import type { SourceRecord } from "../parse/parser.js";
import { toRowErrorRecords } from "../report/row-error-records.js";
import type { RowPipeline } from "../row-pipeline.js";
import { ACTIVITY_KEY_FIELDS, interactionInsertJson, TRANSACTION_KEY_FIELDS, transactionInsertJson } from "../write/activity-tables.js";
import { CUSTOMER_KEY_FIELDS, customerInsertJson } from "../write/customer.writer.js";
import type { CleanRow, WritableRow } from "../write/write-types.js";
import type { JudgedBatch } from "./judge-protocol.js";

/** Per entity: the insert's JSON object of a clean record, and the fields its writer matches on. */
const WRITE_FORM: Record<ImportEntityName, { insertJson: (record: any) => string; keyFields: readonly string[] }> = {
  CUSTOMER: { insertJson: customerInsertJson, keyFields: CUSTOMER_KEY_FIELDS },
  INTERACTION: { insertJson: interactionInsertJson, keyFields: ACTIVITY_KEY_FIELDS },
  TRANSACTION: { insertJson: transactionInsertJson, keyFields: TRANSACTION_KEY_FIELDS },
};

const writableRow = (row: CleanRow<unknown>, entity: ImportEntityName): WritableRow => {
  const form = WRITE_FORM[entity];
  const record = row.record as Record<string, string | null>;
  const keys: Record<string, string | null> = {};
  for (const field of form.keyFields) keys[field] = record[field] ?? null;
  return { rowNumber: row.rowNumber, location: row.location, raw: row.raw, values: row.values, insert: form.insertJson(record), keys };
};

/** Runs the pure stages over one batch of records: what to write, and what failed or was skipped already. */
export const judgeBatch = (pipeline: RowPipeline, entity: ImportEntityName, records: readonly SourceRecord[]): JudgedBatch => {
  const toWrite: WritableRow[] = [];
  const errors: RowErrorRecord[] = [];
  const skippedRows: number[] = [];
  let failed = 0;
  for (const record of records) {
    const verdict = pipeline.judge(record);
    if (verdict.kind === "write") toWrite.push(writableRow(verdict.row, entity));
    else {
      if (verdict.kind === "failed") failed++;
      else skippedRows.push(record.rowNumber);
      errors.push(...toRowErrorRecords(verdict.row, verdict.problems));
    }
  }
  const last = records.at(-1)!;
  return { recordCount: records.length, lastRow: last.rowNumber, lastKey: last.key ?? null, toWrite, errors, failed, skipped: skippedRows.length, skippedRows };
};
