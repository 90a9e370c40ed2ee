import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { distFile, freePort, startNode, type Running } from "../helpers/spawn-node.js";
import { labelValues, sampleValue } from "../helpers/prometheus-text.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { jobErrors, startImport, waitForJob } from "../helpers/upload.js";

const TOKEN = "metrics-test-token-4f1d";

let t: TestServer;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await startTestServer({ metricsToken: TOKEN, metricsPort: 0 });
  ws = await t.workspace("metrics");
});
afterAll(async () => t?.stop());

const scrape = async (url: string, token: string | null = TOKEN): Promise<string> => {
  const res = await fetch(`${url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
};

// three bad emails and one row without an id among six
const CSV = ["id,email", "a1,a1@example.com", "a2,bad-email", "a3,a3@example.com", "a4,also bad", "a5,nope@", ",nobody@example.com"].join("\n");

describe("GET /metrics with METRICS_TOKEN", () => {
  it("refuses a request without the token, or with another one, with a coded 401", async () => {
    for (const headers of [{}, { authorization: `Bearer ${TOKEN}x` }, { authorization: "Bearer " }, { authorization: TOKEN }]) {
      const res = await fetch(`${t.url}/metrics`, { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(((await res.json()) as any).errors[0].extensions.code).toBe("UNAUTHENTICATED");
    }
  });

  it("an API key is not the metrics token", async () => {
    const res = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${ws.keys.ADMIN}` } });
    expect(res.status).toBe(401);
  });

  it("serves the default process metrics, the pools and the queue", async () => {
    const text = await scrape(t.url);
    expect(text).toContain("# TYPE process_cpu_user_seconds_total counter");
    expect(text).toContain("# TYPE nodejs_eventloop_lag_seconds gauge");
    expect(labelValues(text, "crm_pg_pool_connections", "pool")).toEqual(["main", "scoped"]);
    expect(text).toMatch(/^crm_imports\{status="QUEUED"\} \d+$/m);
    expect(text).toMatch(/^crm_import_queue_lag_seconds \d/m);
    expect(text).toMatch(/^crm_request_gate_queued 0$/m);
  });

  it("after an import, the rows, the row errors by code, the finished job and its duration have moved", async () => {
    const before = await scrape(t.url);
    const jobId = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "m.csv", content: CSV });
    const job = await waitForJob(t, ws.keys.IMPORTER, jobId);
    expect(job.status).toBe("COMPLETED");
    const codes = new Map<string, number>();
    for (const e of await jobErrors(t, ws.keys.IMPORTER, jobId)) codes.set(e.code, (codes.get(e.code) ?? 0) + 1);
    expect(codes.get("INVALID_EMAIL")).toBe(3);
    // the worker counts the job just after its status turned COMPLETED: wait for that scrape
    let after = await scrape(t.url);
    for (
      let i = 0;
      i < 50 &&
      sampleValue(after, "crm_imports_finished_total", { status: "COMPLETED" }) === sampleValue(before, "crm_imports_finished_total", { status: "COMPLETED" });
      i++
    ) {
      await new Promise((r) => setTimeout(r, 50));
      after = await scrape(t.url);
    }
    const delta = (name: string, labels: Record<string, string> = {}) => sampleValue(after, name, labels) - sampleValue(before, name, labels);
    expect(delta("crm_import_rows_processed_total", { entity: "CUSTOMER" })).toBe(job.processedRows);
    expect(job.processedRows).toBe(6);
    for (const [code, n] of codes) expect(delta("crm_import_row_errors_total", { code }), code).toBe(n);
    expect(delta("crm_import_row_errors_total")).toBe([...codes.values()].reduce((a, b) => a + b, 0));
    expect(delta("crm_imports_finished_total", { status: "COMPLETED" })).toBe(1);
    expect(delta("crm_imports_finished_total", { status: "FAILED" })).toBe(0);
    expect(delta("crm_import_job_duration_seconds_count", { status: "COMPLETED" })).toBe(1);
  });

  it("counts a graph import's records under each entity it wrote", async () => {
    const before = await scrape(t.url);
    const graph = JSON.stringify([
      {
        id: "GM1",
        email: "gm1@example.com",
        orders: [
          { id: "GO1", amount: "5", currency: "EUR", date: "2024-01-02" },
          { id: "GO2", amount: "x", currency: "EUR", date: "2024-01-03" },
        ],
      },
    ]);
    const jobId = await startImport(t, ws.keys.IMPORTER, { entity: "GRAPH" }, { name: "g.json", content: graph });
    expect((await waitForJob(t, ws.keys.IMPORTER, jobId)).processedRows).toBe(3);
    let after = await scrape(t.url);
    for (
      let i = 0;
      i < 50 &&
      sampleValue(after, "crm_import_rows_processed_total", { entity: "TRANSACTION" }) ===
        sampleValue(before, "crm_import_rows_processed_total", { entity: "TRANSACTION" });
      i++
    ) {
      await new Promise((r) => setTimeout(r, 50));
      after = await scrape(t.url);
    }
    const delta = (name: string, labels: Record<string, string> = {}) => sampleValue(after, name, labels) - sampleValue(before, name, labels);
    expect(delta("crm_import_rows_processed_total", { entity: "CUSTOMER" })).toBe(1);
    expect(delta("crm_import_rows_processed_total", { entity: "TRANSACTION" })).toBe(2);
    expect(delta("crm_import_rows_processed_total", { entity: "GRAPH" })).toBe(0);
    expect(delta("crm_import_row_errors_total", { code: "INVALID_NUMBER" })).toBe(1);
  });

  it("labels GraphQL requests by the schema's root field, never by the name a client sends", async () => {
    await t.gql(ws.keys.VIEWER, "query MyOwnName_12345 { customers { totalCount } }");
    await t.gql(ws.keys.VIEWER, "{ __typename }");
    await t.gql(ws.keys.VIEWER, "{ noSuchField }");
    const text = await scrape(t.url);
    const operations = labelValues(text, "crm_graphql_request_duration_seconds_count", "operation");
    expect(operations).toEqual(expect.arrayContaining(["customers", "startImport", "importJob", "anonymous"]));
    expect(text).not.toContain("MyOwnName_12345");
    expect(text).not.toContain("noSuchField");
    expect(sampleValue(text, "crm_graphql_request_duration_seconds_count", { operation: "customers", type: "query", outcome: "ok" })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(text, "crm_graphql_request_duration_seconds_count", { operation: "startImport", type: "mutation" })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(text, "crm_http_request_duration_seconds_count", { method: "POST", route: "/graphql", status: "200" })).toBeGreaterThanOrEqual(3);
    expect(sampleValue(text, "crm_http_request_duration_seconds_count", { route: "/metrics", status: "401" })).toBeGreaterThanOrEqual(4);
  });

  it("serves the same registry on METRICS_PORT without a token, and nothing else there", async () => {
    const port = t.server.metricsPort!;
    const text = await scrape(`http://127.0.0.1:${port}`, null);
    expect(text).toContain("crm_import_rows_processed_total");
    expect((await fetch(`http://127.0.0.1:${port}/graphql`)).status).toBe(404);
  });
});

describe("GET /metrics when off", () => {
  let off: TestServer;
  let worker: Running | null = null;
  beforeAll(async () => {
    off = await startTestServer({ importWorkers: 0 });
  });
  afterAll(async () => {
    worker?.child.kill("SIGTERM");
    if (worker) await worker.exited;
    await off?.stop();
  });

  it("answers 404 with no token and no port set", async () => {
    const res = await fetch(`${off.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(404);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe("NOT_FOUND");
  });

  it("a worker process serves its own on METRICS_PORT, with the jobs it ran", async () => {
    const port = await freePort();
    worker = startNode(distFile("worker.js"), [], {
      DATABASE_URL: off.databaseUrl,
      METRICS_PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      IMPORT_POLL_MS: "100",
    });
    const url = `http://127.0.0.1:${port}`;
    const read = async (): Promise<string | null> => {
      try {
        return await scrape(url, null);
      } catch {
        return null;
      }
    };
    let text: string | null = null;
    for (let i = 0; i < 200 && text === null; i++) {
      text = await read();
      if (text === null) await new Promise((r) => setTimeout(r, 50));
    }
    expect(text, worker.stderr()).toContain("process_cpu_user_seconds_total");
    const key = (await off.workspace("metrics-worker")).keys.IMPORTER;
    const jobId = await startImport(off, key, { entity: "CUSTOMER" }, { name: "w.csv", content: "id,email\nw1,w1@example.com\nw2,bad\n" });
    expect((await waitForJob(off, key, jobId)).status).toBe("COMPLETED");
    for (let i = 0; i < 50 && sampleValue(text!, "crm_imports_finished_total", { status: "COMPLETED" }) === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      text = await scrape(url, null);
    }
    expect(sampleValue(text!, "crm_imports_finished_total", { status: "COMPLETED" })).toBe(1);
    expect(sampleValue(text!, "crm_import_rows_processed_total", { entity: "CUSTOMER" })).toBe(2);
    expect(sampleValue(text!, "crm_import_row_errors_total", { code: "INVALID_EMAIL" })).toBe(1);
  });
});
