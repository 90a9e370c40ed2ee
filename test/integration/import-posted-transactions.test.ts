import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FORMATS, formatFile } from "../helpers/format-files.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { expectCountsAddUp, gqlUpload, jobErrors, START_IMPORT, startImport, waitForJob } from "../helpers/upload.js";

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({ logLevel: process.env.TEST_LOG_LEVEL ?? "silent" });
});
afterAll(async () => t?.stop());

const WITH_ID = ["externalId", "customerExternalId", "amount", "currency", "occurredAt", "status", "description"];
const NO_ID = WITH_ID.slice(1);
const mappingOf = (headers: readonly string[]) => headers.map((h) => ({ source: h, target: h }));

describe.each(FORMATS)("transactions from %s", (format) => {
  let ws: TestWorkspace;
  const run = async (name: string, headers: string[], rows: string[][], input: Record<string, unknown> = {}) => {
    const file = await formatFile(format, name, headers, rows);
    const job = await waitForJob(
      t,
      ws.keys.IMPORTER,
      await startImport(t, ws.keys.IMPORTER, { entity: "TRANSACTION", mapping: mappingOf(headers), ...input }, file),
    );
    expect(job).toMatchObject({ status: "COMPLETED", format });
    expect(expectCountsAddUp(job)).toBe(true);
    return job;
  };
  const counts = (job: any) => ({
    processedRows: job.processedRows,
    insertedCount: job.insertedCount,
    updatedCount: job.updatedCount,
    unchangedCount: job.unchangedCount,
    skippedCount: job.skippedCount,
    failedCount: job.failedCount,
  });
  const stored = async () =>
    Object.fromEntries(
      (
        await t.server.db.sql.query<Record<string, string>>(
          `select t.external_id, c.external_id as customer, t.amount::text as amount, t.currency, t.status, t.description
       from "transaction" t join customer c on c.id = t.customer_id where t.workspace_id = $1 and t.external_id is not null`,
          [ws.id],
        )
      ).map(({ external_id, ...r }) => [external_id, r]),
    );
  const contentRows = async () =>
    await t.server.db.sql.query<{ content_key: string; amount: string; customer: string }>(
      `select t.content_key, t.amount::text as amount, c.external_id as customer from "transaction" t join customer c on c.id = t.customer_id
      where t.workspace_id = $1 and t.external_id is null order by t.id`,
      [ws.id],
    );

  beforeAll(async () => {
    ws = await t.workspace(`posted-${format.toLowerCase()}`);
    await waitForJob(
      t,
      ws.keys.IMPORTER,
      await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "c.csv", content: "id,email\nC1,c1@example.com\nC2,c2@example.com" }),
    );
  });

  const FIRST = [
    ["P1", "C1", "10.00", "EUR", "2024-03-01 10:00", "completed", "first"],
    ["P2", "C1", "20.00", "EUR", "2024-03-02 10:00", "pending", "second"],
    ["P3", "C1", "30.00", "EUR", "2024-03-03 10:00", "completed", "third"],
    ["P4", "C1", "40.00", "EUR", "2024-03-04 10:00", "completed", "fourth"],
    ["P5", "C1", "50.00", "EUR", "2024-03-05 10:00", "pending", "fifth"],
    ["P6", "C1", "60.00", "EUR", "2024-03-06 10:00", "completed", "sixth"],
  ];
  const SECOND = [
    ["P1", "C1", "11.00", "EUR", "2024-03-01 10:00", "completed", "first"], // amount: refused
    ["P2", "C1", "20.00", "EUR", "2024-03-02 10:00", "completed", "second"], // PENDING to COMPLETED
    ["P3", "C1", "30.0", "EUR", "2024-03-03 10:00", "completed", "third, corrected"], // description only
    ["P4", "C2", "40.00", "USD", "2024-03-04 10:00", "completed", "fourth"], // customer and currency: refused
    ["P5", "C1", "50.00", "EUR", "2024-03-05 10:00", "cancelled", "fifth"], // PENDING to CANCELLED
    ["P6", "C1", "60.00", "EUR", "2024-03-06 10:00", "pending", "sixth"], // COMPLETED back to PENDING: refused
  ];

  it("keeps what a completed transaction posted: ALREADY_POSTED, while pending ones move on and descriptions follow; a dry run counts the same", async () => {
    expect(counts(await run("first", WITH_ID, FIRST))).toMatchObject({ processedRows: 6, insertedCount: 6 });
    const expected = { processedRows: 6, insertedCount: 0, updatedCount: 3, unchangedCount: 0, skippedCount: 0, failedCount: 3 };
    const dry = await run("second", WITH_ID, SECOND, { dryRun: true });
    expect(counts(dry)).toEqual(expected);
    const real = await run("second", WITH_ID, SECOND);
    expect(counts(real)).toEqual(expected);

    for (const job of [dry, real]) {
      const errors = await jobErrors(t, ws.keys.IMPORTER, job.id);
      expect(errors.map((e) => [e.row, e.code, e.field, e.value])).toEqual([
        [1, "ALREADY_POSTED", "amount", "11"],
        [4, "ALREADY_POSTED", "currency", "USD"],
        [6, "ALREADY_POSTED", "status", "PENDING"],
      ]);
      expect(errors[0].message).toMatch(/COMPLETED.*amount \(10 → 11\).*amendPostedTransactions/);
      expect(errors[1].message).toMatch(/currency \(EUR → USD\), customer\b/);
      expect(errors[1].message).not.toMatch(/amount/);
      expect(errors[2].message).toMatch(/status \(COMPLETED → PENDING\)/);
    }
    expect(await stored()).toEqual({
      P1: { customer: "C1", amount: "10.0000", currency: "EUR", status: "COMPLETED", description: "first" },
      P2: { customer: "C1", amount: "20.0000", currency: "EUR", status: "COMPLETED", description: "second" },
      P3: { customer: "C1", amount: "30.0000", currency: "EUR", status: "COMPLETED", description: "third, corrected" },
      P4: { customer: "C1", amount: "40.0000", currency: "EUR", status: "COMPLETED", description: "fourth" },
      P5: { customer: "C1", amount: "50.0000", currency: "EUR", status: "CANCELLED", description: "fifth" },
      P6: { customer: "C1", amount: "60.0000", currency: "EUR", status: "COMPLETED", description: "sixth" },
    });
  });

  it("amends completed transactions only when asked, and a revert restores what they posted", async () => {
    const amend = [SECOND[0]!, SECOND[3]!, SECOND[5]!];
    const job = await run("amend", WITH_ID, amend, { options: { amendPostedTransactions: true } });
    expect(counts(job)).toEqual({ processedRows: 3, insertedCount: 0, updatedCount: 3, unchangedCount: 0, skippedCount: 0, failedCount: 0 });
    const amended = await stored();
    expect(amended.P1).toMatchObject({ amount: "11.0000" });
    expect(amended.P4).toMatchObject({ customer: "C2", currency: "USD" });
    expect(amended.P6).toMatchObject({ status: "PENDING" });

    const { body } = await t.gql(
      ws.keys.IMPORTER,
      `mutation ($id: ID!) { revertImport(input: { id: $id }) { job { status revertReport } userErrors { code } } }`,
      { id: job.id },
    );
    expect(body.data.revertImport.userErrors).toEqual([]);
    expect(body.data.revertImport.job.revertReport.TRANSACTION).toMatchObject({ deleted: 0, restored: 3, kept: 0 });
    const reverted = await stored();
    expect(reverted.P1).toMatchObject({ customer: "C1", amount: "10.0000", currency: "EUR", status: "COMPLETED" });
    expect(reverted.P4).toMatchObject({ customer: "C1", amount: "40.0000", currency: "EUR", status: "COMPLETED" });
    expect(reverted.P6).toMatchObject({ customer: "C1", amount: "60.0000", status: "COMPLETED" });
  });

  it("posts a row without an externalId once however often its file is imported, and identical rows of one file once each", async () => {
    const row = ["C1", "5.00", "EUR", "2024-04-01 10:00", "completed", "coffee"];
    const other = ["C2", "7.50", "EUR", "2024-04-02 10:00", "completed", "tea"];
    const file = [row, row, other];
    expect(counts(await run("daily", NO_ID, file))).toMatchObject({ processedRows: 3, insertedCount: 3 });
    const again = { processedRows: 3, insertedCount: 0, updatedCount: 0, unchangedCount: 3, skippedCount: 0, failedCount: 0 };
    expect(counts(await run("daily", NO_ID, file, { dryRun: true }))).toEqual(again);
    expect(counts(await run("daily", NO_ID, file))).toEqual(again);
    const first = await contentRows();
    expect(first.map((r) => [r.customer, r.amount])).toEqual([
      ["C1", "5.0000"],
      ["C1", "5.0000"],
      ["C2", "7.5000"],
    ]);
    expect(new Set(first.map((r) => r.content_key)).size).toBe(3);

    // a longer export of the same days: the third identical row is new, "7.5" is the "7.50" posted before
    const longer = [row, row, row, ["C2", "7.5", "EUR", "2024-04-02 10:00", "completed", "tea"]];
    expect(counts(await run("weekly", NO_ID, longer, { dryRun: true }))).toMatchObject({ insertedCount: 1, unchangedCount: 3 });
    expect(counts(await run("weekly", NO_ID, longer))).toMatchObject({ insertedCount: 1, unchangedCount: 3, updatedCount: 0 });
    expect((await contentRows()).map((r) => r.customer)).toEqual(["C1", "C1", "C2", "C1"]);

    // known by content, a completed payment keeps its posting too (only its description may follow)
    const edited = await run("edited", NO_ID, [
      [...row.slice(0, 4), "pending", "coffee"],
      [...row.slice(0, 5), "espresso"],
    ]);
    expect(counts(edited)).toMatchObject({ updatedCount: 1, failedCount: 1 });
    expect((await jobErrors(t, ws.keys.IMPORTER, edited.id)).map((e) => [e.row, e.code])).toEqual([[1, "ALREADY_POSTED"]]);
    expect(counts(await run("create", NO_ID, file, { mode: "CREATE" }))).toMatchObject({ insertedCount: 0, skippedCount: 3 });
  });
});

describe("transactions created through the API without an externalId", () => {
  const CREATE = `mutation($input: CreateTransactionInput!) { createTransaction(input: $input) { transaction { id } userErrors { code } } }`;

  it("are known by their content too: neither their export nor an import of the same payment posts them again", async () => {
    const ws = await t.workspace("posted-api");
    await waitForJob(
      t,
      ws.keys.IMPORTER,
      await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "c.csv", content: "id,email\nA1,a1@example.com" }),
    );
    await t.server.db.sql.query(`insert into customer (workspace_id, email) values ($1, 'plain@example.com')`, [ws.id]);
    const payment = { amount: "9.90", currency: "EUR", occurredAt: "2024-05-01T08:00:00Z" };
    for (const input of [
      { customerEmail: "a1@example.com", ...payment },
      { customerExternalId: "A1", ...payment },
      { customerEmail: "plain@example.com", ...payment },
    ]) {
      const { body } = await t.gql(ws.keys.IMPORTER, CREATE, { input });
      expect(body.data.createTransaction.userErrors).toEqual([]);
    }
    const keys = await t.server.db.sql.query<{ content_key: string }>(`select content_key from "transaction" where workspace_id = $1 order by id`, [ws.id]);
    expect(keys.map((k) => k.content_key.split(".")[1])).toEqual(["1", "2", "1"]);

    const exported = await fetch(`${t.url}/export/transactions.csv`, { headers: { authorization: `Bearer ${ws.keys.VIEWER}` } });
    expect(exported.status).toBe(200);
    const content = Buffer.from(await exported.arrayBuffer());
    const back = await waitForJob(t, ws.keys.IMPORTER, await startImport(t, ws.keys.IMPORTER, { entity: "TRANSACTION" }, { name: "t.csv", content }));
    expect(back).toMatchObject({ processedRows: 3, insertedCount: 0, unchangedCount: 3 });

    const file =
      "customerExternalId,amount,currency,occurredAt\nA1,9.9,EUR,2024-05-01T08:00:00Z\nA1,9.90,EUR,2024-05-01T08:00:00Z\nA1,9.9,EUR,2024-05-01T08:00:00Z";
    const more = await waitForJob(t, ws.keys.IMPORTER, await startImport(t, ws.keys.IMPORTER, { entity: "TRANSACTION" }, { name: "more.csv", content: file }));
    expect(more).toMatchObject({ processedRows: 3, insertedCount: 1, unchangedCount: 2 });
  });
});

describe("the amendPostedTransactions option", () => {
  it("is refused for imports other than transactions", async () => {
    const ws = await t.workspace("posted-option");
    const { body } = await gqlUpload(
      t,
      ws.keys.IMPORTER,
      START_IMPORT,
      { entity: "CUSTOMER", options: { amendPostedTransactions: true } },
      { name: "c.csv", content: "id,email\nA,a@example.com" },
    );
    expect(body.data.startImport.job).toBeNull();
    expect(body.data.startImport.userErrors).toEqual([
      expect.objectContaining({ field: ["input", "options", "amendPostedTransactions"], code: "INVALID_OPTION" }),
    ]);
  });
});
