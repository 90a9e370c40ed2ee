import type { AppContext } from "../context.js";
import { findEarlierImportOfFile, insertImportJob, recentMappings, type ImportJobRow } from "../entities/import-job.repository.js";
import { storeFileChunks } from "../entities/import-file.repository.js";
import { FileFormatError } from "../errors/file-format.error.js";
import {
  detectColumnReadings,
  DEFAULT_MATCH_ON,
  type ImportEntityName,
  type StoredImportOptions,
  parseOptionsOf,
  defaultMapping,
  type FieldMapping,
  validateMapping,
  type FileFormat,
  inspectFile,
  type InspectedFile,
  spoolUploadOrThrow,
  type SpooledFile,
  detectGraphContainer,
  type GraphContainer,
  type ImportWarning,
} from "../import/index.js";
import type { StartImportInput } from "../schema/import.types.js";
import type { UserError } from "../schema/node.type.js";
import { findTemplateRow } from "../entities/mapping-template.repository.js";
import { auditActorOf, importJobEvent, recordAuditEvent } from "./audit.service.js";
import { rowIdOf, toGlobalId } from "../common/global-id.js";
import { sqlTimeToDate } from "../common/sql-time.js";
import { checkImportOptions, checkMatchOn } from "../input/import-input.js";
import { startDatabaseImport } from "./import-start-database.service.js";
import { checkRunAt } from "../input/check-run-at.js";
import { checkGraphParts, GRAPH_FORMATS, planGraphJob } from "./import-graph.service.js";
import { planGraphPartsJob } from "./import-graph-parts.service.js";

export const SAMPLE_RECORDS = 200;

export type StartResult = { job: ImportJobRow; userErrors: [] } | { job: null; userErrors: UserError[] };

const fail = (userErrors: UserError[]): StartResult => ({ job: null, userErrors });

export const fileErrorToUserError = (error: FileFormatError): UserError => ({ field: ["input", "file"], message: error.message, code: error.code });

/** DUPLICATE_FILE when the workspace imported a file with the same bytes before (see findEarlierImportOfFile); the preview warns the same way. */
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

/** Strips null transform keys that GraphQL inputs carry. */
export const toFieldMappings = (input: readonly { source: string; target: string; transform?: object | null; onExisting?: string | null }[]): FieldMapping[] =>
  input.map((m) => {
    const transform = Object.fromEntries(Object.entries(m.transform ?? {}).filter(([, v]) => v !== null && v !== undefined));
    return {
      source: m.source,
      target: m.target,
      ...(Object.keys(transform).length > 0 ? { transform } : {}),
      ...(m.onExisting ? { onExisting: m.onExisting as FieldMapping["onExisting"] & string } : {}),
    };
  });

const resolveMapping = async (
  ctx: AppContext,
  entity: ImportEntityName,
  input: StartImportInput,
  inspected: Pick<InspectedFile, "headers" | "sample">,
): Promise<{ mapping: FieldMapping[] } | { errors: UserError[] }> => {
  if (input.mapping && input.mapping.length > 0) return { mapping: toFieldMappings(input.mapping) };
  if (input.templateId) {
    const id = rowIdOf(input.templateId, "MappingTemplate");
    const template = id ? await findTemplateRow(ctx.sql, ctx.principal.workspaceId, id) : null;
    if (!template) return { errors: [{ field: ["input", "templateId"], message: "No mapping template has this id.", code: "NOT_FOUND" }] };
    if (template.entity !== entity)
      return { errors: [{ field: ["input", "templateId"], message: `The template is for ${template.entity}, not ${entity}.`, code: "WRONG_ENTITY" }] };
    return { mapping: template.mapping };
  }
  const learned = await recentMappings(ctx.sql, ctx.principal.workspaceId, entity);
  return {
    mapping: defaultMapping(
      entity,
      inspected.headers,
      inspected.sample.map((r) => r.values),
      learned,
    ),
  };
};

export interface PlannedJob {
  readonly mapping: FieldMapping[];
  readonly options: StoredImportOptions;
  readonly warnings: { code: string; column: string | null; message: string }[];
}

/** The mapping (given, from a template, or guessed from the headers and sample) checked, and each column's readings detected. */
export const planImportJob = async (
  ctx: AppContext,
  entity: ImportEntityName,
  input: StartImportInput,
  options: StoredImportOptions,
  inspected: Pick<InspectedFile, "headers" | "sample">,
): Promise<PlannedJob | { errors: UserError[] }> => {
  const resolved = await resolveMapping(ctx, entity, input, inspected);
  if ("errors" in resolved) return resolved;
  const checked = validateMapping(entity, resolved.mapping, inspected.headers);
  if (!checked.ok) {
    const guessed = !input.mapping?.length && !input.templateId;
    return {
      errors: checked.errors.map((e) => ({
        field: guessed ? ["input", "mapping"] : ["input", ...e.field],
        message: guessed ? `No mapping was given and the headers do not map by themselves: ${e.message}` : e.message,
        code: e.code,
      })),
    };
  }
  // each column's date order and decimal mark, from the first records, stored so a resume reads alike
  const { columnDateOrders, columnDecimalSeparators, warnings } = detectColumnReadings(checked.compiled, inspected.sample, options);
  const stored: StoredImportOptions = { ...options, columnDateOrders, columnDecimalSeparators, headers: [...inspected.headers] };
  return { mapping: [...checked.compiled.mapping], options: stored, warnings };
};

/** A graph job's plan: the customers' mapping from their part, else from mapping, else suggested. */
const planGraph = (input: StartImportInput, options: StoredImportOptions, inspected: InspectedFile) => {
  const own = input.mappings?.find((p) => p.entity === "CUSTOMER")?.mapping ?? input.mapping;
  return planGraphJob(input.mappings, own && own.length > 0 ? toFieldMappings(own) : null, options, inspected, toFieldMappings);
};

/** SQL dumps: the rows counted in the chosen table when the dump was scanned, for progress. */
const tableRows = (inspected: InspectedFile): number | null => inspected.tables.find((t) => t.name === inspected.table)?.estimatedRows ?? null;

/** Validates everything up front, stores the file in the database and queues the job, in one transaction. */
export const startImport = async (ctx: AppContext, input: StartImportInput): Promise<StartResult> => {
  const graph = input.entity === "GRAPH";
  // a graph job's own records are customers: its options, keys and mapping are the customers'
  const entity = (graph ? "CUSTOMER" : input.entity) as ImportEntityName;
  const { options, errors: optionErrors } = checkImportOptions(input.options, ["input", "options"], entity, true);
  const { runAt, errors: runAtErrors } = checkRunAt(input.options?.runAt, new Date(), ["input", "options", "runAt"]);
  const { matchOn, errors: matchErrors } = checkMatchOn(entity, input.matchOn, DEFAULT_MATCH_ON[entity]);
  const sourceErrors =
    (input.file ? 1 : 0) + (input.source ? 1 : 0) === 1 ? [] : [{ field: ["input"], message: "Give exactly one of file and source.", code: "FILE_OR_SOURCE" }];
  const parts = graph ? checkGraphParts(input.mappings) : { recordPath: null, errors: [] };
  const graphErrors = [...parts.errors];
  if (!graph && input.mappings?.length)
    graphErrors.push({ field: ["input", "mappings"], message: "mappings applies to entity GRAPH only; use mapping.", code: "INVALID_GRAPH" });
  if (graph && input.source) graphErrors.push({ field: ["input", "source"], message: "A GRAPH import reads an uploaded file.", code: "INVALID_GRAPH" });
  // a graph's records link to their customer by its keys, which a merge into a likely duplicate keeps as they were
  if (graph && options.onPossibleDuplicate === "MERGE") {
    optionErrors.push({
      field: ["input", "options", "onPossibleDuplicate"],
      message: "MERGE does not apply to GRAPH imports: their records link to their customer by the keys a merge leaves as they were; use WARN or SKIP.",
      code: "INVALID_OPTION",
    });
  }
  if (graph && input.templateId)
    graphErrors.push({ field: ["input", "templateId"], message: "A GRAPH import takes its mappings in mappings, not from a template.", code: "INVALID_GRAPH" });
  if (optionErrors.length + runAtErrors.length + matchErrors.length + sourceErrors.length + graphErrors.length > 0) {
    return fail([...sourceErrors, ...graphErrors, ...optionErrors, ...runAtErrors, ...matchErrors]);
  }
  if (parts.recordPath !== null) options.recordPath = parts.recordPath;
  if (input.source && runAt) return fail([{ field: ["input", "options", "runAt"], message: "runAt applies to file imports only.", code: "INVALID_OPTION" }]);
  if (input.source) return startDatabaseImport(ctx, input, input.source, options, matchOn);
  const spooled = await spoolUploadOrThrow(input.file!, ctx.imports.config.maxUploadBytes);
  try {
    if (graph) {
      let container: GraphContainer | null;
      try {
        container = await detectGraphContainer(spooled.path);
      } catch (error) {
        if (error instanceof FileFormatError) return fail([fileErrorToUserError(error)]);
        throw error;
      }
      if (container) return await startGraphPartsImport(ctx, input, spooled, container, options, matchOn, runAt);
      if (input.mappings?.some((p) => p.sheet?.trim() || p.file?.trim())) {
        return fail([
          { field: ["input", "mappings"], message: "sheet and file name the parts of a workbook or ZIP; the upload is neither.", code: "INVALID_GRAPH" },
        ]);
      }
    }
    let inspected: InspectedFile;
    try {
      inspected = await inspectFile(spooled, (input.format as FileFormat | null) ?? null, parseOptionsOf(options), SAMPLE_RECORDS, {
        entity,
        listTables: true,
      });
    } catch (error) {
      if (error instanceof FileFormatError) return fail([fileErrorToUserError(error)]);
      throw error;
    }
    if (graph && !GRAPH_FORMATS.includes(inspected.format)) {
      return fail([
        { field: ["input", "file"], message: `A GRAPH import reads nested JSON, NDJSON or XML; the file is ${inspected.format}.`, code: "UNSUPPORTED_FORMAT" },
      ]);
    }
    const planned = graph ? planGraph(input, options, inspected) : await planImportJob(ctx, entity, input, options, inspected);
    if ("errors" in planned) return fail(planned.errors);
    const { options: stored, warnings } = planned;
    // the table chosen now is the one a resume reads, whatever the suggestion would say then
    if (inspected.table !== null) stored.table = inspected.table;
    const duplicate = await duplicateFileWarning(ctx, spooled.sha256);
    if (duplicate) warnings.push(duplicate);
    const job = await ctx.sql.transaction(async (tx) => {
      const row = await insertImportJob(tx, {
        workspaceId: ctx.principal.workspaceId,
        entity: graph ? "GRAPH" : entity,
        mode: input.mode,
        dryRun: input.dryRun,
        fileName: spooled.fileName,
        format: inspected.format,
        encoding: inspected.encoding,
        delimiter: inspected.delimiter,
        sheet: inspected.sheet,
        fileSize: spooled.size,
        fileSha256: spooled.sha256,
        mapping: planned.mapping,
        options: stored,
        matchOn,
        createdByKeyId: ctx.principal.keyId,
        totalRows:
          inspected.sample.length < SAMPLE_RECORDS
            ? "sampleNodes" in planned
              ? planned.sampleNodes
              : inspected.sample.length
            : (tableRows(inspected) ?? null),
        warnings,
        runAt,
      });
      await storeFileChunks(tx, row.id, spooled.path);
      await recordAuditEvent(tx, auditActorOf(ctx), importJobEvent("import.started", row, { fileSize: spooled.size, fileSha256: spooled.sha256 }));
      return row;
    });
    ctx.logger.info({ jobId: job.id, entity, format: inspected.format, bytes: spooled.size, dryRun: input.dryRun, status: job.status }, "import queued");
    // a scheduled job needs no wake-up now: polling workers promote it once its time has passed
    if (job.status === "QUEUED") ctx.imports.notifyQueued(job.id);
    return { job, userErrors: [] };
  } finally {
    await spooled.remove();
  }
};

/** A GRAPH import of a workbook or ZIP: its parts planned (each read from its start), then queued as any file import. */
const startGraphPartsImport = async (
  ctx: AppContext,
  input: StartImportInput,
  spooled: SpooledFile,
  container: GraphContainer,
  options: StoredImportOptions,
  matchOn: string[],
  runAt: Date | null,
): Promise<StartResult> => {
  const own = input.mappings?.find((p) => p.entity === "CUSTOMER")?.mapping ?? input.mapping;
  let planned: Awaited<ReturnType<typeof planGraphPartsJob>>;
  try {
    planned = await planGraphPartsJob(
      spooled,
      container,
      input.mappings,
      own && own.length > 0 ? toFieldMappings(own) : null,
      options,
      SAMPLE_RECORDS,
      toFieldMappings,
    );
  } catch (error) {
    if (error instanceof FileFormatError) return fail([fileErrorToUserError(error)]);
    throw error;
  }
  if ("errors" in planned) return fail(planned.errors);
  const warnings = [...planned.warnings];
  const duplicate = await duplicateFileWarning(ctx, spooled.sha256);
  if (duplicate) warnings.push(duplicate);
  const job = await ctx.sql.transaction(async (tx) => {
    const row = await insertImportJob(tx, {
      workspaceId: ctx.principal.workspaceId,
      entity: "GRAPH",
      mode: input.mode,
      dryRun: input.dryRun,
      fileName: spooled.fileName,
      // the job's format is its customers' part's (the first); container says what holds the parts
      format: planned.parts[0]!.format,
      encoding: planned.parts[0]!.encoding ?? null,
      delimiter: null,
      sheet: null,
      fileSize: spooled.size,
      fileSha256: spooled.sha256,
      mapping: planned.mapping,
      options: planned.options,
      matchOn,
      createdByKeyId: ctx.principal.keyId,
      totalRows: planned.totalRows,
      warnings,
      runAt,
    });
    await storeFileChunks(tx, row.id, spooled.path);
    await recordAuditEvent(tx, auditActorOf(ctx), importJobEvent("import.started", row, { fileSize: spooled.size, fileSha256: spooled.sha256 }));
    return row;
  });
  ctx.logger.info(
    { jobId: job.id, entity: "GRAPH", format: container, parts: planned.parts.length, bytes: spooled.size, dryRun: input.dryRun, status: job.status },
    "import queued",
  );
  if (job.status === "QUEUED") ctx.imports.notifyQueued(job.id);
  return { job, userErrors: [] };
};
