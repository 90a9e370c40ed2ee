import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, ensureWorkspace } from "../../src/services/api-key.service.js";
import { distFile, freePort, startNode, type Running } from "../helpers/spawn-node.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";
import { startImport, waitForJob } from "../helpers/upload.js";
import { collect, wsClient } from "../helpers/ws-client.js";

// values that must never reach the log
const BAD_EMAIL = "grace.hopper.at.navy.mil";
const NAME = "Hopperwitz";
const PHONE = "+442079460958";

let db: TestServer;
let api: Running;
let url: string;
let key: string;
let log = "";

beforeAll(async () => {
  // the in-process server only prepares the database and the key; the API runs as `node dist/main.js`
  db = await startTestServer({ importWorkers: 0 });
  key = (await createApiKey(db.server.db.sql, await ensureWorkspace(db.server.db.sql, "logs"), "ADMIN", "logs")).key;
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  api = startNode(distFile("main.js"), [], {
    DATABASE_URL: db.databaseUrl,
    PORT: String(port),
    HOST: "127.0.0.1",
    NODE_ENV: "production",
    LOG_LEVEL: "debug",
    IMPORT_WORKERS: "1",
  });
  const until = Date.now() + 60_000;
  while (
    !(await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (api.child.exitCode !== null || Date.now() > until) throw new Error(`the API did not start:\n${api.stderr()}`);
    await new Promise((r) => setTimeout(r, 100));
  }

  // a day's traffic: an import with a bad email over HTTP, its progress over WebSocket, an export
  // filtered by a name, a wrong key, a refused upload
  const csv = `id,First Name,Last Name,Email,Phone\nL1,Grace,${NAME},${BAD_EMAIL},${PHONE}\nL2,Ada,Lovelace,ada@example.com,\n`;
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}`, "x-request-id": "trace-42" },
    body: JSON.stringify({ query: "{ customers { totalCount } }" }),
  });
  expect(res.headers.get("x-request-id")).toBe("trace-42");
  const jobId = await startImport({ url } as never, key, { entity: "CUSTOMER" }, { name: `${NAME}.csv`, content: csv });
  const client = wsClient(url, key);
  await collect(client, "subscription ($id: ID!) { importProgress(jobId: $id) { status } }", { id: jobId });
  await client.dispose();
  await waitForJob({ url, gql: gqlAt(url) } as never, key, jobId);
  await fetch(`${url}/export/customers.csv?search=${NAME}&country=GB`, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.text());
  await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer crm_wrong-key-value" }, body: "{}" });

  api.child.kill("SIGTERM");
  await api.exited;
  log = api.stdout() + api.stderr();
});

afterAll(async () => {
  if (api?.child.exitCode === null) api.child.kill("SIGKILL");
  await db?.stop();
});

const gqlAt = (base: string) => async (k: string, query: string, variables?: Record<string, unknown>) => {
  const res = await fetch(`${base}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${k}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as any };
};

const entries = (): any[] =>
  log
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line));

describe("API keys at rest", () => {
  it("are stored only as hashes: no table holds the secret part of a key", async () => {
    const admin = new pg.Client({ connectionString: db.databaseUrl });
    await admin.connect();
    try {
      const tables = await admin.query<{ name: string }>(
        "select quote_ident(table_name) as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'",
      );
      expect(tables.rows.length).toBeGreaterThan(5);
      for (const { name } of tables.rows) {
        const { rows } = await admin.query<{ n: string }>(`select count(*) as n from ${name} t where t::text like '%' || $1 || '%'`, [key.slice(10)]);
        expect(Number(rows[0]!.n), name).toBe(0);
      }
      const stored = await admin.query<{ key_hash: string; prefix: string }>("select key_hash, prefix from api_key where name = 'logs'");
      expect(stored.rows[0]).toEqual({ key_hash: expect.stringMatching(/^[0-9a-f]{64}$/), prefix: key.slice(0, 10) });
    } finally {
      await admin.end();
    }
  });
});

describe("logs", () => {
  it("are JSON lines", () => {
    expect(entries().length).toBeGreaterThan(5);
    for (const line of log.split("\n").filter((l) => l.startsWith("{"))) expect(() => JSON.parse(line)).not.toThrow();
  });

  it("never hold an API key, a bearer header or connection params", () => {
    expect(log).not.toContain(key);
    expect(log).not.toContain(key.slice(4));
    expect(log).not.toContain("crm_wrong-key-value");
    expect(log).not.toMatch(/bearer/i);
    expect(log).not.toMatch(/connectionParams/);
  });

  it("never hold a cell value, a file name or a query string", () => {
    for (const value of [BAD_EMAIL, NAME, PHONE, "ada@example.com", "Lovelace", "search="]) expect(log).not.toContain(value);
  });

  it("log each request once, with its id, method, path, status and duration", () => {
    const requests = entries().filter((e) => e.msg === "request");
    expect(requests.find((e) => e.requestId === "trace-42")).toMatchObject({ method: "POST", path: "/graphql", status: 200, ms: expect.any(Number) });
    expect(requests.find((e) => e.path === "/export/customers.csv")).toMatchObject({ method: "GET", status: 200 });
    expect(requests.find((e) => e.status === 401)).toMatchObject({ path: "/graphql" });
    expect(requests.every((e) => /^[\w.:-]{1,64}$/.test(e.requestId))).toBe(true);
    // the import's own lines carry the request id of the upload
    const queued = entries().find((e) => e.msg === "import queued");
    expect(requests.some((e) => e.requestId === queued.requestId && e.method === "POST")).toBe(true);
  });
});
