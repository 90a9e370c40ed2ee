import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { expectCountsAddUp, jobErrors, startImport, waitForJob } from "../helpers/upload.js";
import { exited, killWorkerThenResume, spawnWorker } from "../helpers/worker-process.js";

let t: TestServer;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await startTestServer({ importWorkers: 0 });
  ws = await t.workspace("plan-crash");
});
afterAll(async () => t?.stop());

const ROWS = 30_000;
const EXISTING = 6_000;

const progress = async (jobId: string): Promise<{ status: string; processedRows: number }> =>
  (await t.gql(ws.keys.VIEWER, `query ($id: ID!) { importJob(id: $id) { status processedRows } }`, { id: jobId })).body.data.importJob;

describe("a plan applied by separate worker processes", () => {
  it(
    "a worker killed mid-apply is replaced by another that goes on from the last committed batch: the counts are the plan's, nothing is written twice",
    { timeout: 240_000 },
    async () => {
      await t.server.db.sql.query(
        `insert into customer (workspace_id, external_id, first_name, email)
       select $1, 'k' || i, 'Old ' || i, 'k' || i || '@example.com' from generate_series(1, $2::int) i`,
        [ws.id, EXISTING],
      );
      // the first EXISTING rows rename customers, the rest are new, and one in 1,000 is invalid
      const lines = ["id,first_name,email"];
      for (let i = 1; i <= ROWS; i++) lines.push(i % 1000 === 500 ? `k${i},Bad,not-an-email` : `k${i},New ${i},k${i}@example.com`);
      const invalid = ROWS / 1000;
      const invalidExisting = EXISTING / 1000;

      const dryId = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER", dryRun: true }, { name: "plan.csv", content: lines.join("\n") });
      const planner = spawnWorker(t.databaseUrl);
      const dry = await waitForJob(t, ws.keys.IMPORTER, dryId, 120_000);
      planner.kill("SIGTERM");
      await exited(planner);
      const planned = {
        processedRows: ROWS,
        insertedCount: ROWS - EXISTING - (invalid - invalidExisting),
        updatedCount: EXISTING - invalidExisting,
        unchangedCount: 0,
        failedCount: invalid,
      };
      expect(dry).toMatchObject({ status: "COMPLETED", ...planned });

      const applied = await t.gql(ws.keys.IMPORTER, `mutation ($id: ID!) { applyImportPlan(input: { id: $id }) { job { id } userErrors { code } } }`, {
        id: dryId,
      });
      expect(applied.body.data.applyImportPlan.userErrors).toEqual([]);
      const applyId = applied.body.data.applyImportPlan.job.id;
      const { seen, atKill } = await killWorkerThenResume(t.databaseUrl, () => progress(applyId), 4_000);
      expect(atKill).toBeLessThan(ROWS);
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
      const job = await waitForJob(t, ws.keys.IMPORTER, applyId);
      expect(job).toMatchObject({ status: "COMPLETED", ...planned });
      expect(expectCountsAddUp(job)).toBe(true);
      expect((await jobErrors(t, ws.keys.VIEWER, applyId)).map((e) => e.code)).toEqual(Array(invalid).fill("INVALID_EMAIL"));

      const rows = await t.server.db.sql.query<{ n: string; d: string; renamed: string }>(
        `select count(*) as n, count(distinct external_id) as d, count(*) filter (where first_name like 'New %') as renamed
         from customer where workspace_id = $1`,
        [ws.id],
      );
      expect(rows[0]).toEqual({
        n: String(ROWS - (invalid - invalidExisting)),
        d: String(ROWS - (invalid - invalidExisting)),
        renamed: String(ROWS - invalid),
      });
      const changes = await t.server.db.sql.query<{ n: string }>(
        `select count(*) as n from import_change where job_id = (select id from import_job where plan_job_id is not null and workspace_id = $1)`,
        [ws.id],
      );
      expect(changes[0]!.n).toBe(String(EXISTING - invalidExisting));

      // and it reverts like any import
      const reverted = await t.gql(ws.keys.IMPORTER, `mutation ($id: ID!) { revertImport(input: { id: $id }) { job { status } userErrors { code } } }`, {
        id: applyId,
      });
      expect(reverted.body.data.revertImport).toEqual({ job: { status: "REVERTED" }, userErrors: [] });
      const after = await t.server.db.sql.query<{ n: string; old: string }>(
        `select count(*) as n, count(*) filter (where first_name like 'Old %') as old from customer where workspace_id = $1`,
        [ws.id],
      );
      expect(after[0]).toEqual({ n: String(EXISTING), old: String(EXISTING) });
    },
  );

  it("fails a queued apply with PLAN_EXPIRED when its dry run's plan is purged before a worker takes it", { timeout: 120_000 }, async () => {
    const dryId = await startImport(
      t,
      ws.keys.IMPORTER,
      { entity: "CUSTOMER", dryRun: true },
      { name: "late.csv", content: "id,first_name,email\nz1,Zed,z1@example.com\n" },
    );
    const worker = spawnWorker(t.databaseUrl);
    try {
      expect(await waitForJob(t, ws.keys.IMPORTER, dryId)).toMatchObject({ status: "COMPLETED", insertedCount: 1 });
    } finally {
      worker.kill("SIGTERM");
      await exited(worker);
    }
    const applied = await t.gql(ws.keys.IMPORTER, `mutation ($id: ID!) { applyImportPlan(input: { id: $id }) { job { id status } userErrors { code } } }`, {
      id: dryId,
    });
    expect(applied.body.data.applyImportPlan).toMatchObject({ job: { status: "QUEUED" }, userErrors: [] });
    // the retention purge, between the request and the run
    await t.server.db.sql.query(`delete from import_job where id = $1`, [Buffer.from(dryId, "base64url").toString().split(":")[1]]);
    const late = spawnWorker(t.databaseUrl);
    try {
      const job = await waitForJob(t, ws.keys.IMPORTER, applied.body.data.applyImportPlan.job.id);
      expect(job).toMatchObject({ status: "FAILED", errorCode: "PLAN_EXPIRED", processedRows: 0 });
    } finally {
      late.kill("SIGTERM");
      await exited(late);
    }
    expect(await t.server.db.sql.query(`select 1 from customer where workspace_id = $1 and external_id = 'z1'`, [ws.id])).toEqual([]);
  });
});
