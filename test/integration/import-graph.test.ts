import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { expectCountsAddUp, gqlUpload, startImport } from "../helpers/upload.js";
import { graphErrorsOf, graphJobOf, recordCountsOf } from "../helpers/graph-jobs.js";

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({ logLevel: process.env.TEST_LOG_LEVEL ?? "silent" });
});
afterAll(async () => t?.stop());

/**
 * Four customers: G1 good with two orders and a note; G2 with a bad email (its order and note are
 * PARENT_FAILED); G3 good, with an order of a bad amount (only that order fails); G4 whose
 * "orders" is a string, not an array (UNEXPECTED_NESTING, nothing of it written).
 */
const CUSTOMERS = [
  {
    id: "G1",
    name: "Ana Lima",
    email: "Ana@Example.com",
    orders: [
      { id: "O1", amount: "10.50", currency: "EUR", date: "2024-03-05" },
      { id: "O2", amount: "20", currency: "EUR", date: "2024-03-06" },
    ],
    notes: [{ id: "N1", type: "call", subject: "Intro", date: "2024-03-01" }],
  },
  {
    id: "G2",
    name: "Bo Chen",
    email: "not-an-email",
    orders: [{ id: "O3", amount: "5", currency: "EUR", date: "2024-03-07" }],
    notes: [{ id: "N2", type: "email", subject: "Hi", date: "2024-03-02" }],
  },
  {
    id: "G3",
    name: "Cy Diaz",
    email: "cy@example.com",
    orders: [
      { id: "O4", amount: "lots", currency: "EUR", date: "2024-03-08" },
      { id: "O5", amount: "7.25", currency: "USD", date: "2024-03-09" },
    ],
    notes: [],
  },
  { id: "G4", name: "Di Eng", email: "di@example.com", orders: "none", notes: [{ id: "N3", type: "note", subject: "x", date: "2024-03-03" }] },
];

const MAPPINGS = [
  {
    entity: "CUSTOMER",
    path: "customers",
    mapping: [
      { source: "id", target: "externalId" },
      { source: "name", target: "name" },
      { source: "email", target: "email" },
    ],
  },
  {
    entity: "TRANSACTION",
    path: "orders",
    mapping: [
      { source: "id", target: "externalId" },
      { source: "amount", target: "amount" },
      { source: "currency", target: "currency" },
      { source: "date", target: "occurredAt" },
    ],
  },
  {
    entity: "INTERACTION",
    path: "notes",
    mapping: [
      { source: "id", target: "externalId" },
      { source: "type", target: "type" },
      { source: "subject", target: "subject" },
      { source: "date", target: "occurredAt" },
    ],
  },
];

const GRAPH_JOB = `id status entity processedRows totalRows insertedCount updatedCount unchangedCount skippedCount failedCount progress resultsUrl errorReportUrl
  entityCounts { entity processedRows inserted updated unchanged skipped failed }`;

const graphJob = (key: string, id: string) => graphJobOf(t, key, id, GRAPH_JOB);
const graphErrors = (key: string, id: string) => graphErrorsOf(t, key, id);
const counts = (workspaceId: string) => recordCountsOf(t, workspaceId);

const EXPECTED_COUNTS = [
  { entity: "CUSTOMER", processedRows: 4, inserted: 2, updated: 0, unchanged: 0, skipped: 0, failed: 2 },
  { entity: "INTERACTION", processedRows: 2, inserted: 1, updated: 0, unchanged: 0, skipped: 1, failed: 0 },
  { entity: "TRANSACTION", processedRows: 5, inserted: 3, updated: 0, unchanged: 0, skipped: 1, failed: 1 },
];

describe("a GRAPH import of nested JSON", () => {
  let ws: TestWorkspace;
  beforeAll(async () => {
    ws = await t.workspace("graph-json");
  });

  it("writes customers before what they hold, counts per entity and names each error's entity and path; revert undoes the whole graph", async () => {
    const file = { name: "export.json", content: JSON.stringify({ exportedAt: "2024-04-01", customers: CUSTOMERS }) };
    const id = await startImport(t, ws.keys.IMPORTER, { entity: "GRAPH", mappings: MAPPINGS }, file);
    const job = await graphJob(ws.keys.IMPORTER, id);
    expect(job).toMatchObject({
      status: "COMPLETED",
      entity: "GRAPH",
      processedRows: 11,
      totalRows: 11,
      insertedCount: 6,
      skippedCount: 2,
      failedCount: 3,
      progress: 1,
    });
    expect(expectCountsAddUp(job)).toBe(true);
    expect(job.entityCounts).toEqual(EXPECTED_COUNTS);
    // row numbers run through the graph in file order: G1 1, O1 2, O2 3, N1 4, G2 5, O3 6, N2 7, G3 8, O4 9, O5 10, G4 11 (whose note is not read)
    expect(await graphErrors(ws.keys.IMPORTER, id)).toEqual([
      { row: 5, location: "$.customers[1]", entity: "CUSTOMER", code: "INVALID_EMAIL", field: "email" },
      { row: 6, location: "$.customers[1].orders[0]", entity: "TRANSACTION", code: "PARENT_FAILED", field: null },
      { row: 7, location: "$.customers[1].notes[0]", entity: "INTERACTION", code: "PARENT_FAILED", field: null },
      { row: 9, location: "$.customers[2].orders[0]", entity: "TRANSACTION", code: "INVALID_NUMBER", field: "amount" },
      { row: 11, location: "$.customers[3]", entity: "CUSTOMER", code: "UNEXPECTED_NESTING", field: null },
    ]);
    expect(await counts(ws.id)).toEqual({ customers: 2, interactions: 1, transactions: 3 });
    const links = await t.server.db.sql.query<{ external_id: string; customer: string }>(
      `select t.external_id, c.external_id as customer from "transaction" t join customer c on c.id = t.customer_id where t.workspace_id = $1 order by 1`,
      [ws.id],
    );
    expect(links).toEqual([
      { external_id: "O1", customer: "G1" },
      { external_id: "O2", customer: "G1" },
      { external_id: "O5", customer: "G3" },
    ]);

    // the results file names each record with its own type
    const res = await fetch(`${job.resultsUrl}?format=ndjson`, { headers: { authorization: `Bearer ${ws.keys.IMPORTER}` } });
    const lines = (await res.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.row)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const types = lines.filter((l) => l.id).map((l) => Buffer.from(l.id, "base64url").toString().split(":")[0]);
    expect(types).toEqual(["Customer", "Transaction", "Transaction", "Interaction", "Customer", "Transaction"]);

    // the error report lists every row not written, the records of a failed customer included
    const report = await (await fetch(job.errorReportUrl, { headers: { authorization: `Bearer ${ws.keys.IMPORTER}` } })).text();
    for (const code of ["INVALID_EMAIL", "PARENT_FAILED", "INVALID_NUMBER", "UNEXPECTED_NESTING"]) expect(report).toContain(code);
    expect(report.trim().split("\n")).toHaveLength(6);

    const reverted = await t.gql(ws.keys.IMPORTER, `mutation ($id: ID!) { revertImport(input: { id: $id }) { job { status } userErrors { code } } }`, { id });
    expect(reverted.body.data.revertImport).toEqual({ job: { status: "REVERTED" }, userErrors: [] });
    expect(await counts(ws.id)).toEqual({ customers: 0, interactions: 0, transactions: 0 });
  });

  it("a dry run reports what a real run would and writes nothing", async () => {
    const file = { name: "dry.json", content: JSON.stringify(CUSTOMERS) };
    const id = await startImport(t, ws.keys.IMPORTER, { entity: "GRAPH", mappings: MAPPINGS.slice(1), mapping: MAPPINGS[0]!.mapping, dryRun: true }, file);
    const job = await graphJob(ws.keys.IMPORTER, id);
    expect(job).toMatchObject({ status: "COMPLETED", insertedCount: 6, skippedCount: 2, failedCount: 3 });
    expect(job.entityCounts).toEqual(EXPECTED_COUNTS);
    expect(await counts(ws.id)).toEqual({ customers: 0, interactions: 0, transactions: 0 });
    // it records no plan: applying it is refused with its code, and nothing is queued
    const applied = await t.gql(ws.keys.IMPORTER, `mutation ($id: ID!) { applyImportPlan(input: { id: $id }) { job { id } userErrors { code field } } }`, {
      id,
    });
    // (the payload names the dry run itself, as for every refusal of a known job)
    expect(applied.body.data.applyImportPlan).toEqual({ job: { id }, userErrors: [{ code: "PLAN_NOT_AVAILABLE", field: ["input", "id"] }] });
  });

  it("a customer the writer refuses (CREATE, it exists) takes its records with it as PARENT_FAILED", async () => {
    const first = await startImport(
      t,
      ws.keys.IMPORTER,
      { entity: "GRAPH", mappings: MAPPINGS },
      { name: "a.json", content: JSON.stringify({ customers: CUSTOMERS.slice(0, 1) }) },
    );
    expect((await graphJob(ws.keys.IMPORTER, first)).insertedCount).toBe(4);
    const again = [{ ...CUSTOMERS[0], orders: [{ id: "O9", amount: "1", currency: "EUR", date: "2024-05-01" }], notes: [] }];
    const id = await startImport(
      t,
      ws.keys.IMPORTER,
      { entity: "GRAPH", mode: "CREATE", mappings: MAPPINGS },
      { name: "b.json", content: JSON.stringify({ customers: again }) },
    );
    const job = await graphJob(ws.keys.IMPORTER, id);
    expect(job.entityCounts).toEqual([
      { entity: "CUSTOMER", processedRows: 1, inserted: 0, updated: 0, unchanged: 0, skipped: 1, failed: 0 },
      { entity: "INTERACTION", processedRows: 0, inserted: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0 },
      { entity: "TRANSACTION", processedRows: 1, inserted: 0, updated: 0, unchanged: 0, skipped: 1, failed: 0 },
    ]);
    expect((await graphErrors(ws.keys.IMPORTER, id)).map((e: any) => [e.row, e.entity, e.code])).toEqual([
      [1, "CUSTOMER", "EXISTS"],
      [2, "TRANSACTION", "PARENT_FAILED"],
    ]);
    const o9 = await t.server.db.sql.query(`select 1 from "transaction" where workspace_id = $1 and external_id = 'O9'`, [ws.id]);
    expect(o9).toHaveLength(0);
    await t.gql(ws.keys.IMPORTER, `mutation ($id: ID!) { revertImport(input: { id: $id }) { job { status } } }`, { id: first });
  });

  it("with createMissingCustomers, the records of a failed customer follow the flat rule: their customer is created from the link", async () => {
    const file = { name: "missing.json", content: JSON.stringify({ customers: [CUSTOMERS[1]] }) };
    const id = await startImport(t, ws.keys.IMPORTER, { entity: "GRAPH", mappings: MAPPINGS, options: { createMissingCustomers: true } }, file);
    const job = await graphJob(ws.keys.IMPORTER, id);
    expect(job.entityCounts).toEqual([
      { entity: "CUSTOMER", processedRows: 1, inserted: 0, updated: 0, unchanged: 0, skipped: 0, failed: 1 },
      { entity: "INTERACTION", processedRows: 1, inserted: 1, updated: 0, unchanged: 0, skipped: 0, failed: 0 },
      { entity: "TRANSACTION", processedRows: 1, inserted: 1, updated: 0, unchanged: 0, skipped: 0, failed: 0 },
    ]);
    const created = await t.server.db.sql.query<{ external_id: string; email: string | null }>(
      `select external_id, email from customer where workspace_id = $1`,
      [ws.id],
    );
    expect(created).toEqual([{ external_id: "G2", email: null }]);
    await t.gql(ws.keys.IMPORTER, `mutation ($id: ID!) { revertImport(input: { id: $id }) { job { status } } }`, { id });
    expect(await counts(ws.id)).toEqual({ customers: 0, interactions: 0, transactions: 0 });
  });
});

describe("a GRAPH import of NDJSON", () => {
  it("reads one customer per line, suggests the mappings when none are given, and names lines in its paths", async () => {
    const ws = await t.workspace("graph-ndjson");
    const content = CUSTOMERS.map((c) => JSON.stringify(c)).join("\n") + "\n";
    const id = await startImport(t, ws.keys.IMPORTER, { entity: "GRAPH" }, { name: "export.ndjson", content });
    const job = await graphJob(ws.keys.IMPORTER, id);
    expect(job.entityCounts).toEqual(EXPECTED_COUNTS);
    const errors = await graphErrors(ws.keys.IMPORTER, id);
    expect(errors.map((e: any) => e.location)).toEqual(["line 2", "line 2: orders[0]", "line 2: notes[0]", "line 3: orders[0]", "line 4"]);
    expect(await counts(ws.id)).toEqual({ customers: 2, interactions: 1, transactions: 3 });
  });
});

describe("a GRAPH import of nested XML", () => {
  it("reads repeated child elements, and a lone one, as the records a customer element holds", async () => {
    const ws = await t.workspace("graph-xml");
    const xml = `<?xml version="1.0"?>
<customers>
  <customer id="X1"><email>x1@example.com</email>
    <orders><order><id>XO1</id><amount>12.50</amount><currency>EUR</currency><date>2024-03-05</date></order>
            <order><id>XO2</id><amount>bad</amount><currency>EUR</currency><date>2024-03-06</date></order></orders>
    <notes><note><id>XN1</id><subject>Call back</subject><date>2024-03-01</date></note></notes>
  </customer>
  <customer id="X2"><email>x2@example.com</email>
    <orders><order><id>XO3</id><amount>3</amount><currency>USD</currency><date>2024-03-07</date></order></orders>
  </customer>
</customers>`;
    const mappings = [
      {
        entity: "CUSTOMER",
        path: "customer",
        mapping: [
          { source: "@id", target: "externalId" },
          { source: "email", target: "email" },
        ],
      },
      {
        entity: "TRANSACTION",
        path: "orders.order",
        mapping: [
          { source: "id", target: "externalId" },
          { source: "amount", target: "amount" },
          { source: "currency", target: "currency" },
          { source: "date", target: "occurredAt" },
        ],
      },
      {
        entity: "INTERACTION",
        path: "notes.note",
        mapping: [
          { source: "id", target: "externalId" },
          { source: "subject", target: "subject" },
          { source: "date", target: "occurredAt" },
        ],
      },
    ];
    const id = await startImport(t, ws.keys.IMPORTER, { entity: "GRAPH", mappings }, { name: "export.xml", content: xml });
    const job = await graphJob(ws.keys.IMPORTER, id);
    expect(job.entityCounts).toEqual([
      { entity: "CUSTOMER", processedRows: 2, inserted: 2, updated: 0, unchanged: 0, skipped: 0, failed: 0 },
      { entity: "INTERACTION", processedRows: 1, inserted: 1, updated: 0, unchanged: 0, skipped: 0, failed: 0 },
      { entity: "TRANSACTION", processedRows: 3, inserted: 2, updated: 0, unchanged: 0, skipped: 0, failed: 1 },
    ]);
    expect(await graphErrors(ws.keys.IMPORTER, id)).toEqual([
      { row: 3, location: "/customers/customer[1]/orders/order[2]", entity: "TRANSACTION", code: "INVALID_NUMBER", field: "amount" },
    ]);
    const links = await t.server.db.sql.query<{ external_id: string; customer: string }>(
      `select x.external_id, c.external_id as customer from (select external_id, customer_id from "transaction" union all select external_id, customer_id from interaction) x
         join customer c on c.id = x.customer_id where c.workspace_id = $1 order by 1`,
      [ws.id],
    );
    expect(links).toEqual([
      { external_id: "XN1", customer: "X1" },
      { external_id: "XO1", customer: "X1" },
      { external_id: "XO3", customer: "X2" },
    ]);
  });
});

describe("previewImport with entity GRAPH", () => {
  it("shows the structure found: the customers and each array they hold, with counts and a suggested mapping", async () => {
    const ws = await t.workspace("graph-preview");
    const { body } = await gqlUpload(
      t,
      ws.keys.IMPORTER,
      `mutation ($input: PreviewImportInput!) { previewImport(input: $input) {
      format graph { entity path count headers suggestedMapping { source target } } sampleRows sampleErrors { row entity code location } } }`,
      { entity: "GRAPH" },
      { name: "p.json", content: JSON.stringify({ customers: CUSTOMERS.slice(0, 3) }) },
    );
    const p = body.data.previewImport;
    expect(p.format).toBe("JSON");
    expect(p.graph.map((g: any) => [g.entity, g.path, g.count])).toEqual([
      ["CUSTOMER", null, 3],
      ["TRANSACTION", "orders", 5],
      ["INTERACTION", "notes", 2],
    ]);
    expect(p.graph[1].suggestedMapping).toEqual(
      expect.arrayContaining([
        { source: "amount", target: "amount" },
        { source: "date", target: "occurredAt" },
      ]),
    );
    expect(p.sampleErrors.map((e: any) => [e.row, e.entity, e.code])).toEqual([
      [5, "CUSTOMER", "INVALID_EMAIL"],
      [6, "TRANSACTION", "PARENT_FAILED"],
      [7, "INTERACTION", "PARENT_FAILED"],
      [9, "TRANSACTION", "INVALID_NUMBER"],
    ]);
    expect(p.sampleRows.map((r: any) => [r.row, r.entity])).toEqual([
      [1, "CUSTOMER"],
      [2, "TRANSACTION"],
      [3, "TRANSACTION"],
      [4, "INTERACTION"],
      [8, "CUSTOMER"],
      [10, "TRANSACTION"],
    ]);
  });
});

describe("GRAPH input refused with a code", () => {
  const start = async (input: Record<string, unknown>, file: { name: string; content: string }) => {
    const ws = await t.workspace(`graph-bad-${Math.random().toString(36).slice(2, 8)}`);
    const { body } = await gqlUpload(
      t,
      ws.keys.IMPORTER,
      `mutation ($input: StartImportInput!) { startImport(input: $input) { job { id } userErrors { field code } } }`,
      input,
      file,
    );
    return body.data.startImport;
  };
  const json = { name: "g.json", content: JSON.stringify({ customers: CUSTOMERS }) };

  it.each([
    ["a CSV file", { entity: "GRAPH" }, { name: "g.csv", content: "id,email\nC1,a@x.io\n" }, "UNSUPPORTED_FORMAT"],
    ["a child part without a path", { entity: "GRAPH", mappings: [{ entity: "TRANSACTION" }] }, json, "INVALID_GRAPH"],
    [
      "overlapping paths",
      {
        entity: "GRAPH",
        mappings: [
          { entity: "TRANSACTION", path: "orders" },
          { entity: "INTERACTION", path: "orders.items" },
        ],
      },
      json,
      "INVALID_GRAPH",
    ],
    ["a path no record holds", { entity: "GRAPH", mappings: [{ entity: "TRANSACTION", path: "payments" }] }, json, "PATH_NOT_FOUND"],
    ["mappings on a single-entity import", { entity: "CUSTOMER", mappings: [{ entity: "TRANSACTION", path: "orders" }] }, json, "INVALID_GRAPH"],
    ["records that hold no array", { entity: "GRAPH" }, { name: "flat.json", content: JSON.stringify([{ id: "C1", email: "a@x.io" }]) }, "INVALID_GRAPH"],
  ])("%s", async (_what, input, file, code) => {
    const result = await start(input, file);
    expect(result.job).toBeNull();
    expect(result.userErrors.map((e: any) => e.code)).toContain(code);
  });

  it("importFields and saveMappingTemplate refuse GRAPH", async () => {
    const ws = await t.workspace("graph-fields");
    const fields = await t.gql(ws.keys.VIEWER, `{ importFields(entity: GRAPH) { name } }`);
    expect(fields.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const saved = await t.gql(
      ws.keys.ADMIN,
      `mutation { saveMappingTemplate(input: { name: "g", entity: GRAPH, mapping: [{ source: "id", target: "externalId" }] }) { template { id } userErrors { code } } }`,
    );
    expect(saved.body.data.saveMappingTemplate).toEqual({ template: null, userErrors: [{ code: "WRONG_ENTITY" }] });
  });
});
