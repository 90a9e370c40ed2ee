import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findErrorGroups } from "../../src/entities/import-error-group.repository.js";
import { rowIdOf } from "../../src/common/global-id.js";
import { dataOf } from "../helpers/expect-gql.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { startImport, waitForJob } from "../helpers/upload.js";

let t: TestServer;
let ws: TestWorkspace;
let other: TestWorkspace;

beforeAll(async () => {
  t = await startTestServer({ logLevel: process.env.TEST_LOG_LEVEL ?? "silent" });
  ws = await t.workspace("groups");
  other = await t.workspace("groups-elsewhere");
});
afterAll(async () => t?.stop());

const GROUPS = `query($id: ID!) { importJob(id: $id) { failedCount skippedCount errorGroups { code column field message count values { value count } sampleRows } } }`;

const importCsv = async (name: string, lines: string[]) => {
  const id = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name, content: lines.join("\n") });
  await waitForJob(t, ws.keys.IMPORTER, id);
  return id;
};

describe("ImportJob.errorGroups", () => {
  it("groups failed and skipped rows by code and column, counting rows, largest group first", async () => {
    const lines = ["id,Email,Country"];
    const add = (email: string, country: string) => lines.push(`r${lines.length},${email},${country}`);
    for (let i = 0; i < 6; i++) add("telefon", "DE"); // rows 1..6
    for (let i = 0; i < 4; i++) add("besuch", "DE"); // rows 7..10
    add("", "Atlantis"); // row 11: one bad country
    add("no-at", "Atlantis"); // row 12: two problems in one row
    for (let i = 0; i < 3; i++) add(`ok${i}@example.com`, "DE"); // rows 13..15
    add("ok0@example.com", "DE"); // row 16: duplicates row 13
    add("ok1@example.com", "DE"); // row 17: duplicates row 14
    const id = await importCsv("groups.csv", lines);
    const job = (await dataOf(t, ws.keys.VIEWER, GROUPS, { id })).importJob;
    expect([job.failedCount, job.skippedCount]).toEqual([12, 2]);
    const groups = job.errorGroups;
    expect(groups.map((g: any) => [g.code, g.column, g.count])).toEqual([
      ["INVALID_EMAIL", "Email", 11],
      ["DUPLICATE_IN_FILE", "Email", 2],
      ["INVALID_COUNTRY", "Country", 2],
    ]);
    expect(groups[0]).toMatchObject({
      field: "email",
      values: [
        { value: "telefon", count: 6 },
        { value: "besuch", count: 4 },
        { value: "no-at", count: 1 },
      ],
      sampleRows: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    });
    expect(groups[0].message).toBe("email: not a valid email address (no @)");
    expect(groups[1]).toMatchObject({
      field: "email",
      values: [
        { value: "ok0@example.com", count: 1 },
        { value: "ok1@example.com", count: 1 },
      ],
      sampleRows: [16, 17],
    });
    expect(groups[2]).toMatchObject({ field: "country", values: [{ value: "Atlantis", count: 2 }], sampleRows: [11, 12] });
  });

  it("keeps the 20 most frequent values and the 10 lowest rows", async () => {
    // bad-k appears k times (k = 1..25)
    const lines = ["id,Email"];
    for (let k = 1; k <= 25; k++) for (let i = 0; i < k; i++) lines.push(`r${lines.length},bad-${k}`);
    const id = await importCsv("top-20.csv", lines);
    const [group, ...rest] = (await dataOf(t, ws.keys.VIEWER, GROUPS, { id })).importJob.errorGroups;
    expect(rest).toEqual([]);
    expect(group.count).toBe(325);
    expect(group.values).toEqual(Array.from({ length: 20 }, (_, i) => ({ value: `bad-${25 - i}`, count: 25 - i })));
    expect(group.sampleRows).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("shows an empty offending value as null", async () => {
    const id = await startImport(
      t,
      ws.keys.IMPORTER,
      { entity: "INTERACTION" },
      { name: "blank-dates.csv", content: "Email,Date,Type\na@example.com,,CALL\nb@example.com,,CALL\nc@example.com,2024-01-02,Telefon\n" },
    );
    await waitForJob(t, ws.keys.IMPORTER, id);
    const groups = (await dataOf(t, ws.keys.VIEWER, GROUPS, { id })).importJob.errorGroups;
    expect(groups).toEqual([
      {
        code: "REQUIRED",
        column: "Date",
        field: "occurredAt",
        message: "occurredAt: required, but empty",
        count: 2,
        values: [{ value: null, count: 2 }],
        sampleRows: [1, 2],
      },
      {
        code: "INVALID_ENUM",
        column: "Type",
        field: "type",
        message: expect.stringMatching(/^type: not one of CALL/),
        count: 1,
        values: [{ value: "Telefon", count: 1 }],
        sampleRows: [3],
      },
    ]);
  });

  it("counts a row once in its group and once per value, however many errors it has there", async () => {
    const id = await importCsv("twice.csv", ["id,Email", "r1,nope"]);
    const jobRowId = rowIdOf(id, "ImportJob")!;
    // one column read into two fields can give a row the same code twice; stored directly here
    await t.server.db.sql.query(
      `insert into import_row_error (workspace_id, job_id, "row", "column", field, value, code, message)
       values ($1, $2, 1, 'Email', 'email', 'nope', 'INVALID_EMAIL', 'again'), ($1, $2, 2, 'Email', 'email', '', 'INVALID_EMAIL', 'empty'),
              ($1, $2, 2, 'Email', 'email', 'x', 'INVALID_EMAIL', 'x')`,
      [ws.id, jobRowId],
    );
    const groups = await findErrorGroups(t.server.db.scoped(ws.id), ws.id, jobRowId);
    expect(groups).toEqual([
      {
        code: "INVALID_EMAIL",
        column: "Email",
        field: "email",
        message: "email: not a valid email address (no @)",
        count: 2,
        values: [
          { value: "nope", count: 1 },
          { value: "x", count: 1 },
          { value: null, count: 1 },
        ],
        sampleRows: [1, 2],
      },
    ]);
  });

  it("is the caller's workspace's only", async () => {
    const id = await importCsv("mine.csv", ["id,Email", "r1,nope"]);
    expect((await dataOf(t, other.keys.VIEWER, GROUPS, { id })).importJob).toBeNull();
    const jobRowId = rowIdOf(id, "ImportJob")!;
    expect(await findErrorGroups(t.server.db.scoped(ws.id), ws.id, jobRowId)).toHaveLength(1);
    // the other workspace's scoped client, even naming this workspace, sees nothing
    expect(await findErrorGroups(t.server.db.scoped(other.id), ws.id, jobRowId)).toEqual([]);
    expect(await findErrorGroups(t.server.db.scoped(other.id), other.id, jobRowId)).toEqual([]);
  });
});
