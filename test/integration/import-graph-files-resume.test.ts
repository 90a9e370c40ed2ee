import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { zipOf } from "../helpers/graph-files.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { expectCountsAddUp, startImport, waitForJob } from "../helpers/upload.js";
import { killWorkerThenResume } from "../helpers/worker-process.js";

let t: TestServer;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await startTestServer({ importWorkers: 0 });
  ws = await t.workspace("graph-files-crash");
});
afterAll(async () => t?.stop());

const CUSTOMERS = 3000;
const ORDERS_EACH = 3;
const NOTES = 1000;
const REPEATS = 50;
const bad = (i: number) => i % 100 === 0;

/**
 * customers.csv: every hundredth customer has a bad email (it fails). orders.csv: three orders per
 * customer, then REPEATS orders again (read after the kill: DUPLICATE_IN_FILE). notes.csv: one
 * note for each of the first NOTES customers. Orders and notes of a failed customer are PARENT_FAILED.
 */
const archive = () => {
  const customers = ["id,name,email"];
  for (let i = 1; i <= CUSTOMERS; i++) customers.push(`K${i},Name ${i},${bad(i) ? "not-an-email" : `k${i}@example.com`}`);
  const orders = ["customerExternalId,id,amount,currency,date"];
  for (let i = 1; i <= CUSTOMERS; i++) for (let j = 0; j < ORDERS_EACH; j++) orders.push(`K${i},K${i}-O${j},${i}.${j}0,EUR,2024-03-05`);
  for (let i = 1; i <= REPEATS; i++) orders.push(`K${i},K${i}-O0,${i}.00,EUR,2024-03-05`);
  const notes = ["customerExternalId,id,subject,date"];
  for (let i = 1; i <= NOTES; i++) notes.push(`K${i},K${i}-N,note ${i},2024-03-06`);
  return zipOf([
    { name: "customers.csv", content: customers.join("\n") },
    { name: "orders.csv", content: orders.join("\n") },
    { name: "notes.csv", content: notes.join("\n") },
  ]);
};

const progress = async (jobId: string): Promise<{ status: string; processedRows: number }> =>
  (await t.gql(ws.keys.VIEWER, `query ($id: ID!) { importJob(id: $id) { status processedRows } }`, { id: jobId })).body.data.importJob;

describe("a worker killed in the middle of a ZIP GRAPH import's orders", () => {
  it("resumes in the orders file after the last committed batch: nothing lost, nothing twice, PARENT_FAILED and repeats still found", async () => {
    const jobId = await startImport(t, ws.keys.IMPORTER, { entity: "GRAPH" }, { name: "graph.zip", content: await archive() });
    const orders = CUSTOMERS * ORDERS_EACH + REPEATS;
    const total = CUSTOMERS + orders + NOTES;
    // every customer committed and at least two batches of orders: the kill falls in the orders
    const { seen, atKill } = await killWorkerThenResume(t.databaseUrl, () => progress(jobId), CUSTOMERS + 4000);
    expect(atKill).toBeGreaterThan(CUSTOMERS);
    expect(atKill).toBeLessThan(total);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    const job = await waitForJob(t, ws.keys.IMPORTER, jobId);
    const failedCustomers = CUSTOMERS / 100;
    expect(job).toMatchObject({ status: "COMPLETED", processedRows: total });
    expect(expectCountsAddUp(job)).toBe(true);
    const { body } = await t.gql(ws.keys.VIEWER, `query ($id: ID!) { importJob(id: $id) { entityCounts { entity processedRows inserted skipped failed } } }`, {
      id: jobId,
    });
    expect(body.data.importJob.entityCounts).toEqual([
      { entity: "CUSTOMER", processedRows: CUSTOMERS, inserted: CUSTOMERS - failedCustomers, skipped: 0, failed: failedCustomers },
      { entity: "INTERACTION", processedRows: NOTES, inserted: NOTES - NOTES / 100, skipped: NOTES / 100, failed: 0 },
      {
        entity: "TRANSACTION",
        processedRows: orders,
        inserted: (CUSTOMERS - failedCustomers) * ORDERS_EACH,
        skipped: failedCustomers * ORDERS_EACH + REPEATS,
        failed: 0,
      },
    ]);
    const [row] = await t.server.db.sql.query<Record<string, string>>(
      `select (select count(*) from customer where workspace_id = $1) as customers,
              (select count(*) from interaction where workspace_id = $1) as interactions,
              (select count(distinct external_id) from "transaction" where workspace_id = $1) as orders,
              (select count(*) from "transaction" where workspace_id = $1) as transactions,
              (select count(*) from import_row_error where job_id = $2 and code = 'DUPLICATE_IN_FILE') as duplicates,
              (select count(*) from import_row_error where job_id = $2 and code = 'PARENT_FAILED') as orphans,
              (select count(*) from import_row_error where job_id = $2) = (select count(distinct "row") from import_row_error where job_id = $2) as once`,
      [ws.id, (await t.server.db.sql.query<{ id: string }>(`select id from import_job where workspace_id = $1`, [ws.id]))[0]!.id],
    );
    expect(row).toEqual({
      customers: String(CUSTOMERS - failedCustomers),
      interactions: String(NOTES - NOTES / 100),
      orders: String((CUSTOMERS - failedCustomers) * ORDERS_EACH),
      transactions: String((CUSTOMERS - failedCustomers) * ORDERS_EACH),
      duplicates: String(REPEATS),
      orphans: String(failedCustomers * ORDERS_EACH + NOTES / 100),
      once: true,
    });
  }, 240_000);
});
