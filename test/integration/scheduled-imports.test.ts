import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../../src/server.js";
import { loadConfig } from "../../src/config.js";
import { createApiKey, ensureWorkspace } from "../../src/services/api-key.service.js";
import { createTestDatabase, startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { gqlUpload, waitForJob } from "../helpers/upload.js";
import { collect, wsClient } from "../helpers/ws-client.js";

// workers poll often, so a due job is picked up soon after its time
const POLL_MS = 50;

let t: TestServer;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await startTestServer({ importPollMs: POLL_MS });
  ws = await t.workspace("scheduled");
});
afterAll(async () => t?.stop());

const START = `mutation Start($input: StartImportInput!) {
  startImport(input: $input) { job { id status runAt dryRun } userErrors { field message code } }
}`;
const JOB = `query ($id: ID!) { importJob(id: $id) { id status runAt startedAt finishedAt insertedCount processedRows } }`;
const PROGRESS = `subscription ($jobId: ID!) { importProgress(jobId: $jobId) { status processedRows } }`;

const csv = (prefix: string, n = 3): string => ["id,email", ...Array.from({ length: n }, (_, i) => `${prefix}${i},${prefix}${i}@example.com`)].join("\n");

const inSeconds = (s: number): Date => new Date(Date.now() + s * 1000);

const start = async (server: { url: string }, key: string, runAt: Date | string | null, prefix: string, extra: Record<string, unknown> = {}) => {
  const { status, body } = await gqlUpload(
    server as TestServer,
    key,
    START,
    { entity: "CUSTOMER", options: { runAt: runAt instanceof Date ? runAt.toISOString() : runAt }, ...extra },
    { name: `${prefix}.csv`, content: csv(prefix) },
  );
  expect(status).toBe(200);
  return body.data.startImport as { job: { id: string; status: string; runAt: string | null; dryRun: boolean } | null; userErrors: any[] };
};

/** Polls the job, keeping every status seen before it leaves SCHEDULED. */
const statusesUntilStarted = async (id: string): Promise<string[]> => {
  const seen: string[] = [];
  for (;;) {
    const job = (await t.gql(ws.keys.VIEWER, JOB, { id })).body.data.importJob;
    seen.push(job.status);
    if (job.status !== "SCHEDULED") return seen;
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe("startImport with options.runAt", () => {
  it("keeps the job SCHEDULED, unclaimed, until runAt, then runs it; a subscriber sees SCHEDULED first", async () => {
    const runAt = inSeconds(3);
    const started = await start(t, ws.keys.IMPORTER, runAt, "later");
    expect(started.userErrors).toEqual([]);
    expect(started.job).toMatchObject({ status: "SCHEDULED", runAt: runAt.toISOString() });
    const client = wsClient(t.url, ws.keys.VIEWER);
    const progress = collect<any>(client, PROGRESS, { jobId: started.job!.id });
    const seen = await statusesUntilStarted(started.job!.id);
    expect(seen[0]).toBe("SCHEDULED");
    const job = await waitForJob(t, ws.keys.IMPORTER, started.job!.id);
    expect(job).toMatchObject({ status: "COMPLETED", insertedCount: 3 });
    const stored = (await t.gql(ws.keys.VIEWER, JOB, { id: started.job!.id })).body.data.importJob;
    // the database stamps startedAt when a worker claims the job: never before its time
    expect(new Date(stored.startedAt).getTime()).toBeGreaterThanOrEqual(runAt.getTime());
    const { events, error } = await progress;
    await client.dispose();
    expect(error).toBeNull();
    const statuses = events.map((e) => e.importProgress.status);
    expect(statuses[0]).toBe("SCHEDULED");
    expect(statuses.at(-1)).toBe("COMPLETED");
  });

  it("cancels a scheduled job at once, deletes its file and never runs it", async () => {
    const started = await start(t, ws.keys.IMPORTER, inSeconds(2), "cancelled");
    expect(started.job!.status).toBe("SCHEDULED");
    const { body } = await t.gql(
      ws.keys.IMPORTER,
      `mutation ($id: ID!) { cancelImport(input: { id: $id }) { job { status finishedAt } userErrors { code } } }`,
      { id: started.job!.id },
    );
    expect(body.data.cancelImport).toMatchObject({ job: { status: "CANCELLED" }, userErrors: [] });
    const rowId = (await t.server.db.sql.query<{ id: string }>(`select id from import_job where file_name = 'cancelled.csv'`))[0]!.id;
    const chunks = await t.server.db.sql.query<{ n: number }>(`select count(*)::int as n from import_file_chunk where job_id = $1`, [rowId]);
    expect(chunks[0]!.n).toBe(0);
    // past its time, workers have polled many times and still leave it alone
    for (;;) {
      if (Date.now() > Date.parse(started.job!.runAt!) + 10 * POLL_MS) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const job = (await t.gql(ws.keys.VIEWER, JOB, { id: started.job!.id })).body.data.importJob;
    expect(job).toMatchObject({ status: "CANCELLED", startedAt: null, processedRows: 0 });
  });

  it.each([
    ["in the past", () => new Date(Date.now() - 3_600_000).toISOString()],
    ["now", () => new Date().toISOString()],
  ])("runs a job whose runAt is %s at once", async (_, runAt) => {
    const started = await start(t, ws.keys.IMPORTER, runAt(), `now${Math.random().toString(36).slice(2, 8)}`);
    expect(started.userErrors).toEqual([]);
    expect(started.job!.status).toBe("QUEUED");
    expect(await waitForJob(t, ws.keys.IMPORTER, started.job!.id)).toMatchObject({ status: "COMPLETED", insertedCount: 3 });
  });

  it("refuses a runAt more than a year ahead with INVALID_OPTION, and queues nothing", async () => {
    const before = await t.server.db.sql.query<{ n: number }>(`select count(*)::int as n from import_job`);
    const refused = await start(t, ws.keys.IMPORTER, new Date(Date.now() + 367 * 86_400_000), "tooFar");
    expect(refused.job).toBeNull();
    expect(refused.userErrors).toEqual([{ field: ["input", "options", "runAt"], message: "runAt can be at most a year ahead.", code: "INVALID_OPTION" }]);
    const after = await t.server.db.sql.query<{ n: number }>(`select count(*)::int as n from import_job`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it("accepts a runAt just under a year ahead", async () => {
    const started = await start(t, ws.keys.IMPORTER, new Date(Date.now() + 364 * 86_400_000), "farButFine");
    expect(started.job!.status).toBe("SCHEDULED");
    await t.gql(ws.keys.IMPORTER, `mutation ($id: ID!) { cancelImport(input: { id: $id }) { job { status } } }`, { id: started.job!.id });
  });

  it("refuses runAt where nothing is scheduled: previewImport", async () => {
    const { body } = await gqlUpload(
      t,
      ws.keys.IMPORTER,
      `mutation ($input: PreviewImportInput!) { previewImport(input: $input) { headers } }`,
      { entity: "CUSTOMER", options: { runAt: inSeconds(60).toISOString() } },
      { name: "p.csv", content: csv("p") },
    );
    expect(body.data).toBeNull();
    expect(body.errors[0].message).toBe("runAt applies to startImport only.");
    expect(body.errors[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.options.runAt" });
  });

  it("lists scheduled jobs, dry runs too, by importJobs(status: SCHEDULED)", async () => {
    const other = await t.workspace("scheduled-list");
    const dry = await start(t, other.keys.IMPORTER, inSeconds(3600), "dry", { dryRun: true });
    const real = await start(t, other.keys.IMPORTER, inSeconds(7200), "real");
    const now = await start(t, other.keys.IMPORTER, null, "plain");
    expect(dry.job).toMatchObject({ status: "SCHEDULED", dryRun: true });
    await waitForJob(t, other.keys.IMPORTER, now.job!.id);
    const { body } = await t.gql(other.keys.VIEWER, `{ importJobs(first: 10, status: SCHEDULED) { totalCount edges { node { id status runAt } } } }`);
    const nodes = body.data.importJobs.edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => n.id).sort()).toEqual([dry.job!.id, real.job!.id].sort());
    expect(nodes.every((n: any) => n.status === "SCHEDULED" && n.runAt !== null)).toBe(true);
    expect(body.data.importJobs.totalCount).toBe(2);
  });
});

describe("a scheduled import across a restart", () => {
  it("is still run by a new server on the same database", async () => {
    const db = await createTestDatabase();
    const config = {
      ...loadConfig({ NODE_ENV: "test", DATA_ENCRYPTION_KEY: process.env.DATA_ENCRYPTION_KEY }),
      port: 0,
      host: "127.0.0.1",
      databaseUrl: db.url,
      importPollMs: POLL_MS,
    };
    try {
      const first = await startServer(config);
      const workspaceId = await ensureWorkspace(first.db.sql, "restart");
      const key = (await createApiKey(first.db.sql, workspaceId, "IMPORTER", "restart key")).key;
      const started = await start(first, key, inSeconds(2), "restart");
      expect(started.job!.status).toBe("SCHEDULED");
      await first.stop();

      const second = await startServer(config);
      try {
        const gql = async (id: string) => {
          const res = await fetch(`${second.url}/graphql`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
            body: JSON.stringify({ query: JOB, variables: { id } }),
          });
          return ((await res.json()) as any).data.importJob;
        };
        let job = await gql(started.job!.id);
        while (!["COMPLETED", "FAILED", "CANCELLED"].includes(job.status)) {
          await new Promise((r) => setTimeout(r, 100));
          job = await gql(started.job!.id);
        }
        expect(job).toMatchObject({ status: "COMPLETED", insertedCount: 3 });
      } finally {
        await second.stop();
      }
    } finally {
      await db.drop();
    }
  });
});
