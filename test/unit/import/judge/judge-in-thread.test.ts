import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileFormatError } from "../../../../src/errors/file-format.error.js";
import { startJudging } from "../../../../src/import/judge/judge-in-thread.js";
import type { JudgedBatch, JudgeJob } from "../../../../src/import/judge/judge-protocol.js";
import { fieldsOfSet } from "../../../../src/import/write/field-sources.js";

let dir: string;
const write = (name: string, content: string | Buffer): string => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
};

const customers = (n: number, bad: (i: number) => boolean = () => false): string => {
  const lines = ["id,email,name"];
  for (let i = 1; i <= n; i++) lines.push(`c${i},${bad(i) ? "not-an-email" : `  C${i}@Example.com `},Name ${i}`);
  return lines.join("\n") + "\n";
};

const job = (file: string, extra: Partial<JudgeJob> = {}): JudgeJob => ({
  file,
  fileName: path.basename(file),
  format: "CSV",
  entity: "CUSTOMER",
  mapping: [
    { source: "id", target: "externalId" },
    { source: "email", target: "email" },
    { source: "name", target: "firstName" },
  ],
  options: {},
  matchOn: ["externalId"],
  cursorRow: 0,
  batchSize: 10,
  ...extra,
});

const drain = async (judging: ReturnType<typeof startJudging>): Promise<JudgedBatch[]> => {
  const batches: JudgedBatch[] = [];
  for (let b = await judging.next(); b !== null; b = await judging.next()) batches.push(b);
  return batches;
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "judge-test-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("judging a file on its own thread", () => {
  it("gives the batches in file order with clean rows, their insert values, and the failed rows", async () => {
    const judging = startJudging(
      job(
        write(
          "a.csv",
          customers(25, (i) => i === 12),
        ),
      ),
    );
    try {
      expect(await judging.opened()).toBe("CSV");
      const batches = await drain(judging);
      expect(batches.map((b) => [b.recordCount, b.lastRow])).toEqual([
        [10, 10],
        [10, 20],
        [5, 25],
      ]);
      expect(batches.reduce((n, b) => n + b.toWrite.length, 0)).toBe(24);
      expect(batches[1]!.failed).toBe(1);
      expect(batches[1]!.errors[0]).toMatchObject({ row: 12, field: "email" });
      const first = batches[0]!.toWrite[0]!;
      expect(first.keys).toEqual({ externalId: "c1", email: "c1@example.com", phone: null });
      expect(first.raw).toEqual(["c1", "  C1@Example.com ", "Name 1"]);
      // what the row does not give is null (tags too), so the same JSON serves an insert and a merge
      expect(JSON.parse(first.insert)).toEqual({
        external_id: "c1",
        first_name: "Name 1",
        last_name: null,
        email: "c1@example.com",
        phone: null,
        company: null,
        job_title: null,
        city: null,
        country: null,
        tags: null,
        custom_fields: {},
        created_at: null,
        // the name key for duplicate candidates
        name_key: "1 name",
      });
      // the fields the row gives (their sources), beside the JSON: the writer sends each distinct list once per batch
      expect(fieldsOfSet(first.fieldSet!)).toEqual(["externalId", "firstName", "email"]);
    } finally {
      await judging.close();
    }
  });

  it("resumes after the cursor, still knowing the earlier rows for the duplicate check", async () => {
    const csv = customers(15) + "c3,again@example.com,Dup\n";
    const judging = startJudging(job(write("b.csv", csv), { cursorRow: 10 }));
    try {
      await judging.opened();
      const batches = await drain(judging);
      expect(batches.map((b) => [b.recordCount, b.lastRow])).toEqual([[6, 16]]);
      expect(batches[0]!.toWrite.map((r) => r.rowNumber)).toEqual([11, 12, 13, 14, 15]);
      expect(batches[0]!.errors[0]).toMatchObject({ row: 16, code: "DUPLICATE_IN_FILE" });
    } finally {
      await judging.close();
    }
  });

  it("numbers identical transaction rows without an externalId the same way when it resumes after the cursor", async () => {
    const lines = ["customer,amount,currency,at"];
    for (let i = 1; i <= 24; i++) lines.push(`c${i % 3},${i % 2 === 0 ? "5.00" : "5"},EUR,2024-03-05T10:00:00Z`);
    const file = write("same.csv", lines.join("\n"));
    const mapping = [
      { source: "customer", target: "customerExternalId" },
      { source: "amount", target: "amount" },
      { source: "currency", target: "currency" },
      { source: "at", target: "occurredAt" },
    ];
    const keysFrom = async (cursorRow: number) => {
      const judging = startJudging(job(file, { entity: "TRANSACTION", mapping, cursorRow }));
      try {
        await judging.opened();
        return (await drain(judging)).flatMap((b) => b.toWrite.map((r) => [r.rowNumber, r.keys.contentKey, JSON.parse(r.insert).content_key]));
      } finally {
        await judging.close();
      }
    };
    const whole = await keysFrom(0);
    expect(whole).toHaveLength(24);
    expect(new Set(whole.map(([, key]) => key)).size).toBe(24);
    expect(whole.every(([, key, inserted]) => key === inserted)).toBe(true);
    expect(whole.slice(0, 4).map(([, key]) => String(key).split(".")[1])).toEqual(["1", "1", "1", "2"]);
    expect(await keysFrom(13)).toEqual(whole.slice(13));
  });

  it("answers a file that no longer fits its mapping with a coded FileFormatError", async () => {
    const judging = startJudging(job(write("c.csv", "other,columns\n1,2\n")));
    try {
      const error = await judging.opened().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FileFormatError);
      expect((error as FileFormatError).code).toBe("NO_HEADER");
    } finally {
      await judging.close();
    }
  });

  it("serves the next import after one was stopped halfway or failed", async () => {
    const stopped = startJudging(job(write("d.csv", customers(100))));
    await stopped.opened();
    await stopped.next();
    await stopped.close();
    const failed = startJudging(job(write("e.xlsx", "this is not a zip"), { format: "XLSX" }));
    expect(await failed.opened().catch((e: unknown) => e)).toBeInstanceOf(FileFormatError);
    await failed.close();
    for (let i = 0; i < 3; i++) {
      const again = startJudging(job(write(`f${i}.csv`, customers(12))));
      await again.opened();
      expect((await drain(again)).map((b) => b.recordCount)).toEqual([10, 2]);
      await again.close();
    }
  });
});

describe("rows from the judging thread", () => {
  it("carry dates as ISO text and amounts as given, and a custom field named like a column stays a custom field", async () => {
    const file = write("t.csv", "id,customer,amount,currency,at,kind\nt1,c1,12.50,EUR,2024-03-05T10:00:00Z,purchase\n");
    const judging = startJudging(
      job(file, {
        entity: "TRANSACTION",
        mapping: [
          { source: "id", target: "externalId" },
          { source: "customer", target: "customerExternalId" },
          { source: "amount", target: "amount" },
          { source: "currency", target: "currency" },
          { source: "at", target: "occurredAt" },
          { source: "kind", target: "kind" },
        ],
      }),
    );
    try {
      await judging.opened();
      const [batch] = await drain(judging);
      const row = batch!.toWrite[0]!;
      expect(row.keys).toEqual({ externalId: "t1", customerExternalId: "c1", customerEmail: null, contentKey: null });
      expect(JSON.parse(row.insert)).toMatchObject({
        external_id: "t1",
        occurred_at: "2024-03-05T10:00:00.000Z",
        amount: "12.50",
        currency: "EUR",
        kind: "PURCHASE",
      });
    } finally {
      await judging.close();
    }
    const customers = startJudging(
      job(write("u.csv", "id,email,createdAt\nc9,c9@example.com,2024-01-02\n"), {
        mapping: [
          { source: "id", target: "externalId" },
          { source: "email", target: "email" },
          { source: "createdAt", target: "customFields.createdAt" },
        ],
      }),
    );
    try {
      await customers.opened();
      const [batch] = await drain(customers);
      expect(JSON.parse(batch!.toWrite[0]!.insert)).toMatchObject({ created_at: null, custom_fields: { createdAt: "2024-01-02" } });
    } finally {
      await customers.close();
    }
  });
});
