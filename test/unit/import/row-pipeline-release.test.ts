import { describe, expect, it } from "vitest";
import { KeySet, SEGMENTS } from "../../../src/import/dedupe/key-set.js";
import type { ImportEntityName } from "../../../src/import/fields/field-catalog.js";
import { validateMapping } from "../../../src/import/map/validate-mapping.js";
import type { CellValue, SourceRecord } from "../../../src/import/parse/parser.js";
import { createRowPipeline } from "../../../src/import/row-pipeline.js";
import { releasedWhile } from "../../helpers/released-buffers.js";

const pipelineOf = (entity: ImportEntityName, fields: string[], seen: KeySet) => {
  const checked = validateMapping(
    entity,
    fields.map((f) => ({ source: f, target: f })),
    fields,
  );
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  return createRowPipeline(entity, checked.compiled, {}, ["externalId"], seen);
};

const record = (rowNumber: number, values: Record<string, CellValue>): SourceRecord => ({
  rowNumber,
  location: `line ${rowNumber + 1}`,
  values: Object.assign(Object.create(null) as Record<string, CellValue>, values),
  raw: Object.values(values).map(String),
});

describe("a row pipeline's release", () => {
  it("frees the duplicate set it was given and its content counts at once, as a job ends", () => {
    const seen = new KeySet();
    const pipeline = pipelineOf("TRANSACTION", ["customerExternalId", "occurredAt", "kind", "amount", "currency"], seen);
    for (let i = 1; i <= 3; i++) {
      const verdict = pipeline.judge(record(i, { customerExternalId: "C1", occurredAt: "2024-03-05", kind: "PURCHASE", amount: "10", currency: "EUR" }));
      // identical rows without an externalId: the counter numbers them
      expect(verdict.kind === "write" && (verdict.row.record as { contentKey: string }).contentKey).toMatch(new RegExp(`\\.${i}$`));
    }
    const detached = releasedWhile(() => pipeline.release());
    // the set's tables and the counter's
    expect(detached).toHaveLength(2 * SEGMENTS);
    expect(detached.every((b) => b.detached)).toBe(true);
    expect(seen.size).toBe(0);
  });

  it("of customers frees the set and forgets its keys", () => {
    const seen = new KeySet();
    const pipeline = pipelineOf("CUSTOMER", ["externalId", "firstName"], seen);
    expect(pipeline.judge(record(1, { externalId: "A", firstName: "Ann" })).kind).toBe("write");
    expect(pipeline.judge(record(2, { externalId: "A", firstName: "Ann" })).kind).toBe("skipped");
    expect(releasedWhile(() => pipeline.release())).toHaveLength(SEGMENTS);
    expect(seen.size).toBe(0);
    expect(seen.has("externalId=A")).toBe(false);
  });
});
