import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { expectCountsAddUp, jobErrors, startImport, waitForJob } from "../helpers/upload.js";

let t: TestServer;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await startTestServer({ logLevel: process.env.TEST_LOG_LEVEL ?? "silent" });
  ws = await t.workspace("blanks");
});
afterAll(async () => t?.stop());

// N/A once became Namibia and EU the United States; a marker in a required field was written
const CUSTOMERS = [
  "id,Email,Phone,Country,City,Company,Tier",
  "b1,b1@example.com,N/A,N/A,NULL,-,无",
  "b2,NULL,-,EU,无,N/A,gold",
  "b3,b3@example.com,—,NA,n/a,Acme,NULL",
  "N/A,N/A,N/A,N/A,N/A,N/A,N/A",
].join("\n");
const CUSTOMER_MAPPING = [
  { source: "id", target: "externalId" },
  { source: "Email", target: "email" },
  { source: "Phone", target: "phone" },
  { source: "Country", target: "country" },
  { source: "City", target: "city", transform: { default: "Berlin" } },
  { source: "Company", target: "company" },
  { source: "Tier", target: "customFields.tier" },
];

const TRANSACTIONS = ["Order,Customer,Amount,Currency,Date,Status", "t1,b1,12.50,N/A,2024-03-05,-", "t2,b1,N/A,EUR,2024-03-06,NULL", "t3,b3,7,无,无,paid"].join(
  "\n",
);
const TRANSACTION_MAPPING = [
  { source: "Order", target: "externalId" },
  { source: "Customer", target: "customerExternalId" },
  { source: "Amount", target: "amount" },
  { source: "Currency", target: "currency" },
  { source: "Date", target: "occurredAt" },
  { source: "Status", target: "status" },
];

describe("blank markers and regions through a CSV import", () => {
  it("stores markers as empty values, applies defaults, rejects a region and a row with only markers", async () => {
    const id = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER", mapping: CUSTOMER_MAPPING }, { name: "blanks.csv", content: CUSTOMERS });
    const job = await waitForJob(t, ws.keys.IMPORTER, id);
    expect(job).toMatchObject({ status: "COMPLETED", processedRows: 4, insertedCount: 2, failedCount: 2 });
    expect(expectCountsAddUp(job)).toBe(true);

    const errors = await jobErrors(t, ws.keys.IMPORTER, id);
    expect(errors.map((e) => ({ row: e.row, code: e.code, field: e.field, column: e.column, value: e.value }))).toEqual([
      { row: 2, code: "INVALID_COUNTRY", field: "country", column: "Country", value: "EU" },
      { row: 4, code: "REQUIRED", field: null, column: null, value: null },
    ]);

    const rows = await t.server.db.sql.query<Record<string, unknown>>(
      "select external_id, email, phone, country, city, company, custom_fields from customer where workspace_id = $1 order by external_id",
      [ws.id],
    );
    expect(rows).toEqual([
      { external_id: "b1", email: "b1@example.com", phone: null, country: null, city: "Berlin", company: null, custom_fields: {} },
      { external_id: "b3", email: "b3@example.com", phone: null, country: "NA", city: "Berlin", company: "Acme", custom_fields: {} },
    ]);
  });

  it("gives a transaction's marker amount or date REQUIRED and its marker currency and status their defaults", async () => {
    const id = await startImport(
      t,
      ws.keys.IMPORTER,
      { entity: "TRANSACTION", mapping: TRANSACTION_MAPPING, options: { defaultCurrency: "EUR" } },
      { name: "orders.csv", content: TRANSACTIONS },
    );
    const job = await waitForJob(t, ws.keys.IMPORTER, id);
    expect(job).toMatchObject({ status: "COMPLETED", processedRows: 3, insertedCount: 1, failedCount: 2 });

    const errors = await jobErrors(t, ws.keys.IMPORTER, id);
    expect(errors.map((e) => ({ row: e.row, code: e.code, field: e.field, column: e.column }))).toEqual([
      { row: 2, code: "REQUIRED", field: "amount", column: "Amount" },
      { row: 3, code: "REQUIRED", field: "occurredAt", column: "Date" },
    ]);
    const rows = await t.server.db.sql.query<Record<string, unknown>>(
      "select external_id, amount::text as amount, currency, status, kind from transaction where workspace_id = $1",
      [ws.id],
    );
    expect(rows).toEqual([{ external_id: "t1", amount: "12.5000", currency: "EUR", status: "COMPLETED", kind: "PURCHASE" }]);
  });
});
