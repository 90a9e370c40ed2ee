import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { gqlUpload, startImport, waitForJob } from "../helpers/upload.js";

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({ logLevel: process.env.TEST_LOG_LEVEL ?? "silent" });
});
afterAll(async () => t?.stop());

const PREVIEW = `mutation ($input: PreviewImportInput!) { previewImport(input: $input) {
  sampleRows sampleErrors { row code field } warnings { code column message } } }`;

const preview = async (ws: TestWorkspace, content: string, options: Record<string, unknown> = {}, name = "t.csv") => {
  const { status, body } = await gqlUpload(
    t,
    ws.keys.IMPORTER,
    PREVIEW,
    { entity: "TRANSACTION", options: { createMissingCustomers: true, ...options } },
    { name, content },
  );
  expect({ status, errors: body.errors }).toEqual({ status: 200, errors: undefined });
  return body.data.previewImport;
};

const run = async (ws: TestWorkspace, content: string, options: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => {
  const id = await startImport(
    t,
    ws.keys.IMPORTER,
    { entity: "TRANSACTION", options: { createMissingCustomers: true, ...options }, ...extra },
    { name: "t.csv", content },
  );
  await waitForJob(t, ws.keys.IMPORTER, id);
  const { body } = await t.gql(
    ws.keys.VIEWER,
    `query ($id: ID!) { importJob(id: $id) {
    id status createdAt insertedCount failedCount warnings { code column message } } }`,
    { id },
  );
  return body.data.importJob;
};

const amounts = async (ws: TestWorkspace): Promise<Record<string, string>> => {
  const rows = await t.server.db.sql.query<{ external_id: string; amount: string }>(
    `select external_id, amount::text as amount from "transaction" where workspace_id = $1`,
    [ws.id],
  );
  return Object.fromEntries(rows.map((r) => [r.external_id, r.amount]));
};

const csv = (rows: string[][]): string => ["Order ID,Customer ID,Amount,Currency,Date", ...rows.map((r) => r.join(","))].join("\n");

// Every amount column below also shows its decimal mark; every date column a day over 12.
const DOT_AMOUNTS = csv([
  ["o1", "c1", `"1,234.50"`, "USD", "2024-03-05"],
  ["o2", "c1", "0.99", "USD", "2024-03-05"],
  ["o3", "c1", "1.005", "KWD", "2024-03-05"],
  ["o4", "c1", "10.125", "BHD", "2024-03-05"],
]);

describe("the decimal mark of a column", () => {
  it("reads 1.005 and 10.125 in a column that writes 1,234.50 and 0.99 as three-decimal amounts, in the preview and the import", async () => {
    const ws = await t.workspace("dot-column");
    const p = await preview(ws, DOT_AMOUNTS);
    expect(p.warnings).toEqual([]);
    expect(p.sampleRows.map((r: any) => [r.externalId, r.amount])).toEqual([
      ["o1", "1234.50"],
      ["o2", "0.99"],
      ["o3", "1.005"],
      ["o4", "10.125"],
    ]);
    const job = await run(ws, DOT_AMOUNTS);
    expect(job).toMatchObject({ status: "COMPLETED", insertedCount: 4, failedCount: 0, warnings: [] });
    expect(await amounts(ws)).toEqual({ o1: "1234.5000", o2: "0.9900", o3: "1.0050", o4: "10.1250" });
  });

  it("reads 1.005 as a thousand and five in a column that writes 1.234,50", async () => {
    const ws = await t.workspace("comma-column");
    const job = await run(
      ws,
      csv([
        ["o1", "c1", `"1.234,50"`, "EUR", "2024-03-05"],
        ["o2", "c1", "1.005", "EUR", "2024-03-05"],
      ]),
    );
    expect(job).toMatchObject({ insertedCount: 2, warnings: [] });
    expect(await amounts(ws)).toEqual({ o1: "1234.5000", o2: "1005.0000" });
  });

  const ONLY_GROUPED = csv([
    ["o1", "c1", `"1,234"`, "USD", "2024-03-05"],
    ["o2", "c1", `"2,500"`, "USD", "2024-03-05"],
  ]);

  it("warns of a column of 1,234 alone in the preview and on the job, naming the column and the reading chosen", async () => {
    const ws = await t.workspace("ambiguous-amounts");
    const warning = { code: "AMBIGUOUS_DECIMAL_SEPARATOR", column: "Amount", message: expect.stringMatching(/"1,234".*thousands separator/) };
    expect((await preview(ws, ONLY_GROUPED)).warnings).toEqual([warning]);
    const job = await run(ws, ONLY_GROUPED);
    expect(job).toMatchObject({ status: "COMPLETED", insertedCount: 2, warnings: [warning] });
    expect(await amounts(ws)).toEqual({ o1: "1234.0000", o2: "2500.0000" });
  });

  it.each<[string, Record<string, string>]>([
    [",", { o1: "1.2340", o2: "2.5000" }],
    [".", { o1: "1234.0000", o2: "2500.0000" }],
  ])("takes the caller's decimalSeparator %s without a warning", async (decimalSeparator, stored) => {
    const ws = await t.workspace(`given-mark-${decimalSeparator}`);
    expect((await preview(ws, ONLY_GROUPED, { decimalSeparator })).warnings).toEqual([]);
    expect((await run(ws, ONLY_GROUPED, { decimalSeparator })).warnings).toEqual([]);
    expect(await amounts(ws)).toEqual(stored);
  });

  it("lets the caller's decimalSeparator win over what the column shows", async () => {
    const ws = await t.workspace("given-mark-wins");
    await run(
      ws,
      csv([
        ["o1", "c1", "0.99", "USD", "2024-03-05"],
        ["o2", "c1", "1.005", "USD", "2024-03-05"],
      ]),
      { decimalSeparator: "," },
    );
    expect(await amounts(ws)).toEqual({ o2: "1005.0000" });
  });
});

describe("the date order of a column", () => {
  const AMBIGUOUS_DATES = csv([
    ["o1", "c1", "12.50", "USD", "03/04/2024"],
    ["o2", "c1", "7.25", "USD", "05/06/2024"],
  ]);
  const dates = async (ws: TestWorkspace) =>
    Object.fromEntries(
      (
        await t.server.db.sql.query<{ external_id: string; d: string }>(
          `select external_id, to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD') as d from "transaction" where workspace_id = $1`,
          [ws.id],
        )
      ).map((r) => [r.external_id, r.d]),
    );

  it("warns when every date fits both day/month and month/day, in the preview and on the job, and says how it reads them", async () => {
    const ws = await t.workspace("ambiguous-dates");
    const warning = { code: "AMBIGUOUS_DATE_ORDER", column: "Date", message: expect.stringMatching(/"03\/04\/2024".*month first/) };
    expect((await preview(ws, AMBIGUOUS_DATES)).warnings).toEqual([warning]);
    expect(await run(ws, AMBIGUOUS_DATES)).toMatchObject({ status: "COMPLETED", insertedCount: 2, warnings: [warning] });
    expect(await dates(ws)).toEqual({ o1: "2024-03-04", o2: "2024-05-06" });
  });

  it("takes the caller's dateFormat without a warning", async () => {
    const ws = await t.workspace("given-date-format");
    expect((await preview(ws, AMBIGUOUS_DATES, { dateFormat: "DD/MM/YYYY" })).warnings).toEqual([]);
    expect((await run(ws, AMBIGUOUS_DATES, { dateFormat: "DD/MM/YYYY" })).warnings).toEqual([]);
    expect(await dates(ws)).toEqual({ o1: "2024-04-03", o2: "2024-06-05" });
  });

  it("takes a column's own dateFormat without a warning", async () => {
    const ws = await t.workspace("column-date-format");
    const mapping = [
      { source: "Order ID", target: "externalId" },
      { source: "Customer ID", target: "customerExternalId" },
      { source: "Amount", target: "amount" },
      { source: "Currency", target: "currency" },
      { source: "Date", target: "occurredAt", transform: { dateFormat: "DD/MM/YYYY" } },
    ];
    expect((await run(ws, AMBIGUOUS_DATES, {}, { mapping })).warnings).toEqual([]);
    expect(await dates(ws)).toEqual({ o1: "2024-04-03", o2: "2024-06-05" });
  });

  it("reads a column with a day over 12 day first without a warning, in the preview too", async () => {
    const ws = await t.workspace("decided-dates");
    const content = csv([
      ["o1", "c1", "12.50", "USD", "03/04/2024"],
      ["o2", "c1", "7.25", "USD", "25/06/2024"],
    ]);
    const p = await preview(ws, content);
    expect(p.warnings).toEqual([]);
    expect(p.sampleRows.map((r: any) => r.occurredAt)).toEqual(["2024-04-03T00:00:00.000Z", "2024-06-25T00:00:00.000Z"]);
    expect((await run(ws, content)).warnings).toEqual([]);
    expect(await dates(ws)).toEqual({ o1: "2024-04-03", o2: "2024-06-25" });
  });
});

describe("a file imported before", () => {
  it("warns on the second upload of the same bytes, naming the earlier job and its date, on the preview and the job", async () => {
    const ws = await t.workspace("duplicate-file");
    const first = await run(ws, DOT_AMOUNTS);
    expect(first.warnings).toEqual([]);
    const warning = { code: "DUPLICATE_FILE", column: null, message: expect.stringContaining(first.id) };
    const p = await preview(ws, DOT_AMOUNTS);
    expect(p.warnings).toEqual([warning]);
    expect(p.warnings[0].message).toContain(first.createdAt);
    const second = await run(ws, DOT_AMOUNTS);
    expect(second.warnings).toEqual([warning]);
    // the newest earlier import is named
    const third = await run(ws, DOT_AMOUNTS);
    expect(third.warnings).toEqual([{ ...warning, message: expect.stringContaining(second.id) }]);
  });

  it("does not warn across workspaces, nor of a different file", async () => {
    const a = await t.workspace("duplicate-a");
    const b = await t.workspace("duplicate-b");
    await run(a, DOT_AMOUNTS);
    expect((await preview(b, DOT_AMOUNTS)).warnings).toEqual([]);
    expect((await run(b, DOT_AMOUNTS)).warnings).toEqual([]);
    expect((await run(a, `${DOT_AMOUNTS}\no5,c1,1.50,USD,2024-03-05`)).warnings).toEqual([]);
  });

  it("does not count a dry run or a reverted import", async () => {
    const ws = await t.workspace("duplicate-dry");
    const dry = await run(ws, DOT_AMOUNTS, {}, { dryRun: true });
    expect(dry.warnings).toEqual([]);
    const real = await run(ws, DOT_AMOUNTS);
    expect(real.warnings).toEqual([]);
    const { body } = await t.gql(ws.keys.IMPORTER, `mutation ($id: ID!) { revertImport(input: { id: $id }) { job { status } userErrors { code message } } }`, {
      id: real.id,
    });
    expect(body.data.revertImport).toEqual({ job: { status: "REVERTED" }, userErrors: [] });
    expect((await preview(ws, DOT_AMOUNTS)).warnings).toEqual([]);
  });
});
