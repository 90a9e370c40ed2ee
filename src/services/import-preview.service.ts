import type { AppContext } from "../context.js";
import { recentMappings } from "../entities/import-job.repository.js";
import { FileFormatError } from "../errors/file-format.error.js";
import { badInput } from "../errors/app-error.js";
import { detectColumnReadings } from "../import/clean/detect-column-readings.js";
import { DEFAULT_MATCH_ON } from "../import/dedupe/dedupe-keys.js";
import { KeySet } from "../import/dedupe/key-set.js";
import type { ImportEntityName } from "../import/fields/field-catalog.js";
import { cleanOptionsOf, parseOptionsOf } from "../import/import-options.js";
import { defaultMapping } from "../import/map/default-mapping.js";
import { suggestMapping } from "../import/map/suggest-mapping.js";
import { validateMapping } from "../import/map/validate-mapping.js";
import type { FileFormat } from "../import/parse/parser.js";
import { inspectFile } from "../import/read/inspect-file.js";
import { spoolUploadOrThrow } from "../import/read/spool-upload.js";
import { toRowErrorRecords } from "../import/report/row-error-records.js";
import { createRowPipeline } from "../import/row-pipeline.js";
import type { ImportPreview, ImportRowError, PreviewImportInput } from "../schema/import.types.js";
import type { ImportWarning } from "../import/report/import-warning.js";
import { duplicateFileWarning } from "./duplicate-file-warning.js";
import { checkImportOptions } from "./import-input.js";
import { SAMPLE_RECORDS } from "./import-start.service.js";

export const MAX_SAMPLE_SIZE = 1000;

/** What an import of this file would do with its first rows; writes nothing. */
export const previewImport = async (ctx: AppContext, input: PreviewImportInput): Promise<ImportPreview> => {
  const entity = input.entity as ImportEntityName;
  if (!Number.isInteger(input.sampleSize) || input.sampleSize < 1 || input.sampleSize > MAX_SAMPLE_SIZE) {
    throw badInput(`sampleSize must be between 1 and ${MAX_SAMPLE_SIZE}.`, { field: "input.sampleSize" });
  }
  const { options, errors } = checkImportOptions(input.options, ["input", "options"], entity);
  if (errors.length > 0) throw badInput(errors.map((e) => e.message).join(" "), { field: errors[0]!.field?.join(".") });
  const spooled = await spoolUploadOrThrow(input.file, ctx.imports.config.maxUploadBytes);
  try {
    // as many records as startImport reads for its column readings, so the warnings are the ones it would record
    const inspected = await inspectFile(spooled, (input.format as FileFormat | null) ?? null, parseOptionsOf(options), Math.max(input.sampleSize, SAMPLE_RECORDS), { entity, listTables: true }).catch((error: unknown) => {
      if (error instanceof FileFormatError) throw badInput(error.message, { field: "input.file", reason: error.code });
      throw error;
    });
    const learned = await recentMappings(ctx.sql, ctx.principal.workspaceId, entity);
    const sample = inspected.sample.slice(0, input.sampleSize);
    const values = sample.map((r) => r.values);
    const suggestions = suggestMapping(entity, inspected.headers, values, learned);
    const sampleRows: Record<string, unknown>[] = [];
    const sampleErrors: ImportRowError[] = [];
    const warnings: ImportWarning[] = [];
    const checked = validateMapping(entity, defaultMapping(entity, inspected.headers, values, learned), inspected.headers);
    if (checked.ok) {
      const readings = detectColumnReadings(checked.compiled, inspected.sample, options);
      warnings.push(...readings.warnings);
      const cleanOptions = cleanOptionsOf({ ...options, columnDateOrders: readings.columnDateOrders, columnDecimalSeparators: readings.columnDecimalSeparators });
      const pipeline = createRowPipeline(entity, checked.compiled, cleanOptions, DEFAULT_MATCH_ON[entity], new KeySet());
      for (const record of sample) {
        const verdict = pipeline.judge(record);
        if (verdict.kind === "write") {
          // the content key is the writer's bookkeeping, not a value the file gives
          const { contentKey: _key, ...shown } = verdict.row.record as Record<string, unknown>;
          sampleRows.push({ row: record.rowNumber, ...shown });
        }
        else sampleErrors.push(...toRowErrorRecords(verdict.row, verdict.problems).map(({ raw: _raw, sourceValues: _values, ...e }) => e));
      }
    }
    const duplicate = await duplicateFileWarning(ctx, spooled.sha256);
    if (duplicate) warnings.push(duplicate);
    return {
      format: inspected.format as never,
      encoding: inspected.encoding,
      delimiter: inspected.delimiter,
      sheet: inspected.sheet,
      table: inspected.table,
      tables: inspected.tables.map((t) => ({ name: t.name, columns: [...t.columns], estimatedRows: t.estimatedRows })),
      headers: [...inspected.headers],
      suggestedMapping: suggestions.map((s) => ({ source: s.source, target: s.target, confidence: s.confidence, sampleValues: [...s.sampleValues] })),
      sampleRows,
      sampleErrors,
      warnings,
    };
  } finally {
    await spooled.remove();
  }
};
