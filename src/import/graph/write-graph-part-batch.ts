import { findGraphKeys, recordGraphKeys } from "../../entities/import-graph-key.repository.js";
import { insertRowErrors, type RowErrorRecord } from "../../entities/import-row-error.repository.js";
import { insertRowOutcomes } from "../../entities/import-row-outcome.repository.js";
import type { JudgedBatch } from "../judge/judge-protocol.js";
import { ENTITY_LETTER } from "../../entities/import-row-outcome.repository.js";
import { toRowErrorRecords } from "../report/row-error-records.js";
import { recordPossibleDuplicates, writeJudgedRows } from "../write/write-judged-batch.js";
import type { WritableRow, WriteContext } from "../write/write-types.js";
import type { WrittenGraphBatch } from "./write-graph-batch.js";

/** The key a child row links to its customer by, as resolveCustomers reads it. */
const linkOf = (row: WritableRow): string | null =>
  row.keys["customerExternalId"] ? `x:${row.keys["customerExternalId"]}` : row.keys["customerEmail"] ? `e:${row.keys["customerEmail"]}` : null;

/** A child part's batch without the rows whose customer this job refused: those are skipped with PARENT_FAILED. */
const withoutOrphans = (batch: JudgedBatch, refused: ReadonlySet<string>): JudgedBatch => {
  if (refused.size === 0) return batch;
  const orphans = batch.toWrite.filter((r) => refused.has(linkOf(r) ?? ""));
  if (orphans.length === 0) return batch;
  const errors = [...batch.errors];
  for (const o of orphans) {
    const link = linkOf(o)!;
    const field = link.startsWith("x:") ? "customerExternalId" : "customerEmail";
    errors.push(
      ...toRowErrorRecords(o, [
        {
          code: "PARENT_FAILED",
          message: `Its customer (${field} ${link.slice(2)}) was not written by this import: it failed or was skipped.`,
          column: null,
          field,
          value: link.slice(2),
        },
      ]),
    );
  }
  errors.sort((a, b) => a.row - b.row);
  const gone = new Set(orphans);
  const skippedRows = [...batch.skippedRows, ...orphans.map((o) => o.rowNumber)];
  return { ...batch, toWrite: batch.toWrite.filter((r) => !gone.has(r)), errors, skipped: skippedRows.length, skippedRows };
};

/**
 * Writes one batch of one part of a workbook or ZIP graph job inside the caller's transaction.
 * Customers: written, then their link keys recorded, as written or refused. Interactions and
 * transactions: a row whose customer key this job refused is skipped with PARENT_FAILED (with
 * createMissingCustomers it goes on, as a flat import's row does); the others link as a flat
 * import's rows do (CUSTOMER_NOT_FOUND, or created). A dry run wrote no customer: its children
 * find the ones it would have written by the keys it recorded.
 */
export const writeGraphPartBatch = async (ctx: WriteContext, batch: JudgedBatch): Promise<WrittenGraphBatch> => {
  const entity = batch.graphPart!.entity;
  let judged = batch;
  let partCtx = ctx;
  if (entity !== "CUSTOMER") {
    const links = batch.toWrite.map(linkOf).filter((k): k is string => k !== null);
    const known = !ctx.createMissingCustomers || ctx.dryRun ? await findGraphKeys(ctx.tx, ctx.workspaceId, ctx.jobId, links) : new Map<string, boolean>();
    const refused = new Set([...known].filter(([, r]) => r).map(([k]) => k));
    if (!ctx.createMissingCustomers) judged = withoutOrphans(batch, refused);
    if (ctx.dryRun) partCtx = { ...ctx, plannedCustomers: new Set([...known].filter(([, r]) => !r).map(([k]) => k)) };
  }
  const written = await writeJudgedRows(partCtx, entity, judged);
  if (entity === "CUSTOMER") {
    await recordPossibleDuplicates(ctx, written.result.possibleDuplicates);
    const ok = new Set(written.result.written.map((w) => w.rowNumber));
    const accepted: string[] = [];
    const refused: string[] = [];
    for (const [row, keys] of batch.graphPart!.customerKeys ?? []) (ok.has(row) ? accepted : refused).push(...keys);
    await recordGraphKeys(ctx.tx, ctx.workspaceId, ctx.jobId, accepted, refused);
  }
  const r = written.result;
  const c = {
    processedRows: judged.recordCount,
    inserted: r.inserted,
    updated: r.updated,
    unchanged: r.unchanged,
    skipped: judged.skipped + r.skipped,
    failed: judged.failed + r.failed,
  };
  const errors: RowErrorRecord[] = written.errors.map((e) => ({ ...e, entity }));
  const stored = await insertRowErrors(ctx.tx, ctx.workspaceId, ctx.jobId, errors);
  const o = written.outcomes;
  await insertRowOutcomes(ctx.tx, ctx.workspaceId, ctx.jobId, { ...o, entities: ENTITY_LETTER[entity].repeat(o.rows.length) });
  return {
    totals: { inserted: c.inserted, updated: c.updated, unchanged: c.unchanged, skipped: c.skipped, failed: c.failed },
    stored,
    counts: { [entity]: c },
  };
};
