import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataKeyIdOf } from "../../src/crypto/data-cipher.js";
import { purgeExpiredJobDetails } from "../../src/entities/import-retention.repository.js";
import { rowIdOfOrThrow } from "../../src/common/global-id.js";
import { distFile, runNode } from "../helpers/spawn-node.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { startImport, waitForJob } from "../helpers/upload.js";
import { exited, spawnWorker } from "../helpers/worker-process.js";
import { spawnApi } from "../helpers/api-process.js";

// the key every process of the tests shares (vitest.config.ts), and a second one to rotate to
const OLD_KEY = process.env.DATA_ENCRYPTION_KEY!;
const NEW_KEY = crypto.randomBytes(32).toString("base64");
const idOf = (key: string) => dataKeyIdOf(Buffer.from(key, "base64"));

const MARK = "Zebedee-Quintessence";
let files = 0;
// each file's records are new ones
const csv = (rows: number, bad = 1) => {
  const f = files++;
  return (
    [
      "id,first_name,last_name,email",
      ...Array.from({ length: rows }, (_, i) => `f${f}e${i},${MARK}${i},Last,f${f}e${i}@example.com`),
      ...Array.from({ length: bad }, (_, i) => `bad${i},${MARK}-bad,Row,not-an-email-${MARK}`),
    ].join("\n") + "\n"
  );
};

describe("encryption at rest and retention on PostgreSQL", () => {
  let t: TestServer;
  let ws: TestWorkspace;
  const cli = () => distFile("cli.js");
  const sql = () => t.server.db.sql;

  // an API process that runs no imports: jobs stay QUEUED until a worker of the test's own takes them
  beforeAll(async () => {
    t = await startTestServer({ importWorkers: 0 });
    ws = await t.workspace("sealed");
  });
  afterAll(async () => {
    await t?.stop();
  });

  const queue = (content: string, input: Record<string, unknown> = {}) =>
    startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER", ...input }, { name: "c.csv", content });
  const chunksOf = (jobId: string) =>
    sql().query<{ seq: number; data: Uint8Array; sealed: boolean }>(`select seq, data, sealed from import_file_chunk where job_id = $1 order by seq`, [
      rowIdOfOrThrow(jobId, "ImportJob"),
    ]);
  const runWorkerUntil = async (jobId: string, env: Record<string, string> = {}) => {
    const worker = spawnWorker(t.databaseUrl, env);
    try {
      return await waitForJob(t, ws.keys.IMPORTER, jobId);
    } finally {
      worker.kill("SIGTERM");
      await exited(worker);
    }
  };

  it("stores an upload's chunks sealed under the current key, and deletes them when the job completes", async () => {
    const id = await queue(csv(50));
    const chunks = await chunksOf(id);
    expect(chunks.length).toBeGreaterThan(0);
    for (const c of chunks) {
      expect(c.sealed).toBe(true);
      expect(Buffer.from(c.data).includes(MARK)).toBe(false);
      expect(Buffer.from(c.data).subarray(2, 6).toString("hex")).toBe(idOf(OLD_KEY));
    }
    const job = await runWorkerUntil(id);
    expect(job).toMatchObject({ status: "COMPLETED", insertedCount: 50, failedCount: 1 });
    expect(await chunksOf(id)).toEqual([]);

    // the bad row's cells are sealed too, and the error report opens them
    const [stored] = await sql().query<{ raw: string[] | null; raw_sealed: Uint8Array | null; value: string }>(
      `select raw, raw_sealed, value from import_row_error where job_id = $1 and raw_sealed is not null`,
      [rowIdOfOrThrow(id, "ImportJob")],
    );
    expect(stored!.raw).toBeNull();
    expect(Buffer.from(stored!.raw_sealed!).includes(MARK)).toBe(false);
    const report = await fetch(job.errorReportUrl.startsWith("http") ? job.errorReportUrl : `${t.url}${job.errorReportUrl}`, {
      headers: { authorization: `Bearer ${ws.keys.VIEWER}` },
    });
    expect(report.status).toBe(200);
    expect(await report.text()).toContain(`bad0,${MARK}-bad,Row,not-an-email-${MARK}`);
  }, 60_000);

  it("fails a job whose stored chunk was altered with CIPHERTEXT_TAMPERED, and deletes its chunks", async () => {
    const id = await queue(csv(20, 0));
    const rowId = rowIdOfOrThrow(id, "ImportJob");
    // one bit of the ciphertext flipped, as a disk or a person with database access might
    await sql().query(
      `update import_file_chunk set data = overlay(data placing decode(lpad(to_hex(get_byte(data, 30) # 1), 2, '0'), 'hex') from 31 for 1) where job_id = $1 and seq = 0`,
      [rowId],
    );
    const job = await runWorkerUntil(id);
    expect(job.status).toBe("FAILED");
    expect(job.errorCode).toBe("CIPHERTEXT_TAMPERED");
    expect(job.errorMessage).not.toContain(MARK);
    expect(job.insertedCount).toBe(0);
    expect(await chunksOf(id)).toEqual([]);
  }, 60_000);

  it("deletes the chunks of a job cancelled while queued, and of one cancelled while running", async () => {
    const queued = await queue(csv(5, 0));
    expect((await chunksOf(queued)).length).toBeGreaterThan(0);
    const cancel = `mutation ($id: ID!) { cancelImport(input: { id: $id }) { job { status } userErrors { code } } }`;
    const { body } = await t.gql(ws.keys.IMPORTER, cancel, { id: queued });
    expect(body.data.cancelImport.job.status).toBe("CANCELLED");
    expect(await chunksOf(queued)).toEqual([]);

    // a cancel asked for as a worker claims the job: it stops after its first batch
    const running = await queue(csv(5000, 0));
    await sql().query(`update import_job set cancel_requested_at = now() where id = $1`, [rowIdOfOrThrow(running, "ImportJob")]);
    const job = await runWorkerUntil(running);
    expect(job.status).toBe("CANCELLED");
    expect(await chunksOf(running)).toEqual([]);
  }, 60_000);

  it("refuses to start a worker or an API process without the key, or with another key, with a coded message", async () => {
    const missing = await runNode(distFile("worker.js"), [], { DATABASE_URL: t.databaseUrl, DATA_ENCRYPTION_KEY: "", LOG_LEVEL: "silent" });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^Could not start \(DATA_KEY_MISSING\): DATABASE_URL is set but no data key is: set DATA_ENCRYPTION_KEY/);

    const other = crypto.randomBytes(32).toString("base64");
    const wrong = await runNode(distFile("main.js"), [], {
      DATABASE_URL: t.databaseUrl,
      DATA_ENCRYPTION_KEY: other,
      PORT: "0",
      LOG_LEVEL: "silent",
      IMPORT_WORKERS: "0",
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(
      `Could not start (DATA_KEY_UNKNOWN): This database holds data sealed under data key ${idOf(OLD_KEY)}, which is not among the configured keys (${idOf(other)})`,
    );
    expect(wrong.stderr).not.toContain(other);

    const malformed = await runNode(distFile("worker.js"), [], { DATABASE_URL: t.databaseUrl, DATA_ENCRYPTION_KEY: "c2hvcnQ=", LOG_LEVEL: "silent" });
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toMatch(/\(DATA_KEY_INVALID\): DATA_ENCRYPTION_KEY: key 1 is not 32 bytes in base64/);

    // the database's check value for the key altered: the key is not taken for the right one
    const [saved] = await sql().query<{ canary: Uint8Array }>(`select canary from data_key where key_id = $1`, [idOf(OLD_KEY)]);
    await sql().query(`update data_key set canary = $2 where key_id = $1`, [
      idOf(OLD_KEY),
      Buffer.concat([Buffer.from(saved!.canary).subarray(0, 30), Buffer.alloc(saved!.canary.length - 30)]),
    ]);
    try {
      const altered = await runNode(distFile("worker.js"), [], { DATABASE_URL: t.databaseUrl, LOG_LEVEL: "silent" });
      expect(altered.code).toBe(1);
      expect(altered.stderr).toContain(
        `Could not start (DATA_KEY_WRONG): The configured key with id ${idOf(OLD_KEY)} does not open this database's check value`,
      );
    } finally {
      await sql().query(`update data_key set canary = $2 where key_id = $1`, [idOf(OLD_KEY), saved!.canary]);
    }
  }, 60_000);

  it("rotates keys with data present: the old key listed second still opens, keys rotate re-seals, then the old key can go", async () => {
    const pending = await queue(csv(30));
    const both = `${NEW_KEY},${OLD_KEY}`;
    // an API process with the new key first opens what the old key sealed: the first job's error report
    const api = await spawnApi({ DATABASE_URL: t.databaseUrl, DATA_ENCRYPTION_KEY: both, IMPORT_WORKERS: "0" });
    try {
      const { body } = await t.gql(ws.keys.VIEWER, `{ importJobs(first: 50) { edges { node { id failedCount } } } }`);
      const first = body.data.importJobs.edges.map((e: any) => e.node).findLast((j: any) => j.failedCount > 0);
      const report = await fetch(`${api.url}/import-jobs/${first.id}/errors.csv`, { headers: { authorization: `Bearer ${ws.keys.VIEWER}` } });
      expect(report.status).toBe(200);
      expect(await report.text()).toContain(`not-an-email-${MARK}`);
    } finally {
      await api.stop();
    }
    const rotated = await runNode(cli(), ["keys", "rotate"], { DATABASE_URL: t.databaseUrl, DATA_ENCRYPTION_KEY: both });
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout).toMatch(new RegExp(`Re-sealed under data key ${idOf(NEW_KEY)}: [1-9]\\d* in import_file_chunk, [1-9]\\d* in import_row_error`));
    expect(rotated.stdout).toContain(`Nothing is sealed under ${idOf(OLD_KEY)} any more`);
    for (const c of await chunksOf(pending)) expect(Buffer.from(c.data).subarray(2, 6).toString("hex")).toBe(idOf(NEW_KEY));
    const keyIds = await sql().query<{ key_id: string }>(`select key_id from data_key`);
    expect(keyIds.map((k) => k.key_id)).toEqual([idOf(NEW_KEY)]);

    // the old key alone is refused now; the new key alone runs the job and opens the old job's rows
    const old = await runNode(distFile("worker.js"), [], { DATABASE_URL: t.databaseUrl, DATA_ENCRYPTION_KEY: OLD_KEY, LOG_LEVEL: "silent" });
    expect(old.stderr).toContain("(DATA_KEY_UNKNOWN)");
    const job = await runWorkerUntil(pending, { DATA_ENCRYPTION_KEY: NEW_KEY });
    expect(job).toMatchObject({ status: "COMPLETED", insertedCount: 30, failedCount: 1 });
    const rows = await sql().query<{ job_id: string; row: number; raw_sealed: Uint8Array }>(
      `select job_id, "row", raw_sealed from import_row_error where raw_sealed is not null`,
    );
    expect(rows.length).toBeGreaterThan(1);
    for (const r of rows) expect(Buffer.from(r.raw_sealed).subarray(2, 6).toString("hex")).toBe(idOf(NEW_KEY));
  }, 120_000);

  it("purges a job's details RETENTION_DAYS after it finished, says so, and keeps what revert needs", async () => {
    const { body } = await t.gql(ws.keys.VIEWER, `{ importJobs(first: 50) { edges { node { id status finishedAt detailsExpiredAt } } } }`);
    const done = body.data.importJobs.edges.map((e: any) => e.node).find((j: any) => j.status === "COMPLETED")!;
    expect(done.detailsExpiredAt).toBeNull();
    const rowId = rowIdOfOrThrow(done.id, "ImportJob");
    const count = async (table: string) => Number((await sql().query<{ n: string }>(`select count(*) as n from ${table} where job_id = $1`, [rowId]))[0]!.n);
    expect(await count("import_row_error")).toBeGreaterThan(0);
    expect(await count("import_row_outcome")).toBeGreaterThan(0);
    const changes = await count("import_change");
    // a graph job's customer keys, as one that failed before it could delete them leaves them
    await sql().query(`insert into import_graph_key (workspace_id, job_id, key, refused) values ($1, $2, 'x:left-behind', false)`, [ws.id, rowId]);
    expect(await count("import_graph_key")).toBe(1);

    const finished = new Date(done.finishedAt).getTime();
    const day = 86_400_000;
    expect(await purgeExpiredJobDetails(sql(), { now: new Date(finished + 29 * day), retentionDays: 30 })).toEqual([]);
    const now = new Date(finished + 30 * day + 1000);
    expect(await purgeExpiredJobDetails(sql(), { now, retentionDays: 30 })).toContain(rowId);
    expect(await count("import_row_error")).toBe(0);
    expect(await count("import_row_outcome")).toBe(0);
    expect(await count("import_graph_key")).toBe(0);
    expect(await count("import_change")).toBe(changes);

    const after = await t.gql(
      ws.keys.VIEWER,
      `query ($id: ID!) { importJob(id: $id) { status insertedCount failedCount detailsExpiredAt errorReportUrl resultsUrl
      errors(first: 5) { totalCount } } }`,
      { id: done.id },
    );
    expect(after.body.data.importJob).toMatchObject({
      status: "COMPLETED",
      detailsExpiredAt: now.toISOString(),
      errorReportUrl: null,
      resultsUrl: null,
      errors: { totalCount: 0 },
    });
    expect(after.body.data.importJob.insertedCount).toBeGreaterThan(0);
    for (const path of [`/import-jobs/${done.id}/errors.csv`, `/imports/${done.id}/results.csv`]) {
      const res = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${ws.keys.VIEWER}` } });
      expect(res.status).toBe(410);
      expect(((await res.json()) as any).errors[0].extensions.code).toBe("DETAILS_EXPIRED");
    }
    const revert = await t.gql(ws.keys.IMPORTER, `mutation ($id: ID!) { revertImport(input: { id: $id }) { job { status } userErrors { code } } }`, {
      id: done.id,
    });
    expect(revert.body.data.revertImport).toMatchObject({ job: { status: "REVERTED" }, userErrors: [] });
    // a second sweep finds nothing more to do
    expect(await purgeExpiredJobDetails(sql(), { now, retentionDays: 30 })).not.toContain(rowId);
  }, 60_000);

  it("the worker's sweep purges at start with RETENTION_DAYS=0", async () => {
    // this file's API process still seals under the old key it started with: the worker needs both
    const id = await queue(csv(10));
    expect(await runWorkerUntil(id, { DATA_ENCRYPTION_KEY: `${NEW_KEY},${OLD_KEY}` })).toMatchObject({ status: "COMPLETED", failedCount: 1 });
    const worker = spawnWorker(t.databaseUrl, { RETENTION_DAYS: "0", DATA_ENCRYPTION_KEY: NEW_KEY });
    try {
      for (;;) {
        const { body: b } = await t.gql(ws.keys.VIEWER, `query ($id: ID!) { importJob(id: $id) { detailsExpiredAt } }`, { id });
        if (b.data.importJob.detailsExpiredAt) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      worker.kill("SIGTERM");
      await exited(worker);
    }
    const rows = await sql().query<{ n: string }>(`select count(*) as n from import_row_error`);
    expect(Number(rows[0]!.n)).toBe(0);
  }, 60_000);
});
