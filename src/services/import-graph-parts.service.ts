import {
  detectColumnReadings,
  DEFAULT_MATCH_ON,
  KeySet,
  type GraphContainer,
  cleanOptionsOf,
  parseOptionsOf,
  type StoredGraphPart,
  type StoredImportOptions,
  defaultMapping,
  type FieldMapping,
  suggestMapping,
  validateMapping,
  inspectGraphPart,
  listGraphContents,
  type GraphContents,
  type InspectedPart,
  type ImportWarning,
  toRowErrorRecords,
  createRowPipeline,
} from "../import/index.js";
import type { GraphMappingInput, ImportRowError } from "../schema/import.types.js";
import type { UserError } from "../schema/node.type.js";
import { guessChildEntity } from "./import-graph.service.js";

type PartEntity = StoredGraphPart["entity"];

const CUSTOMER_NAME = /customer|client|contact|account|people|person|member|user|lead|kunde|客户/i;
const TRANSACTION_NAME = /order|transaction|payment|purchase|invoice|sale|refund|charge|billing/i;
const INTERACTION_NAME = /note|interaction|activit|call|email|mail|meeting|event|message|ticket|visit|touch/i;
/** A column that names whose row it is: "Customer email", "client_id", "客户邮箱". */
const OWNER_WORD = /customer|client|contact|account|kunde|客户/i;
/** The fields a child's link to its customer maps to. */
const LINK_TARGETS = new Set(["customerExternalId", "customerEmail"]);

const err = (field: string[], message: string, code: string): UserError => ({ field, message, code });

/** A part's name without folders and extension: "export/Orders.csv" → "Orders". */
const stem = (name: string): string => name.replace(/^.*\//, "").replace(/\.[^.]+$/, "");

/** The columns a child's suggestion maps to its customer's keys: how it links. */
export const linkColumnsOf = (entity: PartEntity, part: InspectedPart): string[] =>
  entity === "CUSTOMER"
    ? []
    : suggestMapping(
        entity,
        part.headers,
        part.sample.map((r) => r.values),
      )
        .filter((s) => s.target !== null && LINK_TARGETS.has(s.target))
        .map((s) => s.source);

/**
 * The entity a part holds, from its name (children's names first: "customer_orders" holds
 * orders), else from its columns: a link to a customer makes it an interaction or transaction,
 * customer fields without one make it customers. Null when neither tells.
 */
export const guessPartEntity = (name: string, part: InspectedPart): PartEntity | null => {
  const s = stem(name);
  if (TRANSACTION_NAME.test(s)) return "TRANSACTION";
  if (INTERACTION_NAME.test(s)) return "INTERACTION";
  if (CUSTOMER_NAME.test(s)) return "CUSTOMER";
  const values = part.sample.map((r) => r.values);
  // a plain "email" column suggests customerEmail for a child too: only a column that names the customer links
  const links = suggestMapping("TRANSACTION", part.headers, values).some(
    (x) => x.target !== null && LINK_TARGETS.has(x.target) && x.confidence >= 0.6 && (x.target === "customerExternalId" || OWNER_WORD.test(x.source)),
  );
  if (links) return guessChildEntity(s, part.headers, values);
  return defaultMapping("CUSTOMER", part.headers, values).length > 0 ? "CUSTOMER" : null;
};

/** A part of the upload as the caller names it, or as found. */
interface ChosenPart {
  readonly entity: PartEntity;
  readonly sheet?: string;
  readonly file?: string;
  readonly format: StoredGraphPart["format"];
  readonly given: FieldMapping[] | null;
  /** Where the part's input sits, for errors: ["input", "mappings", "2"]; null when found. */
  readonly at: string[] | null;
}

export interface GraphPartsPlan {
  readonly mapping: FieldMapping[];
  readonly options: StoredImportOptions;
  readonly warnings: ImportWarning[];
  readonly totalRows: number | null;
  readonly parts: readonly (StoredGraphPart & { inspected: InspectedPart; linkColumns: string[] })[];
}

const nameOf = (p: { sheet?: string; file?: string }) => p.file ?? p.sheet!;

/** The sheets or files the caller names, each checked against what the upload holds; customers first. */
const chooseGivenParts = (
  container: GraphContainer,
  contents: GraphContents,
  given: readonly GraphMappingInput[],
  toFieldMappings: (m: NonNullable<GraphMappingInput["mapping"]>) => FieldMapping[],
): ChosenPart[] | { errors: UserError[] } => {
  const errors: UserError[] = [];
  const chosen: ChosenPart[] = [];
  const seen = new Set<string>();
  given.forEach((p, i) => {
    const at = ["input", "mappings", String(i)];
    if (p.entity !== "CUSTOMER" && p.entity !== "INTERACTION" && p.entity !== "TRANSACTION") {
      errors.push(err([...at, "entity"], `Unknown entity ${p.entity} for a part: give CUSTOMER, INTERACTION or TRANSACTION.`, "UNKNOWN_ENTITY"));
      return;
    }
    const mapping = p.mapping && p.mapping.length > 0 ? toFieldMappings(p.mapping) : null;
    if (container === "XLSX") {
      const wanted = p.sheet?.trim() ?? "";
      if (p.file) errors.push(err([...at, "file"], "The upload is a workbook: name its sheet in sheet, not file.", "INVALID_GRAPH"));
      if (wanted === "") {
        errors.push(err([...at, "sheet"], "A part of a workbook names its sheet.", "INVALID_GRAPH"));
        return;
      }
      const sheet = contents.sheets.find((s) => s.name === wanted) ?? contents.sheets.find((s) => s.name.trim().toLowerCase() === wanted.toLowerCase());
      if (!sheet) {
        errors.push(
          err(
            [...at, "sheet"],
            `The workbook has no sheet "${wanted}"; it has ${contents.sheets.map((s) => `"${s.name}"`).join(", ") || "no worksheet"}.`,
            "PART_NOT_FOUND",
          ),
        );
        return;
      }
      if (seen.has(sheet.name)) errors.push(err([...at, "sheet"], `Sheet "${sheet.name}" is named by two parts.`, "INVALID_GRAPH"));
      seen.add(sheet.name);
      chosen.push({ entity: p.entity, sheet: sheet.name, format: "XLSX", given: mapping, at });
      return;
    }
    const wanted = p.file?.trim().replace(/^\.\//, "") ?? "";
    if (wanted === "") {
      errors.push(err([...at, "file"], "A part of a ZIP names its file (its path in the archive).", "INVALID_GRAPH"));
      return;
    }
    const file = contents.files.find((f) => f.name === wanted) ?? contents.files.find((f) => f.name.toLowerCase() === wanted.toLowerCase());
    if (!file) {
      errors.push(
        err(
          [...at, "file"],
          `The archive has no file "${wanted}"; it has ${contents.files.map((f) => `"${f.name}"`).join(", ") || "no file"}.`,
          "PART_NOT_FOUND",
        ),
      );
      return;
    }
    if (file.format === null) {
      errors.push(err([...at, "file"], `"${file.name}" is not CSV, XLSX, JSON, NDJSON or XML (by its extension).`, "UNSUPPORTED_FORMAT"));
      return;
    }
    const key = `${file.name}\u0000${p.sheet ?? ""}`;
    if (seen.has(key)) errors.push(err([...at, "file"], `"${file.name}" is named by two parts.`, "INVALID_GRAPH"));
    seen.add(key);
    chosen.push({ entity: p.entity, file: file.name, ...(p.sheet?.trim() ? { sheet: p.sheet.trim() } : {}), format: file.format, given: mapping, at });
  });
  if (errors.length > 0) return { errors };
  return [...chosen.filter((c) => c.entity === "CUSTOMER"), ...chosen.filter((c) => c.entity !== "CUSTOMER")];
};

/**
 * A workbook or ZIP graph job's plan: its parts (as given in mappings, else every sheet or file
 * whose entity its name or columns tell), each read from its start, mapped (as given, else
 * suggested), checked and its column readings detected, customers first.
 */
export const planGraphPartsJob = async (
  upload: { path: string; fileName: string },
  container: GraphContainer,
  given: readonly GraphMappingInput[] | null | undefined,
  customerMapping: FieldMapping[] | null,
  options: StoredImportOptions,
  sampleSize: number,
  toFieldMappings: (m: NonNullable<GraphMappingInput["mapping"]>) => FieldMapping[],
): Promise<GraphPartsPlan | { errors: UserError[] }> => {
  const contents = await listGraphContents(upload.path, container);
  const warnings: ImportWarning[] = [];
  const parseOptions = parseOptionsOf(options);
  const inspect = (p: { sheet?: string; file?: string; format: StoredGraphPart["format"] }) => inspectGraphPart(upload, container, p, parseOptions, sampleSize);
  let chosen: ChosenPart[];
  const inspected = new Map<ChosenPart, InspectedPart>();
  if (given && given.length > 0) {
    const picked = chooseGivenParts(container, contents, given, toFieldMappings);
    if ("errors" in picked) return picked;
    chosen = picked;
    for (const c of chosen) inspected.set(c, await inspect(c));
    const named = new Set(chosen.map(nameOf));
    const left =
      container === "XLSX"
        ? contents.sheets.filter((s) => !s.hidden && !named.has(s.name)).map((s) => s.name)
        : contents.files.filter((f) => !named.has(f.name)).map((f) => f.name);
    for (const name of left) warnings.push({ code: "UNMAPPED_PART", column: name, message: `"${name}" is named by no part of mappings; it is not imported.` });
  } else {
    const found =
      container === "XLSX"
        ? contents.sheets.filter((s) => !s.hidden).map((s) => ({ sheet: s.name, format: "XLSX" as const }))
        : contents.files.flatMap((f) => (f.format === null ? [] : [{ file: f.name, format: f.format }]));
    for (const f of contents.files)
      if (f.format === null)
        warnings.push({
          code: "UNMAPPED_PART",
          column: f.name,
          message: `"${f.name}" is not CSV, XLSX, JSON, NDJSON or XML (by its extension); it is not imported.`,
        });
    const unknown: string[] = [];
    chosen = [];
    for (const f of found) {
      const part = await inspect(f);
      const entity = guessPartEntity(nameOf(f), part);
      if (entity === null) {
        unknown.push(nameOf(f));
        continue;
      }
      const c: ChosenPart = { ...f, entity, given: entity === "CUSTOMER" ? customerMapping : null, at: null };
      chosen.push(c);
      inspected.set(c, part);
    }
    if (unknown.length > 0) {
      return {
        errors: unknown.map((name) =>
          err(
            ["input", "mappings"],
            `What "${name}" holds cannot be told from its name or columns: name it in mappings with its entity, or leave it out by naming the others.`,
            "UNKNOWN_ENTITY",
          ),
        ),
      };
    }
    if (chosen.filter((c) => c.entity === "CUSTOMER").length > 1) {
      return {
        errors: [
          err(
            ["input", "mappings"],
            `Several parts look like customers (${chosen
              .filter((c) => c.entity === "CUSTOMER")
              .map((c) => `"${nameOf(c)}"`)
              .join(", ")}): say which is which in mappings.`,
            "INVALID_GRAPH",
          ),
        ],
      };
    }
    chosen = [...chosen.filter((c) => c.entity === "CUSTOMER"), ...chosen.filter((c) => c.entity !== "CUSTOMER")];
  }
  if (chosen.length === 0)
    return { errors: [err(["input", "file"], `The ${container === "XLSX" ? "workbook has no sheet" : "archive has no file"} to import.`, "EMPTY_FILE")] };
  const errors: UserError[] = [];
  const parts: (StoredGraphPart & { inspected: InspectedPart; linkColumns: string[] })[] = [];
  for (const c of chosen) {
    const part = inspected.get(c)!;
    const values = part.sample.map((r) => r.values);
    const mapping = c.given ?? defaultMapping(c.entity, part.headers, values);
    const checked = validateMapping(c.entity, mapping, part.headers);
    if (!checked.ok) {
      for (const e of checked.errors)
        errors.push(err(c.at && c.given ? [...c.at, ...e.field] : ["input", "mappings"], `${c.entity} in "${nameOf(c)}": ${e.message}`, e.code));
      continue;
    }
    const readings = detectColumnReadings(checked.compiled, part.sample, options);
    warnings.push(...readings.warnings.map((w) => ({ ...w, column: w.column === null ? nameOf(c) : `${nameOf(c)}: ${w.column}` })));
    parts.push({
      entity: c.entity,
      ...(c.sheet !== undefined ? { sheet: c.sheet } : {}),
      ...(c.file !== undefined ? { file: c.file } : {}),
      format: c.format,
      ...(part.encoding !== null ? { encoding: options.encoding ?? part.encoding } : {}),
      ...(part.delimiter !== null ? { delimiter: options.delimiter ?? part.delimiter } : {}),
      mapping: [...checked.compiled.mapping],
      headers: [...part.headers],
      columnDateOrders: readings.columnDateOrders,
      columnDecimalSeparators: readings.columnDecimalSeparators,
      inspected: part,
      linkColumns: linkColumnsOf(c.entity, part).filter((s) => checked.compiled.mapping.some((m) => m.source === s && LINK_TARGETS.has(m.target))),
    });
  }
  if (errors.length > 0) return { errors };
  // each file is read in its own encoding: say so when they differ
  const encodings = new Map<string, string[]>();
  for (const p of parts) if (p.encoding) encodings.set(p.encoding, [...(encodings.get(p.encoding) ?? []), nameOf(p)]);
  if (encodings.size > 1) {
    warnings.push({
      code: "MIXED_ENCODINGS",
      column: null,
      message: `The files differ in encoding (${[...encodings].map(([e, names]) => `${names.join(", ")}: ${e}`).join("; ")}); each is read in its own.`,
    });
  }
  const customers = parts.find((p) => p.entity === "CUSTOMER");
  const stored = parts.map(({ inspected: _i, linkColumns: _l, ...p }) => p);
  return {
    mapping: customers?.mapping ?? [],
    options: { ...options, graphParts: stored, graphContainer: container, headers: customers?.headers ?? [] },
    warnings,
    totalRows: parts.every((p) => p.inspected.complete) ? parts.reduce((n, p) => n + p.inspected.sample.length, 0) : null,
    parts,
  };
};

/** Each part's first records judged as the import would judge them, numbered one sequence across the parts. */
export const judgePartSamples = (
  plan: GraphPartsPlan,
  matchOn: readonly string[],
  sampleSize: number,
): { rows: Record<string, unknown>[]; errors: ImportRowError[] } => {
  const rows: Record<string, unknown>[] = [];
  const errors: ImportRowError[] = [];
  let offset = 0;
  for (const part of plan.parts) {
    const checked = validateMapping(part.entity, part.mapping, part.headers);
    if (!checked.ok) continue;
    const pipeline = createRowPipeline(
      part.entity,
      checked.compiled,
      { ...cleanOptionsOf(plan.options), columnDateOrders: part.columnDateOrders, columnDecimalSeparators: part.columnDecimalSeparators },
      part.entity === "CUSTOMER" ? matchOn : DEFAULT_MATCH_ON[part.entity],
      new KeySet(),
    );
    const prefix = part.file !== undefined ? `${part.file} ` : "";
    const sample = part.inspected.sample.slice(0, sampleSize);
    for (const r of sample) {
      const record = { ...r, rowNumber: offset + r.rowNumber, location: prefix + r.location };
      const verdict = pipeline.judge(record);
      if (verdict.kind === "write") rows.push({ row: record.rowNumber, entity: part.entity, location: record.location, ...(verdict.row.record as object) });
      else
        errors.push(
          ...toRowErrorRecords(verdict.row, verdict.problems).map(({ raw: _raw, sourceValues: _v, ...e }) => ({ ...e, entity: part.entity }) as ImportRowError),
        );
    }
    offset += part.inspected.sample.at(-1)?.rowNumber ?? 0;
  }
  return { rows, errors };
};
