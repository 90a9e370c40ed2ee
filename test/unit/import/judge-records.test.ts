import { describe, expect, it } from "vitest";
import { judgeRecords, type ApiRecord } from "../../../src/import/judge-records.js";

const rec = (fields: Record<string, string | string[]>, custom: Record<string, string> = {}): ApiRecord => ({ fields, custom });
const judgedOrThrow = (...args: Parameters<typeof judgeRecords>) => {
  const judged = judgeRecords(...args);
  if (!judged.ok) throw new Error(JSON.stringify(judged.errors));
  return judged;
};

describe("judgeRecords", () => {
  it("numbers the records from 1 and judges them as an import's rows", () => {
    const { batch } = judgedOrThrow(
      "CUSTOMER",
      [
        rec({ externalId: "a", email: "A@Example.com", tags: ["vip", "new"] }, { tier: "gold" }),
        rec({ city: "Oslo" }),
        rec({ externalId: "c", email: "a@example.com" }),
      ],
      {},
      ["externalId", "email"],
    );
    expect(batch.toWrite.map((r) => [r.rowNumber, r.location])).toEqual([[1, "records[0]"]]);
    expect(JSON.parse(batch.toWrite[0]!.insert)).toMatchObject({
      external_id: "a",
      email: "a@example.com",
      tags: ["vip", "new"],
      custom_fields: { tier: "gold" },
    });
    expect(batch.errors.map((e) => [e.row, e.code])).toEqual([
      [2, "REQUIRED"],
      [3, "DUPLICATE_IN_FILE"],
    ]);
    expect(batch).toMatchObject({ recordCount: 3, lastRow: 3, failed: 1, skipped: 1, skippedRows: [3] });
  });

  it("keeps each failed record as sent (its fields, then its customFields) for the error report", () => {
    const { batch } = judgedOrThrow(
      "CUSTOMER",
      [rec({ externalId: "a", email: "bad" }, { tier: "gold", région: 'Zürich "Nord"' }), rec({}, { tier: "silver" }), rec({ email: "also bad", tags: ["t"] })],
      {},
      ["externalId", "email"],
    );
    expect(batch.errors.map((e) => [e.row, e.raw?.[0]])).toEqual([
      [1, JSON.stringify({ externalId: "a", email: "bad", customFields: { tier: "gold", région: 'Zürich "Nord"' } })],
      [2, JSON.stringify({ customFields: { tier: "silver" } })],
      [3, JSON.stringify({ email: "also bad", tags: ["t"] })],
    ]);
  });

  it("makes a missing required field a row's REQUIRED, not a mapping error", () => {
    const { batch } = judgedOrThrow(
      "TRANSACTION",
      [
        rec({ customerExternalId: "c1", amount: "12.50", occurredAt: "2024-01-02", currency: "EUR" }),
        rec({ customerExternalId: "c1", occurredAt: "2024-01-02" }),
      ],
      {},
      ["externalId"],
    );
    expect(batch.toWrite.map((r) => r.rowNumber)).toEqual([1]);
    expect(batch.errors.map((e) => [e.row, e.field, e.code])).toEqual([[2, "amount", "REQUIRED"]]);
  });

  it("reads the records' date order as an import reads a column's, and warns when it cannot tell", () => {
    const dmy = judgedOrThrow(
      "INTERACTION",
      [rec({ customerExternalId: "c", occurredAt: "25/12/2024" }), rec({ customerExternalId: "c", occurredAt: "03/04/2024" })],
      {},
      ["externalId"],
    );
    expect(dmy.options.columnDateOrders).toEqual({ occurredAt: "DMY" });
    expect(JSON.parse(dmy.batch.toWrite[1]!.insert).occurred_at).toMatch(/^2024-04-03T/);
    const unsure = judgedOrThrow("INTERACTION", [rec({ customerExternalId: "c", occurredAt: "03/04/2024" })], {}, ["externalId"]);
    expect(unsure.warnings.map((w) => w.code)).toEqual(["AMBIGUOUS_DATE_ORDER"]);
  });

  it("handles a call with no records", () => {
    expect(judgedOrThrow("CUSTOMER", [], {}, ["externalId"]).batch).toMatchObject({ recordCount: 0, toWrite: [], errors: [] });
  });
});
