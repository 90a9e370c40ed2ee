import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowIdOfOrThrow } from "../../src/common/global-id.js";
import { dataOf } from "../helpers/expect-gql.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { expectCountsAddUp, startImport, waitForJob } from "../helpers/upload.js";
import { exited, spawnWorker } from "../helpers/worker-process.js";
import { collect, wsClient } from "../helpers/ws-client.js";

let t: TestServer;
let ws: TestWorkspace;

beforeAll(async () => {
  // no workers in the server: each run is a worker process of its own, killed or not
  t = await startTestServer({ importWorkers: 0 });
  ws = await t.workspace("fix-crash");
});
afterAll(async () => t?.stop());

const ROWS = 50_000;
/** Two rows in five are in Atlantis: 20,000 failed rows, ten batches of a retry. */
const csv = (): string => {
  const lines = ["id,email,country"];
  for (let i = 1; i <= ROWS; i++) lines.push(`k${i},k${i}@example.com,${i % 5 < 2 ? "Atlantis" : "DE"}`);
  return lines.join("\n");
};

const retryState = async (jobId: string) =>
  (
    await t.server.db.sql.query<{ status: string; processed_rows: number; inserted_count: number; failed_count: number }>(
      `select status, processed_rows, inserted_count, failed_count from import_fix where job_id = $1 and kind = 'RETRY' order by id desc limit 1`,
      [rowIdOfOrThrow(jobId, "ImportJob")],
    )
  )[0]!;

/** What was committed adds up at every moment: customers, the job's counts, the retry's counts and the stored errors. */
const expectCommittedConsistent = async (jobId: string) => {
  const [n] = await t.server.db.sql.query<Record<string, string>>(
    `select j.processed_rows, j.inserted_count, j.failed_count, j.skipped_count, j.updated_count, j.unchanged_count,
            (select count(*) from customer c where c.workspace_id = j.workspace_id) as customers,
            (select count(distinct "row") from import_row_error e where e.job_id = j.id) as error_rows
       from import_job j where j.id = $1`,
    [rowIdOfOrThrow(jobId, "ImportJob")],
  );
  const c = Object.fromEntries(Object.entries(n!).map(([k, v]) => [k, Number(v)]));
  expect(c.customers, JSON.stringify(c)).toBe(c.inserted_count);
  expect(c.error_rows, JSON.stringify(c)).toBe(c.failed_count + c.skipped_count);
  expect(c.processed_rows, JSON.stringify(c)).toBe(c.inserted_count + c.updated_count + c.unchanged_count + c.skipped_count + c.failed_count);
  const r = await retryState(jobId);
  expect(r.processed_rows).toBe(r.inserted_count + r.failed_count);
  expect(c.inserted_count).toBe(ROWS - 20_000 + r.inserted_count);
};

describe("a worker killed during a retry", () => {
  it("is resumed by another from the retry's last committed batch, with exact counts", async () => {
    const jobId = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "crash-retry.csv", content: csv() });
    const importer = spawnWorker(t.databaseUrl);
    try {
      expect(await waitForJob(t, ws.keys.VIEWER, jobId, 120_000)).toMatchObject({ status: "COMPLETED", insertedCount: 30_000, failedCount: 20_000 });
    } finally {
      importer.kill("SIGTERM");
      await exited(importer);
    }

    const input = { jobId, column: "country", mappings: [{ from: "Atlantis", to: "DE" }] };
    expect(
      (await dataOf(t, ws.keys.IMPORTER, `mutation($input: MapImportValuesInput!) { mapImportValues(input: $input) { userErrors { code } } }`, { input }))
        .mapImportValues.userErrors,
    ).toEqual([]);
    expect(
      (await dataOf(t, ws.keys.IMPORTER, `mutation($id: ID!) { retryFailedRows(input: { id: $id }) { userErrors { code } } }`, { id: jobId })).retryFailedRows
        .userErrors,
    ).toEqual([]);

    const first = spawnWorker(t.databaseUrl);
    for (let r = await retryState(jobId); r.processed_rows < 2_000; r = await retryState(jobId)) {
      if (r.status !== "QUEUED" && r.status !== "RUNNING") throw new Error(`the retry finished before the kill: ${r.status}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    first.kill("SIGKILL");
    await exited(first);
    const atKill = await retryState(jobId);
    expect(atKill.status).toBe("RUNNING");
    expect(atKill.processed_rows).toBeLessThan(20_000);
    await expectCommittedConsistent(jobId);

    const second = spawnWorker(t.databaseUrl);
    try {
      const job = await waitForJob(t, ws.keys.VIEWER, jobId, 120_000);
      expect(job).toMatchObject({ status: "COMPLETED", processedRows: ROWS, insertedCount: ROWS, skippedCount: 0, failedCount: 0 });
      expect(expectCountsAddUp(job)).toBe(true);
    } finally {
      second.kill("SIGTERM");
      await exited(second);
    }
    expect(await retryState(jobId)).toEqual({ status: "COMPLETED", processed_rows: 20_000, inserted_count: 20_000, failed_count: 0 });
    await expectCommittedConsistent(jobId);
    const stats = await t.server.db.sql.query<{ n: string; d: string; de: string }>(
      "select count(*) as n, count(distinct external_id) as d, count(*) filter (where country = 'DE') as de from customer where workspace_id = $1",
      [ws.id],
    );
    expect(stats[0]).toEqual({ n: String(ROWS), d: String(ROWS), de: String(ROWS) });
  }, 300_000);

  it("a retry cancelled while it waits in the queue ends before its first batch; the job is as it was and can be retried again", async () => {
    const lines = ["id,email,country", "q1,q1@example.com,Atlantis", "q2,q2@example.com,DE", "q3,q3@example.com,Atlantis"];
    const jobId = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "cancel-retry.csv", content: lines.join("\n") });
    const run = async () => {
      const worker = spawnWorker(t.databaseUrl);
      try {
        return await waitForJob(t, ws.keys.VIEWER, jobId, 60_000);
      } finally {
        worker.kill("SIGTERM");
        await exited(worker);
      }
    };
    expect(await run()).toMatchObject({ status: "COMPLETED", insertedCount: 1, failedCount: 2 });
    const input = { jobId, column: "country", mappings: [{ from: "Atlantis", to: "DE" }] };
    await dataOf(t, ws.keys.IMPORTER, `mutation($input: MapImportValuesInput!) { mapImportValues(input: $input) { userErrors { code } } }`, { input });
    const RETRY = `mutation($id: ID!) { retryFailedRows(input: { id: $id }) { job { status } userErrors { code } } }`;
    expect((await dataOf(t, ws.keys.IMPORTER, RETRY, { id: jobId })).retryFailedRows).toEqual({ job: { status: "QUEUED" }, userErrors: [] });
    const cancelled = await dataOf(t, ws.keys.IMPORTER, `mutation($id: ID!) { cancelImport(input: { id: $id }) { job { status } userErrors { code } } }`, {
      id: jobId,
    });
    expect(cancelled.cancelImport).toEqual({ job: { status: "QUEUED" }, userErrors: [] });
    expect(await run()).toMatchObject({ status: "COMPLETED", insertedCount: 1, failedCount: 2 });
    expect(await retryState(jobId)).toEqual({ status: "CANCELLED", processed_rows: 0, inserted_count: 0, failed_count: 0 });

    expect((await dataOf(t, ws.keys.IMPORTER, RETRY, { id: jobId })).retryFailedRows.userErrors).toEqual([]);
    expect(await run()).toMatchObject({ status: "COMPLETED", insertedCount: 3, failedCount: 0 });
    expect(await retryState(jobId)).toEqual({ status: "COMPLETED", processed_rows: 2, inserted_count: 2, failed_count: 0 });
  }, 120_000);

  it("streams a retry's progress and its new row errors over the import subscriptions", async () => {
    const lines = ["id,email,country", "s1,s1@example.com,Atlantis", "s2,not-an-email,Atlantis", "s3,s3@example.com,DE"];
    const jobId = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "stream-retry.csv", content: lines.join("\n") });
    const importer = spawnWorker(t.databaseUrl);
    try {
      expect(await waitForJob(t, ws.keys.VIEWER, jobId, 60_000)).toMatchObject({ insertedCount: 1, failedCount: 2 });
    } finally {
      importer.kill("SIGTERM");
      await exited(importer);
    }
    const before = await dataOf(t, ws.keys.VIEWER, `query($id: ID!) { importJob(id: $id) { errors(first: 100) { edges { cursor } } } }`, { id: jobId });
    const lastCursor = before.importJob.errors.edges.at(-1).cursor;
    await dataOf(t, ws.keys.IMPORTER, `mutation($input: MapImportValuesInput!) { mapImportValues(input: $input) { userErrors { code } } }`, {
      input: { jobId, column: "country", mappings: [{ from: "Atlantis", to: "DE" }] },
    });
    await dataOf(t, ws.keys.IMPORTER, `mutation($id: ID!) { retryFailedRows(input: { id: $id }) { userErrors { code } } }`, { id: jobId });

    // both subscriptions open while the retry waits in the queue (no worker runs yet)
    const client = wsClient(t.url, ws.keys.VIEWER, { lazy: false });
    const progress = collect<any>(client, `subscription ($jobId: ID!) { importProgress(jobId: $jobId) { status processedRows insertedCount failedCount } }`, {
      jobId,
    });
    const errors = collect<any>(
      client,
      `subscription ($jobId: ID!, $after: String) { importErrors(jobId: $jobId, after: $after) { errors { row code value } } }`,
      { jobId, after: lastCursor },
    );
    await new Promise((r) => setTimeout(r, 300));
    const worker = spawnWorker(t.databaseUrl);
    try {
      const [p, e] = await Promise.all([progress, errors]);
      expect(p.error).toBeNull();
      expect(e.error).toBeNull();
      const statuses = p.events.map((x) => x.importProgress.status);
      expect(statuses[0]).toBe("QUEUED");
      expect(statuses.at(-1)).toBe("COMPLETED");
      expect(p.events.at(-1).importProgress).toEqual({ status: "COMPLETED", processedRows: 3, insertedCount: 2, failedCount: 1 });
      // only what the retry found: row 2's email, its country now mapped
      expect(e.events.flatMap((x) => x.importErrors.errors)).toEqual([{ row: 2, code: "INVALID_EMAIL", value: "not-an-email" }]);
    } finally {
      await client.dispose();
      worker.kill("SIGTERM");
      await exited(worker);
    }
  }, 120_000);
});
