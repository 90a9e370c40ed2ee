import type { CleanCustomer } from "../clean/clean-record.js";
import { cleanOptionsOf, type StoredGraphChild, type StoredImportOptions } from "../import-options.js";
import { KeySet } from "../dedupe/key-set.js";
import { JudgedBatchBuilder } from "../judge/judge-batch.js";
import type { JudgedBatch } from "../judge/judge-protocol.js";
import { applyMapping } from "../map/apply-mapping.js";
import type { CompiledMapping, FieldMapping, MappingError } from "../map/mapping-spec.js";
import { validateMapping } from "../map/validate-mapping.js";
import type { CellValue, SourceRecord } from "../parse/parser.js";
import { createRowPipeline, type RowPipeline, type RowVerdict } from "../row-pipeline.js";
import { DEFAULT_MATCH_ON } from "../dedupe/dedupe-keys.js";
import { childHeaders, childLocation, childRecord, customerHeaders, PARENT_LINK_HEADERS, splitRecord, withParentLink } from "./graph-records.js";

/** The mappings of a graph job checked against the file's headers: the customers', then each child's. */
export type CheckedGraph =
  | { readonly ok: true; readonly customer: CompiledMapping; readonly children: readonly CompiledMapping[] }
  | { readonly ok: false; readonly errors: readonly (MappingError & { readonly child: number | null })[] };

/** Checks the customer mapping against the customer's own headers and each child's against the headers under its path. */
export const checkGraphMappings = (
  mapping: readonly FieldMapping[],
  children: readonly Pick<StoredGraphChild, "entity" | "path" | "mapping" | "single">[],
  headers: readonly string[],
): CheckedGraph => {
  const paths = children.map((c) => c.path);
  const errors: (MappingError & { child: number | null })[] = [];
  const customer = validateMapping("CUSTOMER", mapping, customerHeaders(headers, paths));
  if (!customer.ok) errors.push(...customer.errors.map((e) => ({ ...e, child: null })));
  const compiled: CompiledMapping[] = [];
  children.forEach((c, i) => {
    // a path whose arrays are all empty in the records looked at has no fields to check against yet
    const found = childHeaders(headers, c.path, "single" in c && c.single === true);
    const checked = validateMapping(c.entity, withParentLink(c.mapping), found.length > 0 ? [...found, ...PARENT_LINK_HEADERS] : null);
    if (checked.ok) compiled.push(checked.compiled);
    else errors.push(...checked.errors.map((e) => ({ ...e, child: i })));
  });
  if (!customer.ok || errors.length > 0) return { ok: false, errors };
  return { ok: true, customer: customer.compiled, children: compiled };
};

interface ChildJudge {
  readonly plan: StoredGraphChild;
  readonly pipeline: RowPipeline;
  builder: JudgedBatchBuilder;
}

/** A customer's keys as its children link to it: cleaned when it was judged good, else as mapped (createMissingCustomers). */
const keysOf = (verdict: RowVerdict, record: SourceRecord, compiled: CompiledMapping): { externalId: string | null; email: string | null } => {
  if (verdict.kind === "write") {
    const c = verdict.row.record as CleanCustomer;
    return { externalId: c.externalId, email: c.email };
  }
  // as the file gives them: the external id alone when there is one (the email may be what failed)
  const mapped = applyMapping(record, compiled);
  const text = (v: CellValue | undefined) => (v === null || v === undefined || Array.isArray(v) ? null : String(v).trim() || null);
  const externalId = text(mapped.fields["externalId"]?.value);
  return { externalId, email: externalId === null ? text(mapped.fields["email"]?.value) : null };
};

/**
 * Judges customer records with the records they hold, on the judging thread: each customer, then
 * its children in file order, numbered one sequence for the whole file (a customer's number comes
 * before its children's), so row numbers, the job's cursor and a resume hold for the graph as for
 * a flat file. A child of a customer that failed or was skipped here is skipped with
 * PARENT_FAILED, unless createMissingCustomers lets it create its customer as a flat import would.
 */
export class GraphJudge {
  private readonly customer: RowPipeline;
  private customers = new JudgedBatchBuilder("CUSTOMER");
  private readonly children: ChildJudge[];
  private seq = 0;
  private nodes = 0;
  private lastRow = 0;

  constructor(
    private readonly compiled: Extract<CheckedGraph, { ok: true }>,
    private readonly options: StoredImportOptions,
    matchOn: readonly string[],
  ) {
    const plans = options.graph ?? [];
    this.customer = createRowPipeline("CUSTOMER", compiled.customer, cleanOptionsOf(options), matchOn, new KeySet());
    this.children = plans.map((plan, i) => ({
      plan,
      pipeline: createRowPipeline(
        plan.entity,
        compiled.children[i]!,
        { ...cleanOptionsOf(options), columnDateOrders: plan.columnDateOrders, columnDecimalSeparators: plan.columnDecimalSeparators },
        DEFAULT_MATCH_ON[plan.entity],
        new KeySet(),
      ),
      builder: new JudgedBatchBuilder(plan.entity),
    }));
  }

  /** Frees the duplicate sets and content counts of the customers and their children at once (the job is over). */
  release(): void {
    this.customer.release();
    for (const child of this.children) child.pipeline.release();
  }

  /** Records judged since the last take (customers and children). */
  get pending(): number {
    return this.nodes;
  }

  /**
   * Judges one customer record and its children. With `replay`, the records were committed
   * before: they only re-teach the duplicate checks and keep the numbering. Returns the last row number used.
   */
  add(record: SourceRecord, cursorRow: number): number {
    const first = this.seq + 1;
    const replay = first <= cursorRow;
    const customerRow = ++this.seq;
    const split = record.error
      ? null
      : splitRecord(
          record.values,
          this.children.map((c) => c.plan),
        );
    const own: SourceRecord = {
      rowNumber: customerRow,
      location: record.location,
      values: split?.ok ? split.customer : record.values,
      raw: record.raw,
      ...(record.error ? { error: record.error } : {}),
    };
    const where = { rowNumber: customerRow, location: record.location, raw: record.raw };
    const verdict: RowVerdict =
      split && !split.ok
        ? { kind: "failed", row: where, problems: [{ code: "UNEXPECTED_NESTING", message: split.message, column: split.path, field: null, value: null }] }
        : this.customer.judge(own);
    if (!replay) this.customers.add(verdict);
    const createMissing = this.options.createMissingCustomers === true;
    const parentKeys = verdict.kind === "write" || createMissing ? keysOf(verdict, own, this.compiled.customer) : null;
    if (split?.ok) {
      this.children.forEach((child, i) => {
        for (const c of split.children[i]!) {
          const row = ++this.seq;
          const location = childLocation(record.location, child.plan.path, c.index);
          if (parentKeys === null) {
            if (replay) continue;
            const raw = [JSON.stringify(c.values)];
            child.builder.add({
              kind: "skipped",
              row: { rowNumber: row, location, raw },
              problems: [
                {
                  code: "PARENT_FAILED",
                  message: `Its customer (row ${customerRow}, ${record.location}) was not written.`,
                  column: null,
                  field: null,
                  value: null,
                },
              ],
            });
            continue;
          }
          const v = child.pipeline.judge(childRecord(row, location, c.values, parentKeys));
          if (!replay) child.builder.add(v, customerRow);
        }
      });
    }
    if (!replay) {
      this.nodes += this.seq - first + 1;
      this.lastRow = this.seq;
    }
    return this.seq;
  }

  /** The batch judged since the last take: every entity's part, customers first. */
  take(): JudgedBatch {
    const parts = [
      { entity: "CUSTOMER" as const, batch: this.customers.build(this.lastRow, null) },
      ...this.children.map((c) => ({ entity: c.plan.entity, batch: c.builder.build(this.lastRow, null) })),
    ];
    const batch: JudgedBatch = {
      recordCount: this.nodes,
      lastRow: this.lastRow,
      lastKey: null,
      toWrite: [],
      errors: [],
      failed: 0,
      skipped: 0,
      skippedRows: [],
      graph: parts,
    };
    this.customers = new JudgedBatchBuilder("CUSTOMER");
    for (const c of this.children) c.builder = new JudgedBatchBuilder(c.plan.entity);
    this.nodes = 0;
    return batch;
  }
}
