import { detectColumnReadings } from "./clean/detect-column-readings.js";
import { KeySet } from "./dedupe/key-set.js";
import { fieldsFor, type ImportEntityName } from "./fields/field-catalog.js";
import { cleanOptionsOf, type StoredImportOptions } from "./import-options.js";
import { judgeBatch } from "./judge/judge-batch.js";
import type { JudgedBatch } from "./judge/judge-protocol.js";
import type { FieldMapping, MappingError } from "./map/mapping-spec.js";
import { validateMapping } from "./map/validate-mapping.js";
import type { CellValue, SourceRecord } from "./parse/parser.js";
import type { ImportWarning } from "./report/import-warning.js";
import { createRowPipeline } from "./row-pipeline.js";

/** One record sent to the API: import field names to cell values, and its custom fields by key (own keys only). */
export interface ApiRecord {
  readonly fields: Readonly<Record<string, CellValue | undefined>>;
  readonly custom: Readonly<Record<string, CellValue>>;
}

export type JudgedRecords =
  | {
      readonly ok: true;
      readonly batch: JudgedBatch;
      readonly mapping: readonly FieldMapping[];
      readonly options: StoredImportOptions;
      readonly warnings: ImportWarning[];
    }
  | { readonly ok: false; readonly errors: readonly MappingError[] };

const CUSTOM_PREFIX = "customFields.";

/**
 * Runs records given by field name through the import's pure stages, as one batch: every field of
 * the entity mapped to itself (so a missing required value is a row's REQUIRED, not a mapping
 * error), the columns' date order and decimal mark read from the records as from a file's first
 * rows, then the same cleaning, validation and in-call duplicate rule. Row n is records[n - 1].
 */
export const judgeRecords = (
  entity: ImportEntityName,
  records: readonly ApiRecord[],
  options: StoredImportOptions,
  matchOn: readonly string[],
): JudgedRecords => {
  const customKeys = new Set<string>();
  for (const r of records) for (const key of Object.keys(r.custom)) customKeys.add(key);
  const headers = [...fieldsFor(entity).map((f) => f.name), ...[...customKeys].map((k) => CUSTOM_PREFIX + k)];
  const checked = validateMapping(
    entity,
    headers.map((h) => ({ source: h, target: h })),
    headers,
  );
  if (!checked.ok) return { ok: false, errors: checked.errors };
  const sources: SourceRecord[] = records.map((r, i) => {
    // a plain object: its keys are the checked headers above (field names, "customFields.<key>"), and
    // one shape for all records is smaller and faster to read than a dictionary per record
    const values: Record<string, CellValue> = {};
    for (const name in r.fields) {
      const value = r.fields[name];
      if (value !== undefined && value !== null) values[name] = value;
    }
    let custom = false;
    for (const key in r.custom) {
      values[CUSTOM_PREFIX + key] = r.custom[key]!;
      custom = true;
    }
    // the record as sent, for the error report
    // (customFields appended to the fields' text: the same JSON as a copy of the fields with it added)
    const fieldsJson = JSON.stringify(r.fields);
    const raw = !custom ? fieldsJson : `${fieldsJson === "{}" ? "{" : `${fieldsJson.slice(0, -1)},`}"customFields":${JSON.stringify(r.custom)}}`;
    return { rowNumber: i + 1, location: `records[${i}]`, values, raw: [raw] };
  });
  const readings = detectColumnReadings(checked.compiled, sources, options);
  const stored: StoredImportOptions = {
    ...options,
    columnDateOrders: readings.columnDateOrders,
    columnDecimalSeparators: readings.columnDecimalSeparators,
  };
  if (sources.length === 0) return { ok: true, batch: emptyBatch(), mapping: checked.compiled.mapping, options: stored, warnings: readings.warnings };
  const pipeline = createRowPipeline(entity, checked.compiled, cleanOptionsOf(stored), matchOn, new KeySet());
  return { ok: true, batch: judgeBatch(pipeline, entity, sources), mapping: checked.compiled.mapping, options: stored, warnings: readings.warnings };
};

const emptyBatch = (): JudgedBatch => ({ recordCount: 0, lastRow: 0, lastKey: null, toWrite: [], errors: [], failed: 0, skipped: 0, skippedRows: [] });
