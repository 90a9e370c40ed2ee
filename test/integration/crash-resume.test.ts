import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { expectCountsAddUp, startImport, waitForJob } from "../helpers/upload.js";
import { exited, killWorkerThenResume, spawnWorker } from "../helpers/worker-process.js";

let t: TestServer;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await startTestServer({ importWorkers: 0 });
  ws = await t.workspace("crash");
});
afterAll(async () => t?.stop());

const ROWS = 40_000;

/** Unique customers, then repeats of the first 100 at the very end (found after the crash). */
const csv = (): string => {
  const lines = ["id,email"];
  for (let i = 1; i <= ROWS; i++) lines.push(`k${i},k${i}@example.com`);
  for (let i = 1; i <= 100; i++) lines.push(`k${i},k${i}@example.com`);
  return lines.join("\n");
};

const progress = async (jobId: string): Promise<{ status: string; processedRows: number }> =>
  (await t.gql(ws.keys.VIEWER, `query ($id: ID!) { importJob(id: $id) { status processedRows } }`, { id: jobId })).body.data.importJob;

describe("a worker killed mid-import", () => {
  it("loses and duplicates nothing: another worker resumes from the last committed batch", async () => {
    const jobId = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "crash.csv", content: csv() });
    const { seen, atKill } = await killWorkerThenResume(t.databaseUrl, () => progress(jobId), 4_000);
    expect(atKill).toBeLessThan(ROWS);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    const job = await waitForJob(t, ws.keys.IMPORTER, jobId);
    expect(job).toMatchObject({ status: "COMPLETED", processedRows: ROWS + 100, insertedCount: ROWS, skippedCount: 100, failedCount: 0 });
    expect(expectCountsAddUp(job)).toBe(true);
    const rows = await t.server.db.sql.query<{ n: string; d: string }>(
      `select count(*) as n, count(distinct external_id) as d from customer where workspace_id = $1`,
      [ws.id],
    );
    expect(Number(rows[0]!.n)).toBe(ROWS);
    expect(Number(rows[0]!.d)).toBe(ROWS);
    const dupes = await t.server.db.sql.query<{ n: string }>(
      `select count(*) as n from import_row_error where job_id = (select id from import_job where workspace_id = $1) and code = 'DUPLICATE_IN_FILE'`,
      [ws.id],
    );
    expect(Number(dupes[0]!.n)).toBe(100);
  });

  it("numbers identical transactions without an externalId the same way after resuming: each posted once, none twice", async () => {
    // 3 x 10,000 contents, each repeated a third of the file later: the kill falls in the first third
    const lines = ["customerExternalId,amount,currency,occurredAt"];
    for (let i = 0; i < 30_000; i++) lines.push(`P${(i % 10_000) % 50},${i % 10_000}.00,EUR,2024-02-01T00:00:00Z`);
    const jobId = await startImport(
      t,
      ws.keys.IMPORTER,
      { entity: "TRANSACTION", options: { createMissingCustomers: true } },
      { name: "same.csv", content: lines.join("\n") },
    );
    const first = spawnWorker(t.databaseUrl);
    for (let p = await progress(jobId); p.processedRows < 4_000; p = await progress(jobId)) {
      if (p.status !== "QUEUED" && p.status !== "RUNNING") throw new Error(`finished before the kill: ${p.status}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    first.kill("SIGKILL");
    await exited(first);
    expect((await progress(jobId)).processedRows).toBeLessThan(10_000);
    const second = spawnWorker(t.databaseUrl);
    try {
      const job = await waitForJob(t, ws.keys.IMPORTER, jobId, 120_000);
      expect(job).toMatchObject({ status: "COMPLETED", processedRows: 30_000, insertedCount: 30_000, unchangedCount: 0, failedCount: 0 });
      const again = await waitForJob(
        t,
        ws.keys.IMPORTER,
        await startImport(t, ws.keys.IMPORTER, { entity: "TRANSACTION" }, { name: "same.csv", content: lines.join("\n") }),
        120_000,
      );
      expect(again).toMatchObject({ status: "COMPLETED", insertedCount: 0, unchangedCount: 30_000 });
    } finally {
      second.kill("SIGTERM");
      await exited(second);
    }
    const rows = await t.server.db.sql.query<{ n: string; d: string }>(
      `select count(*) as n, count(distinct content_key) as d from "transaction" where workspace_id = $1`,
      [ws.id],
    );
    expect(rows[0]).toEqual({ n: "30000", d: "30000" });
  });
});
