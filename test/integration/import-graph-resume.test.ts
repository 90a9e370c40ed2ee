import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { expectCountsAddUp, startImport, waitForJob } from "../helpers/upload.js";
import { killWorkerThenResume } from "../helpers/worker-process.js";

let t: TestServer;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await startTestServer({ importWorkers: 0 });
  ws = await t.workspace("graph-crash");
});
afterAll(async () => t?.stop());

const CUSTOMERS = 3000;
const REPEATS = 50;

/** One customer per line with five orders and two notes; then the first REPEATS customers again (found after the crash). */
const ndjson = (): string => {
  const line = (i: number) =>
    JSON.stringify({
      id: `K${i}`,
      email: `k${i}@example.com`,
      orders: Array.from({ length: 5 }, (_, j) => ({ id: `K${i}-O${j}`, amount: `${i}.${j}0`, currency: "EUR", date: "2024-03-05" })),
      notes: Array.from({ length: 2 }, (_, j) => ({ id: `K${i}-N${j}`, subject: `note ${j}`, date: "2024-03-06" })),
    });
  const lines: string[] = [];
  for (let i = 1; i <= CUSTOMERS; i++) lines.push(line(i));
  for (let i = 1; i <= REPEATS; i++) lines.push(line(i));
  return lines.join("\n") + "\n";
};

// the totals a client saw while the job ran
const totals: number[] = [];
const progress = async (jobId: string): Promise<{ status: string; processedRows: number }> => {
  const job = (await t.gql(ws.keys.VIEWER, `query ($id: ID!) { importJob(id: $id) { status processedRows totalRows } }`, { id: jobId })).body.data.importJob;
  if (job.status === "RUNNING" && job.totalRows !== null) totals.push(job.totalRows);
  return job;
};

describe("a worker killed mid-way through a GRAPH import", () => {
  it("resumes after the last committed customer: nothing lost, nothing twice, repeats still found", async () => {
    const jobId = await startImport(t, ws.keys.IMPORTER, { entity: "GRAPH" }, { name: "graph.ndjson", content: ndjson() });
    const { seen, atKill } = await killWorkerThenResume(t.databaseUrl, () => progress(jobId), 6_000);
    const nodes = (CUSTOMERS + REPEATS) * 8;
    expect(atKill).toBeLessThan(nodes);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    // while it ran, the total was estimated from the customers counted and their records per customer at start (8 each)
    expect(totals.length).toBeGreaterThan(0);
    for (const total of totals) expect(Math.abs(total - nodes) / nodes).toBeLessThan(0.1);
    const job = await waitForJob(t, ws.keys.IMPORTER, jobId);
    expect(job).toMatchObject({
      status: "COMPLETED",
      processedRows: nodes,
      totalRows: nodes,
      insertedCount: CUSTOMERS * 8,
      skippedCount: REPEATS * 8,
      failedCount: 0,
    });
    expect(expectCountsAddUp(job)).toBe(true);
    const { body } = await t.gql(ws.keys.VIEWER, `query ($id: ID!) { importJob(id: $id) { entityCounts { entity processedRows inserted skipped failed } } }`, {
      id: jobId,
    });
    expect(body.data.importJob.entityCounts).toEqual([
      { entity: "CUSTOMER", processedRows: CUSTOMERS + REPEATS, inserted: CUSTOMERS, skipped: REPEATS, failed: 0 },
      { entity: "INTERACTION", processedRows: (CUSTOMERS + REPEATS) * 2, inserted: CUSTOMERS * 2, skipped: REPEATS * 2, failed: 0 },
      { entity: "TRANSACTION", processedRows: (CUSTOMERS + REPEATS) * 5, inserted: CUSTOMERS * 5, skipped: REPEATS * 5, failed: 0 },
    ]);
    const [row] = await t.server.db.sql.query<Record<string, string>>(
      `select (select count(*) from customer where workspace_id = $1) as customers,
              (select count(*) from interaction where workspace_id = $1) as interactions,
              (select count(*) from "transaction" where workspace_id = $1) as transactions,
              (select count(*) from import_row_error where job_id = $2 and code = 'DUPLICATE_IN_FILE') as duplicates,
              (select count(*) from import_row_error where job_id = $2 and code = 'PARENT_FAILED') as orphans`,
      [ws.id, (await t.server.db.sql.query<{ id: string }>(`select id from import_job where workspace_id = $1`, [ws.id]))[0]!.id],
    );
    expect(Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, Number(v)]))).toEqual({
      customers: CUSTOMERS,
      interactions: CUSTOMERS * 2,
      transactions: CUSTOMERS * 5,
      duplicates: REPEATS,
      orphans: REPEATS * 7,
    });
  }, 180_000);
});
