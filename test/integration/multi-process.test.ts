import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, ensureWorkspace } from "../../src/services/api-key.service.js";
import { toGlobalId } from "../../src/common/global-id.js";
import { spawnApi } from "../helpers/api-process.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";
import { startImport } from "../helpers/upload.js";
import { collect, wsClient } from "../helpers/ws-client.js";
import { exited, spawnWorker } from "../helpers/worker-process.js";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

let db: TestServer;
let apiA: Awaited<ReturnType<typeof spawnApi>>;
let apiB: Awaited<ReturnType<typeof spawnApi>>;
let worker: ReturnType<typeof spawnWorker>;
let key: string;

beforeAll(async () => {
  // the in-process server only prepares the database; it runs no worker
  db = await startTestServer({ importWorkers: 0 });
  key = (await createApiKey(db.server.db.sql, await ensureWorkspace(db.server.db.sql, "multi"), "IMPORTER", "multi")).key;
  const env = { DATABASE_URL: db.databaseUrl, REDIS_URL, IMPORT_WORKERS: "0" };
  [apiA, apiB] = await Promise.all([spawnApi(env), spawnApi(env)]);
  // the worker polls the queue only every ten minutes: every job here must reach it by the wake-up
  worker = spawnWorker(db.databaseUrl, { REDIS_URL, IMPORT_WORKERS: "1", IMPORT_POLL_MS: "600000" });
});

afterAll(async () => {
  worker?.kill("SIGTERM");
  if (worker) await exited(worker);
  await apiA?.stop();
  await apiB?.stop();
  await db?.stop();
});

describe("two API processes and a worker process on one database and Redis", () => {
  it("a subscriber on the first sees, live, an import started on the second and run by the worker", async () => {
    const lines = ["id,email"];
    for (let i = 1; i <= 20_000; i++) lines.push(`m${i},m${i}@example.com`);
    const jobId = await startImport({ url: apiB.url } as never, key, { entity: "CUSTOMER" }, { name: "multi.csv", content: lines.join("\n") });
    const client = wsClient(apiA.url, key);
    const { events, error } = await collect<any>(client, `subscription ($id: ID!) { importProgress(jobId: $id) { status processedRows rowsPerSecond } }`, {
      id: jobId,
    });
    await client.dispose();
    expect(error).toBeNull();
    expect(events.at(-1).importProgress).toMatchObject({ status: "COMPLETED", processedRows: 20_000 });
    // rates are computed only by the worker: their arrival on another process proves the Redis path
    expect(events.some((e) => e.importProgress.status === "RUNNING" && e.importProgress.rowsPerSecond !== null)).toBe(true);
  });

  it("an idle worker in another process is woken by a job queued on either API, not by its poll", async () => {
    for (const [i, api] of [apiA, apiB].entries()) {
      const jobId = await startImport(
        { url: api.url } as never,
        key,
        { entity: "CUSTOMER" },
        { name: "wake.csv", content: `id,email\nwake-${i},wake-${i}@example.com\n` },
      );
      const client = wsClient(apiA.url, key);
      const { events, error } = await collect<any>(client, `subscription ($id: ID!) { importProgress(jobId: $id) { status processedRows } }`, { id: jobId });
      await client.dispose();
      expect(error).toBeNull();
      expect(events.at(-1).importProgress).toMatchObject({ status: "COMPLETED", processedRows: 1 });
    }
  }, 30_000);

  it("a key revoked on the first process is refused by the second over HTTP and its socket there is closed with 4401", async () => {
    const sql = db.server.db.sql;
    const workspaceId = await ensureWorkspace(sql, "multi");
    const admin = (await createApiKey(sql, workspaceId, "ADMIN", "revoker")).key;
    const victim = await createApiKey(sql, workspaceId, "VIEWER", "victim");
    // the second process caches the key and holds a subscription open with it
    const at = async (url: string, key: string, query: string, variables?: Record<string, unknown>) => {
      const res = await fetch(`${url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    expect((await at(apiB.url, victim.key, "{ viewer { role } }")).status).toBe(200);
    const client = wsClient(apiB.url, victim.key);
    let opened!: () => void;
    const open = new Promise<void>((resolve) => (opened = resolve));
    // a job left RUNNING (no worker holds it): its progress subscription stays open until the socket closes
    const job = await sql.query<{ id: string }>(
      `insert into import_job (workspace_id, entity, mode, dry_run, file_name, format, file_size, file_sha256, mapping, options, match_on, status)
       values ($1, 'CUSTOMER', 'UPSERT', false, 'held.csv', 'CSV', 0, '', '{}', '{}', '{}', 'RUNNING') returning id`,
      [workspaceId],
    );
    const ended = collect<any>(client, "subscription ($id: ID!) { importProgress(jobId: $id) { status } }", { id: toGlobalId("ImportJob", job[0]!.id) }, () =>
      opened(),
    );
    await Promise.race([open, ended]);
    const revoke = await at(apiA.url, admin, "mutation ($id: ID!) { revokeApiKey(input: { id: $id }) { userErrors { code } } }", {
      id: toGlobalId("ApiKey", victim.id),
    });
    expect(revoke.body.data.revokeApiKey.userErrors).toEqual([]);
    const { error } = (await ended) as { error: any };
    expect({ code: error.code, reason: error.reason }).toEqual({ code: 4401, reason: "API key revoked" });
    const refused = await at(apiB.url, victim.key, "{ viewer { role } }");
    expect(refused.status).toBe(401);
    expect(refused.body.errors?.[0].message).toMatch(/revoked/);
    await client.dispose();
  }, 15_000);
});
