import type { AppContext } from "../context.js";
import { recentMappings } from "../entities/import-job.repository.js";
import { FileFormatError } from "../errors/file-format.error.js";
import { badInput } from "../errors/app-error.js";
import {
  detectColumnReadings,
  DEFAULT_MATCH_ON,
  KeySet,
  type ImportEntityName,
  cleanOptionsOf,
  parseOptionsOf,
  defaultMapping,
  suggestMapping,
  validateMapping,
  type FileFormat,
  inspectFile,
  spoolUploadOrThrow,
  toRowErrorRecords,
  createRowPipeline,
  detectGraphContainer,
  type GraphContainer,
  inspectGraphPart,
  listGraphContents,
  type InspectedFile,
  type StoredGraphPart,
  type StoredImportOptions,
  childHeaders,
  customerHeaders,
  checkGraphMappings,
  GraphJudge,
  type ImportWarning,
} from "../import/index.js";
import { guessPartEntity, judgePartSamples, planGraphPartsJob } from "./import-graph-parts.service.js";
import {
  ImportEntity,
  type GraphMappingInput,
  type GraphPartPreview,
  type ImportPreview,
  type ImportRowError,
  type PreviewImportInput,
} from "../schema/import.types.js";
import { childPaths, childSample, GRAPH_FORMATS, guessChildEntity, planGraphJob } from "./import-graph.service.js";
import { checkImportOptions } from "../input/import-input.js";
import { duplicateFileWarning, SAMPLE_RECORDS } from "./import-start.service.js";

export const MAX_SAMPLE_SIZE = 1000;

/** What an import of this file would do with its first rows; writes nothing. */
export const previewImport = async (ctx: AppContext, input: PreviewImportInput): Promise<ImportPreview> => {
  const graph = input.entity === "GRAPH";
  const entity = (graph ? "CUSTOMER" : input.entity) as ImportEntityName;
  if (!Number.isInteger(input.sampleSize) || input.sampleSize < 1 || input.sampleSize > MAX_SAMPLE_SIZE) {
    throw badInput(`sampleSize must be between 1 and ${MAX_SAMPLE_SIZE}.`, { field: "input.sampleSize" });
  }
  const { options, errors } = checkImportOptions(input.options, ["input", "options"], entity);
  if (errors.length > 0) throw badInput(errors.map((e) => e.message).join(" "), { field: errors[0]!.field?.join(".") });
  const spooled = await spoolUploadOrThrow(input.file, ctx.imports.config.maxUploadBytes);
  try {
    // a workbook or a ZIP with one part per entity
    const container = graph ? await detectGraphContainer(spooled.path).catch(toBadInput) : null;
    if (container) {
      const preview = await previewGraphParts(spooled, container, input.sampleSize, options);
      return { ...preview, warnings: await withDuplicate(ctx, spooled.sha256, preview.warnings) };
    }
    // as many records as startImport reads for its column readings, so the warnings are the ones it would record
    const inspected = await inspectFile(
      spooled,
      (input.format as FileFormat | null) ?? null,
      parseOptionsOf(options),
      Math.max(input.sampleSize, SAMPLE_RECORDS),
      { entity, listTables: true },
    ).catch(toBadInput);
    if (graph) return { ...(await previewGraph(inspected, input.sampleSize, options)), warnings: await withDuplicate(ctx, spooled.sha256, []) };
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
      const cleanOptions = cleanOptionsOf({
        ...options,
        columnDateOrders: readings.columnDateOrders,
        columnDecimalSeparators: readings.columnDecimalSeparators,
      });
      const pipeline = createRowPipeline(entity, checked.compiled, cleanOptions, DEFAULT_MATCH_ON[entity], new KeySet());
      for (const record of sample) {
        const verdict = pipeline.judge(record);
        if (verdict.kind === "write") {
          // the content key is the writer's bookkeeping, not a value the file gives
          const { contentKey: _key, ...shown } = verdict.row.record as Record<string, unknown>;
          sampleRows.push({ row: record.rowNumber, ...shown });
        } else
          sampleErrors.push(...toRowErrorRecords(verdict.row, verdict.problems).map(({ raw: _raw, sourceValues: _values, ...e }) => ({ ...e, entity: null })));
      }
    }
    const duplicate = await duplicateFileWarning(ctx, spooled.sha256);
    if (duplicate) warnings.push(duplicate);
    return {
      ...fileFieldsOf(inspected),
      tables: inspected.tables.map((t) => ({ name: t.name, columns: [...t.columns], estimatedRows: t.estimatedRows })),
      headers: [...inspected.headers],
      suggestedMapping: suggestionsOf(suggestions),
      sampleRows,
      sampleErrors,
      warnings,
      graph: [],
    };
  } finally {
    await spooled.remove();
  }
};

const toBadInput = (error: unknown): never => {
  if (error instanceof FileFormatError) throw badInput(error.message, { field: "input.file", reason: error.code });
  throw error;
};

/**
 * A GRAPH preview of a workbook or ZIP: each sheet or file with the entity it looks like, its
 * format and encoding, its records (exact when the sample holds them all), the columns linking
 * it to customers and its suggested mapping; a sheet or file whose entity cannot be told is a
 * warning (UNKNOWN_ENTITY) and the rest are shown.
 */
const previewGraphParts = async (
  spooled: { path: string; fileName: string },
  container: GraphContainer,
  sampleSize: number,
  options: StoredImportOptions,
): Promise<Omit<ImportPreview, "warnings"> & { warnings: ImportWarning[] }> => {
  const contents = await listGraphContents(spooled.path, container).catch(toBadInput);
  type Found = { sheet?: string; file?: string; format: StoredGraphPart["format"] };
  const found: Found[] =
    container === "XLSX"
      ? contents.sheets.filter((s) => !s.hidden).map((s) => ({ sheet: s.name, format: "XLSX" as const }))
      : contents.files.flatMap((f) => (f.format === null ? [] : [{ file: f.name, format: f.format }]));
  const warnings: ImportWarning[] = [];
  for (const f of contents.files)
    if (f.format === null)
      warnings.push({
        code: "UNMAPPED_PART",
        column: f.name,
        message: `"${f.name}" is not CSV, XLSX, JSON, NDJSON or XML (by its extension); it is not imported.`,
      });
  // the parts whose entity tells, named as a caller would name them, planned as startImport plans them
  const named: GraphMappingInput[] = [];
  for (const f of found) {
    const part = await inspectGraphPart(spooled, container, f, parseOptionsOf(options), Math.max(sampleSize, SAMPLE_RECORDS)).catch(toBadInput);
    const entity = guessPartEntity(f.file ?? f.sheet!, part);
    if (entity === null)
      warnings.push({
        code: "UNKNOWN_ENTITY",
        column: f.file ?? f.sheet!,
        message: `What "${f.file ?? f.sheet}" holds cannot be told from its name or columns; name it in mappings to import it.`,
      });
    else named.push({ entity: entity as ImportEntity, ...(f.file !== undefined ? { file: f.file } : { sheet: f.sheet }) });
  }
  const plan =
    named.length === 0
      ? null
      : await planGraphPartsJob(spooled, container, named, null, options, Math.max(sampleSize, SAMPLE_RECORDS), (m) =>
          m.map((x) => ({ source: x.source, target: x.target })),
        ).catch(toBadInput);
  const parts: GraphPartPreview[] = [];
  let sampleRows: Record<string, unknown>[] = [];
  let sampleErrors: ImportRowError[] = [];
  if (plan && !("errors" in plan)) {
    warnings.push(...plan.warnings.filter((w) => w.code !== "UNMAPPED_PART"));
    for (const p of plan.parts) {
      const values = p.inspected.sample.map((r) => r.values);
      parts.push({
        entity: p.entity as ImportEntity,
        path: null,
        sheet: p.sheet ?? null,
        file: p.file ?? null,
        format: p.format as FileFormat as never,
        encoding: p.encoding ?? null,
        count: p.inspected.sample.length,
        totalCount: p.inspected.complete ? p.inspected.sample.length : null,
        linkColumns: p.linkColumns,
        headers: [...p.headers],
        suggestedMapping: suggestionsOf(suggestMapping(p.entity, p.headers, values)),
      });
    }
    const judged = judgePartSamples(plan, DEFAULT_MATCH_ON.CUSTOMER, sampleSize);
    sampleRows = judged.rows;
    sampleErrors = judged.errors;
  } else if (plan) {
    for (const e of plan.errors) warnings.push({ code: e.code === "UNKNOWN_ENTITY" ? "UNKNOWN_ENTITY" : "UNMAPPED_PART", column: null, message: e.message });
  }
  return {
    format: (parts[0]?.format ?? "XLSX") as never,
    container: (container === "XLSX" ? "WORKBOOK" : "ZIP") as never,
    encoding: null,
    delimiter: null,
    sheet: null,
    table: null,
    tables: [],
    headers: parts[0]?.headers ?? [],
    suggestedMapping: parts[0]?.suggestedMapping ?? [],
    sampleRows,
    sampleErrors,
    warnings,
    graph: parts,
  };
};

const withDuplicate = async (ctx: AppContext, sha256: string, warnings: ImportWarning[]): Promise<ImportWarning[]> => {
  const duplicate = await duplicateFileWarning(ctx, sha256);
  return duplicate ? [...warnings, duplicate] : warnings;
};

/** A nested file's parts are paths: the fields of a workbook's or ZIP's parts stay empty. */
const NOT_A_PART = { sheet: null, file: null, format: null, encoding: null, totalCount: null, linkColumns: [] as string[] };

/** How the file was read, as a preview shows it. */
const fileFieldsOf = (inspected: InspectedFile) => ({
  format: inspected.format as never,
  encoding: inspected.encoding,
  delimiter: inspected.delimiter,
  sheet: inspected.sheet,
  container: null,
  table: inspected.table,
});

const suggestionsOf = (list: ReturnType<typeof suggestMapping>) =>
  list.map((s) => ({ source: s.source, target: s.target, confidence: s.confidence, sampleValues: [...s.sampleValues] }));

/**
 * A GRAPH preview: the customers and each array of records they hold (its path, the entity it
 * looks like, its records in the sample, its fields and suggested mapping), and the sample's
 * records of every entity judged as the import would judge them.
 */
const previewGraph = async (
  inspected: InspectedFile,
  sampleSize: number,
  options: StoredImportOptions,
): Promise<Omit<ImportPreview, "warnings"> & { warnings: ImportWarning[] }> => {
  const base = { ...fileFieldsOf(inspected), tables: [] };
  if (!GRAPH_FORMATS.includes(inspected.format)) {
    throw badInput(`A GRAPH import reads nested JSON, NDJSON or XML; the file is ${inspected.format}.`, { field: "input.file", reason: "UNSUPPORTED_FORMAT" });
  }
  const sample = inspected.sample.slice(0, sampleSize);
  const planned = planGraphJob(null, null, options, inspected, (m) => m.map((x) => ({ source: x.source, target: x.target })));
  const paths = childPaths(inspected.headers);
  const ownHeaders = customerHeaders(inspected.headers, paths);
  const own = sample.map((r) => r.values);
  const parts: GraphPartPreview[] = [
    {
      entity: ImportEntity.CUSTOMER,
      path: null,
      ...NOT_A_PART,
      count: inspected.sample.length,
      headers: ownHeaders,
      suggestedMapping: suggestionsOf(suggestMapping("CUSTOMER", ownHeaders, own)),
    },
  ];
  for (const path of paths) {
    const single = inspected.format === "XML";
    const headers = childHeaders(inspected.headers, path, single);
    const records = childSample(inspected.sample, { entity: "INTERACTION", path, single });
    const values = records.map((r) => r.values);
    const childEntity = "errors" in planned ? guessChildEntity(path, headers, values) : planned.options.graph!.find((c) => c.path === path)!.entity;
    parts.push({
      entity: childEntity as ImportEntity,
      path,
      ...NOT_A_PART,
      count: records.length,
      headers,
      suggestedMapping: suggestionsOf(suggestMapping(childEntity, headers, values)),
    });
  }
  const sampleRows: Record<string, unknown>[] = [];
  const sampleErrors: ImportRowError[] = [];
  const warnings: ImportWarning[] = [];
  if (!("errors" in planned)) {
    warnings.push(...planned.warnings);
    const checked = checkGraphMappings(planned.mapping, planned.options.graph ?? [], inspected.headers);
    if (checked.ok) {
      const judge = new GraphJudge(checked, planned.options, DEFAULT_MATCH_ON.CUSTOMER);
      for (const record of sample) judge.add(record, 0);
      for (const part of judge.take().graph ?? []) {
        for (const row of part.batch.toWrite) {
          const { contentKey: _key, ...shown } = JSON.parse(row.insert) as Record<string, unknown>;
          sampleRows.push({ row: row.rowNumber, entity: part.entity, location: row.location, ...shown });
        }
        sampleErrors.push(...part.batch.errors.map(({ raw: _raw, ...e }) => ({ ...e, entity: part.entity as ImportEntity })));
      }
      sampleRows.sort((a, b) => (a.row as number) - (b.row as number));
      sampleErrors.sort((a, b) => a.row - b.row);
    }
  }
  return {
    ...base,
    headers: [...inspected.headers],
    suggestedMapping: parts[0]!.suggestedMapping,
    sampleRows,
    sampleErrors,
    warnings,
    graph: parts,
  };
};
