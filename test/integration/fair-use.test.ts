import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_DATABASE_URL, startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { gqlUpload, startImport, waitForJob } from "../helpers/upload.js";

let t: TestServer;
let a: TestWorkspace;
let b: TestWorkspace;
const RATE = 3;

beforeAll(async () => {
  t = await startTestServer({
    logLevel: process.env.TEST_LOG_LEVEL ?? "silent",
    uploadRateLimitPerMinute: RATE,
    maxConcurrentImportsPerWorkspace: 1,
    importWorkers: 3,
  });
  a = await t.workspace("fair-a");
  b = await t.workspace("fair-b");
});
afterAll(async () => t?.stop());

const PREVIEW = `mutation ($input: PreviewImportInput!) { previewImport(input: $input) { format headers } }`;
const preview = (key: string) => gqlUpload(t, key, PREVIEW, { entity: "CUSTOMER" }, { name: "p.csv", content: "id,Email\n1,a@example.com\n" });

const customersCsv = (prefix: string, rows: number): string => {
  const lines = ["id,First Name,Email,City"];
  for (let i = 0; i < rows; i++) lines.push(`${prefix}${i},Name ${i},${prefix}${i}@example.com,City ${i % 50}`);
  return lines.join("\n");
};

describe("upload rate limit per API key", () => {
  it(`allows ${RATE} uploads a minute per key, then answers 429 RATE_LIMITED with a retry hint`, async () => {
    for (let i = 0; i < RATE; i++) expect((await preview(a.keys.VIEWER)).status).toBe(200);
    const res = await fetch(`${t.url}/graphql`, {
      method: "POST",
      headers: { authorization: `Bearer ${a.keys.VIEWER}`, "apollo-require-preflight": "true", "content-type": "multipart/form-data; boundary=x" },
      body: "--x--\r\n",
    });
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await res.json()).toEqual({
      errors: [{ message: expect.stringMatching(/too many uploads/i), extensions: { code: "RATE_LIMITED", retryAfterSeconds: retryAfter } }],
    });
    // other keys, and requests that are not uploads, are not held back
    expect((await preview(a.keys.IMPORTER)).status).toBe(200);
    expect((await t.gql(a.keys.VIEWER, "{ customers { totalCount } }")).status).toBe(200);
  });

  it("refuses before reading the body: the answer comes while the upload is still being sent", async () => {
    const key = b.keys.VIEWER;
    for (let i = 0; i < RATE; i++) await preview(key);
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await new Promise((r) => setImmediate(r));
        sent += 64 * 1024;
        if (sent > 512 * 1024 * 1024) controller.close();
        else controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const res = await fetch(`${t.url}/graphql`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "apollo-require-preflight": "true", "content-type": "multipart/form-data; boundary=x" },
      body: endless,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(429);
    expect(sent).toBeLessThan(512 * 1024 * 1024);
    await res.body?.cancel();
  });
});

describe("concurrent imports per workspace", () => {
  it("runs one workspace's imports one after the other while another workspace's import runs meanwhile", async () => {
    // an uncommitted row with the first import's key makes that import wait at its first batch
    const blocker = new pg.Client({ connectionString: ADMIN_DATABASE_URL.replace(/\/[^/]*$/, new URL(t.databaseUrl).pathname) });
    await blocker.connect();
    await blocker.query("begin");
    await blocker.query("insert into customer (workspace_id, external_id) values ($1, 'a1-0')", [a.id]);
    try {
      const first = await startImport(t, a.keys.ADMIN, { entity: "CUSTOMER" }, { name: "a1.csv", content: customersCsv("a1-", 50) });
      await until(async () => (await status(a, first)) === "RUNNING");
      const second = await startImport(t, a.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "a2.csv", content: customersCsv("a2-", 50) });
      const other = await startImport(t, b.keys.ADMIN, { entity: "CUSTOMER" }, { name: "b1.csv", content: customersCsv("b1-", 50) });

      // workspace B's import runs to its end while workspace A's first one is held and its second waits
      expect(await waitForJob(t, b.keys.ADMIN, other)).toMatchObject({ status: "COMPLETED", insertedCount: 50 });
      await new Promise((r) => setTimeout(r, 300));
      expect([await status(a, first), await status(a, second)]).toEqual(["RUNNING", "QUEUED"]);
      await blocker.query("rollback");

      const [a1, a2] = [await waitForJob(t, a.keys.ADMIN, first), await waitForJob(t, a.keys.ADMIN, second)];
      expect([a1.status, a1.insertedCount, a2.status, a2.insertedCount]).toEqual(["COMPLETED", 50, "COMPLETED", 50]);
      const [t1, t2] = [await times(a, first), await times(a, second)];
      expect(t2.started).toBeGreaterThanOrEqual(t1.finished);
    } finally {
      await blocker.end();
    }
  });
});

const status = async (ws: TestWorkspace, id: string): Promise<string> =>
  (await t.gql(ws.keys.VIEWER, `query ($id: ID!) { importJob(id: $id) { status } }`, { id })).body.data.importJob.status;

const times = async (ws: TestWorkspace, id: string) => {
  const { body } = await t.gql(ws.keys.VIEWER, `query ($id: ID!) { importJob(id: $id) { startedAt finishedAt } }`, { id });
  return { started: Date.parse(body.data.importJob.startedAt), finished: Date.parse(body.data.importJob.finishedAt) };
};

const until = async (check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> => {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 25));
  }
};
