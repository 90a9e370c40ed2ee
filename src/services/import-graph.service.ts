import {
  detectColumnReadings,
  type StoredGraphChild,
  type StoredImportOptions,
  childHeaders,
  customerHeaders,
  splitRecord,
  unmappedChildArrays,
  checkGraphMappings,
  defaultMapping,
  type FieldMapping,
  suggestMapping,
  type CellValue,
  type SourceRecord,
  type ImportWarning,
} from "../import/index.js";
import type { GraphMappingInput } from "../schema/import.types.js";
import type { UserError } from "../schema/node.type.js";

type ChildEntity = StoredGraphChild["entity"];

/** The formats a graph import reads: records that hold arrays of records. */
export const GRAPH_FORMATS: readonly string[] = ["JSON", "NDJSON", "XML"];

const TRANSACTION_NAME = /order|transaction|payment|purchase|invoice|sale|refund|charge|billing/i;
const INTERACTION_NAME = /note|interaction|activit|call|email|mail|meeting|event|message|ticket|visit|touch/i;

/** The arrays of objects the customer records hold: their paths (the key before the first index), in first-seen order. */
export const childPaths = (headers: readonly string[]): string[] => {
  const found = new Set<string>();
  for (const h of headers) {
    const m = /^(.+?)\.\d+\./.exec(h);
    if (m) found.add(m[1]!);
  }
  return [...found];
};

/** Each sample customer's children at one path, as records the pipeline reads. */
export const childSample = (sample: readonly SourceRecord[], child: Pick<StoredGraphChild, "entity" | "path" | "single">): SourceRecord[] => {
  const out: SourceRecord[] = [];
  for (const record of sample) {
    if (record.error) continue;
    const split = splitRecord(record.values, [{ ...child, mapping: [] }]);
    if (!split.ok) continue;
    for (const c of split.children[0]!)
      out.push({ rowNumber: out.length + 1, location: `${record.location}.${child.path}[${c.index}]`, values: c.values, raw: [] });
  }
  return out;
};

/** Interaction or transaction, from the path's name, else from which one its fields map to better. */
export const guessChildEntity = (path: string, headers: readonly string[], values: readonly Record<string, CellValue>[]): ChildEntity => {
  const last = path.split(".").at(-1) ?? path;
  if (TRANSACTION_NAME.test(last)) return "TRANSACTION";
  if (INTERACTION_NAME.test(last)) return "INTERACTION";
  const score = (entity: ChildEntity) => suggestMapping(entity, headers, values).reduce((sum, s) => sum + (s.target ? s.confidence : 0), 0);
  return score("TRANSACTION") > score("INTERACTION") ? "TRANSACTION" : "INTERACTION";
};

export interface GraphPlan {
  readonly mapping: FieldMapping[];
  readonly options: StoredImportOptions;
  readonly warnings: ImportWarning[];
  /** Records (customers and what they hold) in the sample read. */
  readonly sampleNodes: number;
}

const err = (field: string[], message: string, code: string): UserError => ({ field, message, code });

/** The CUSTOMER part's path, for options.recordPath before the file is read; errors for parts that are malformed. */
export const checkGraphParts = (parts: readonly GraphMappingInput[] | null | undefined): { recordPath: string | null; errors: UserError[] } => {
  const errors: UserError[] = [];
  let recordPath: string | null = null;
  const customers = (parts ?? []).filter((p) => p.entity === "CUSTOMER");
  if (customers.length > 1) errors.push(err(["input", "mappings"], "Give at most one CUSTOMER part.", "INVALID_GRAPH"));
  // a workbook's or ZIP's parts name their sheet or file; a nested file's, their path
  const byFile = (parts ?? []).some((p) => p.sheet?.trim() || p.file?.trim());
  (parts ?? []).forEach((p, i) => {
    const at = ["input", "mappings", String(i)];
    if (p.entity === "GRAPH") errors.push(err([...at, "entity"], "A part is CUSTOMER, INTERACTION or TRANSACTION.", "UNKNOWN_ENTITY"));
    else if (byFile) {
      if (p.path?.trim())
        errors.push(err([...at, "path"], "Parts name a sheet or file (a workbook or ZIP) or a path (nested records), not both.", "INVALID_GRAPH"));
    } else if (p.entity === "CUSTOMER") recordPath = p.path?.trim() || null;
    else if (!p.path?.trim())
      errors.push(err([...at, "path"], `An ${p.entity} part needs the path of its array inside the customer records.`, "INVALID_GRAPH"));
  });
  const paths = (parts ?? []).filter((p) => p.entity !== "CUSTOMER" && p.path?.trim()).map((p) => p.path!.trim());
  paths.forEach((a, i) => {
    paths.forEach((b, j) => {
      if (i < j && (a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`)))
        errors.push(err(["input", "mappings"], `The paths "${a}" and "${b}" overlap; each array is one part.`, "INVALID_GRAPH"));
    });
  });
  return { recordPath, errors };
};

const toMapping = (
  input: GraphMappingInput["mapping"],
  toFieldMappings: (m: NonNullable<GraphMappingInput["mapping"]>) => FieldMapping[],
): FieldMapping[] | null => (input && input.length > 0 ? toFieldMappings(input) : null);

/**
 * A graph job's plan: the customer mapping (given in its part or in `mapping`, else suggested from
 * the customers' own fields), each child part (given, else every array of objects found) with its
 * mapping (given, else suggested from its records), all checked against the sample's headers, and
 * each part's column readings detected as a single-entity job's are.
 */
export const planGraphJob = (
  parts: readonly GraphMappingInput[] | null | undefined,
  customerMapping: FieldMapping[] | null,
  options: StoredImportOptions,
  inspected: { format: string; headers: readonly string[]; sample: readonly SourceRecord[] },
  toFieldMappings: (m: NonNullable<GraphMappingInput["mapping"]>) => FieldMapping[],
): GraphPlan | { errors: UserError[] } => {
  const given = (parts ?? []).filter((p) => p.entity === "INTERACTION" || p.entity === "TRANSACTION");
  const found = childPaths(inspected.headers);
  const errors: UserError[] = [];
  const children: StoredGraphChild[] = [];
  // XML gives a lone element unindexed: it is one record
  const single = inspected.format === "XML" ? { single: true } : {};
  if (given.length > 0) {
    (parts ?? []).forEach((p, i) => {
      if (p.entity !== "INTERACTION" && p.entity !== "TRANSACTION") return;
      const path = p.path!.trim();
      const headers = childHeaders(inspected.headers, path, "single" in single);
      if (headers.length === 0 && !inspected.headers.includes(path)) {
        errors.push(
          err(
            ["input", "mappings", String(i), "path"],
            `No customer record of the first ${inspected.sample.length} holds an array of records at "${path}"${found.length > 0 ? `; arrays found: ${found.join(", ")}` : ""}.`,
            "PATH_NOT_FOUND",
          ),
        );
        return;
      }
      const sample = childSample(inspected.sample, { entity: p.entity, path, ...single });
      const mapping =
        toMapping(p.mapping, toFieldMappings) ??
        defaultMapping(
          p.entity,
          headers,
          sample.map((r) => r.values),
        );
      children.push({ entity: p.entity, path, mapping, ...single });
    });
  } else {
    for (const path of found) {
      const headers = childHeaders(inspected.headers, path, "single" in single);
      const probe = childSample(inspected.sample, { entity: "INTERACTION", path, ...single });
      const entity = guessChildEntity(
        path,
        headers,
        probe.map((r) => r.values),
      );
      children.push({
        entity,
        path,
        mapping: defaultMapping(
          entity,
          headers,
          probe.map((r) => r.values),
        ),
        ...single,
      });
    }
  }
  if (errors.length > 0) return { errors };
  if (children.length === 0)
    return {
      errors: [err(["input", "mappings"], "The customer records hold no array of records to import with them; import them as CUSTOMER.", "INVALID_GRAPH")],
    };
  const paths = children.map((c) => c.path);
  const ownHeaders = customerHeaders(inspected.headers, paths);
  const ownSample = inspected.sample.map((r) => {
    const split = r.error ? null : splitRecord(r.values, children);
    return split?.ok ? { ...r, values: split.customer } : r;
  });
  const guessed = customerMapping === null;
  const mapping =
    customerMapping ??
    defaultMapping(
      "CUSTOMER",
      ownHeaders,
      ownSample.map((r) => r.values),
    );
  const checked = checkGraphMappings(mapping, children, inspected.headers);
  if (!checked.ok) {
    return {
      errors: checked.errors.map((e) => {
        const at = e.child === null ? (guessed ? ["input", "mapping"] : ["input", ...e.field]) : ["input", "mappings", String(e.child), ...e.field];
        const whose = e.child === null ? "customers" : `${children[e.child]!.entity} at "${children[e.child]!.path}"`;
        return err(at, `${whose}: ${e.message}`, e.code);
      }),
    };
  }
  const warnings: ImportWarning[] = [];
  const readings = detectColumnReadings(checked.customer, ownSample, options);
  warnings.push(...readings.warnings);
  let sampleNodes = inspected.sample.length;
  children.forEach((c, i) => {
    const sample = childSample(inspected.sample, c);
    sampleNodes += sample.length;
    const r = detectColumnReadings(checked.children[i]!, sample, options);
    c.columnDateOrders = r.columnDateOrders;
    c.columnDecimalSeparators = r.columnDecimalSeparators;
    c.mapping = [...checked.children[i]!.mapping].filter((m) => !m.source.startsWith("\uFFFF"));
    warnings.push(...r.warnings.map((w) => ({ ...w, column: w.column === null ? null : `${c.path}[].${w.column}` })));
  });
  for (const path of unmappedChildArrays(inspected.headers, paths)) {
    warnings.push({
      code: "UNMAPPED_CHILD_ARRAY",
      column: path,
      message: `The customer records hold an array of records at "${path}" that no part maps; its fields are not imported.`,
    });
  }
  return {
    mapping: [...checked.customer.mapping],
    options: {
      ...options,
      columnDateOrders: readings.columnDateOrders,
      columnDecimalSeparators: readings.columnDecimalSeparators,
      headers: [...ownHeaders],
      graph: children,
      ...(inspected.sample.length > 0 ? { graphRecordsPerCustomer: sampleNodes / inspected.sample.length } : {}),
    },
    warnings,
    sampleNodes,
  };
};
