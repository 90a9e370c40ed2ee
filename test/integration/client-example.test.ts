import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runClient } from "../../examples/client/src/client.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { startImport, waitForJob } from "../helpers/upload.js";

let t: TestServer;
let ws: TestWorkspace;
let dir: string;

beforeAll(async () => {
  t = await startTestServer();
  ws = await t.workspace("client-example");
  const customers = "id,first name,last name,email\nK1,Grace,Hopper,grace@example.com\nK2,Alan,Turing,alan@example.com";
  await waitForJob(t, ws.keys.IMPORTER, await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "customers.csv", content: customers }));
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "crm-client-"));
});
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await t?.stop();
});

// four transactions of K1, one of K2, one of a customer that does not exist, one with a bad amount
const TRANSACTIONS = [
  "order id,customer id,amount,currency,date,status",
  "O1,K1,120.00,EUR,2026-11-02,paid",
  "O2,K1,35.50,EUR,2026-11-05,paid",
  "O3,K2,10,USD,2026-11-06,paid",
  "O4,K9,10,USD,2026-11-06,paid",
  "O5,K1,lots,EUR,2026-11-07,paid",
  "O6,K1,-20,EUR,2026-11-08,paid",
].join("\n");

describe("examples/client against a running server", () => {
  it("previews, imports while following progress and row errors, and prints a customer's history", async () => {
    const file = path.join(dir, "orders.csv");
    fs.writeFileSync(file, TRANSACTIONS);
    const lines: string[] = [];
    const outcome = await runClient({ url: t.url, key: ws.keys.IMPORTER, file, entity: "TRANSACTION", customer: "K1", print: (l) => lines.push(l) });

    expect(outcome).toMatchObject({ status: "COMPLETED", processedRows: 6, historyCount: 3 });
    expect(outcome.errors.map((e) => [e.row, e.code])).toEqual([
      [4, "CUSTOMER_NOT_FOUND"],
      [5, "INVALID_NUMBER"],
    ]);
    const out = lines.join("\n");
    expect(lines[0]).toMatch(/^preview: CSV .*columns order id, customer id, amount, currency, date, status$/);
    expect(out).toMatch(/^ {2}customer id -> customerExternalId$/m);
    expect(out).toMatch(/^import \S+ QUEUED$/m);
    expect(out).toMatch(/^row 4: CUSTOMER_NOT_FOUND/m);
    expect(out).toMatch(/^row 5: INVALID_NUMBER in amount/m);
    expect(out).toMatch(/^import \S+ COMPLETED: 6 rows, 4 inserted, 0 updated, 2 failed$/m);
    expect(out).toMatch(/^customer K1 Grace Hopper <grace@example.com>: lifetime value 135.50 EUR, 3 history items$/m);
    expect(lines.slice(-3)).toEqual([
      "  2026-11-08T00:00:00.000Z transaction REFUND COMPLETED 20.00 EUR",
      "  2026-11-05T00:00:00.000Z transaction PURCHASE COMPLETED 35.50 EUR",
      "  2026-11-02T00:00:00.000Z transaction PURCHASE COMPLETED 120.00 EUR",
    ]);
  });

  it("reports a refused key as the server's coded error", async () => {
    const file = path.join(dir, "one.csv");
    fs.writeFileSync(file, "id,email\nX1,x1@example.com");
    await expect(runClient({ url: t.url, key: ws.keys.VIEWER, file, entity: "CUSTOMER", customer: "X1", print: () => undefined })).rejects.toThrow(
      /^FORBIDDEN: /,
    );
  });
});
