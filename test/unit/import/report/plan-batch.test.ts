import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { decodePlanPayload, encodePlanPayload } from "../../../../src/entities/import-plan.repository.js";
import { DataCipherError, installDataKeys, keyRingOf } from "../../../../src/crypto/data-cipher.js";
import type { JudgedBatch } from "../../../../src/import/judge/judge-protocol.js";
import { buildPlanBatch } from "../../../../src/import/report/plan-batch.js";
import { emptyWriteResult, type WritableRow, type WriteResult } from "../../../../src/import/write/write-types.js";

const row = (n: number): WritableRow => ({
  rowNumber: n,
  location: `line ${n + 1}`,
  raw: [`C${n}`, `c${n}@x.com`],
  insert: `{"external_id":"C${n}"}`,
  keys: { externalId: `C${n}`, email: `c${n}@x.com` },
});

const batch = (rows: WritableRow[], extra: Partial<JudgedBatch> = {}): JudgedBatch => ({
  recordCount: 7,
  lastRow: 7,
  lastKey: null,
  toWrite: rows,
  errors: [],
  failed: 1,
  skipped: 1,
  skippedRows: [7],
  ...extra,
});

describe("buildPlanBatch", () => {
  it("sorts a dry-run batch's outcomes into the plan's kinds, keeping only what each kind needs", () => {
    const result: WriteResult = {
      ...emptyWriteResult(),
      inserted: 1,
      updated: 1,
      unchanged: 1,
      failed: 2,
      skipped: 1,
      written: [
        { rowNumber: 3, status: "INSERTED", recordId: null },
        { rowNumber: 1, status: "UNCHANGED", recordId: "11" },
        { rowNumber: 2, status: "UPDATED", recordId: "12" },
      ],
      planned: [{ rowNumber: 2, recordId: "12", version: "1700000000000001", fields: [["first_name", "Bob", "Robert"]] }],
      errors: [
        {
          rowNumber: 4,
          location: "line 5",
          raw: ["C4"],
          outcome: "failed",
          problems: [{ code: "CONFLICT", message: "two customers", column: null, field: null, value: null }],
        },
        {
          rowNumber: 5,
          location: "line 6",
          raw: ["C5"],
          outcome: "failed",
          problems: [{ code: "CUSTOMER_NOT_FOUND", message: "none", column: null, field: null, value: null }],
        },
        {
          rowNumber: 6,
          location: "line 7",
          raw: ["C6"],
          outcome: "skipped",
          problems: [{ code: "EXISTS", message: "exists", column: null, field: null, value: null }],
        },
      ],
    };
    const { counts, payload } = buildPlanBatch(batch([row(1), row(2), row(3), row(4), row(5), row(6)]), result);
    expect(counts).toEqual({ lastRow: 7, recordCount: 7, inserts: 1, updates: 1, unchanged: 1, conflicts: 1, skipped: 2, failed: 3 });
    expect(payload.changes.map((c) => [c.r, c.k])).toEqual([
      [2, "U"],
      [3, "I"],
      [4, "C"],
    ]);
    expect(payload.changes[0]).toEqual({
      k: "U",
      r: 2,
      l: "line 3",
      raw: ["C2", "c2@x.com"],
      id: "12",
      v: "1700000000000001",
      f: [["first_name", "Bob", "Robert"]],
    });
    expect(payload.changes[1]).toEqual({
      k: "I",
      r: 3,
      l: "line 4",
      raw: ["C3", "c3@x.com"],
      ins: `{"external_id":"C3"}`,
      keys: { externalId: "C3", email: "c3@x.com" },
    });
    expect(payload.changes[2]).toMatchObject({ k: "C", r: 4, code: "CONFLICT", msg: "two customers" });
    expect(payload).toMatchObject({ unchangedRows: [1], unchangedIds: ["11"], skippedRows: [6, 7] });
  });

  it("refuses an update the writer did not plan, rather than store a plan that cannot be applied", () => {
    const result: WriteResult = { ...emptyWriteResult(), updated: 1, written: [{ rowNumber: 1, status: "UPDATED", recordId: "1" }] };
    expect(() => buildPlanBatch(batch([row(1)]), result)).toThrow(/not planned/);
  });

  it("stores the payload in fewer bytes than its JSON and reads it back as written", () => {
    const payload = {
      changes: [],
      unchangedRows: Array.from({ length: 2000 }, (_, i) => i + 1),
      unchangedIds: Array.from({ length: 2000 }, (_, i) => String(5000 + i)),
      skippedRows: [],
    };
    installDataKeys(keyRingOf([crypto.randomBytes(32)]));
    try {
      const stored = encodePlanPayload(payload, "import_plan_batch:j:2000");
      expect(stored.length).toBeLessThan(JSON.stringify(payload).length);
      expect(decodePlanPayload(new Uint8Array(stored), "import_plan_batch:j:2000")).toEqual(payload);
      // sealed: bound to its batch, and nothing of the JSON readable in the stored bytes
      expect(() => decodePlanPayload(stored, "import_plan_batch:j:4000")).toThrow(DataCipherError);
      expect(stored.includes(Buffer.from("5000"))).toBe(false);
    } finally {
      installDataKeys(null);
    }
  });
});
