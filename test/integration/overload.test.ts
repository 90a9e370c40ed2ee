import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleValue } from "../helpers/prometheus-text.js";
import { seedCustomer } from "../helpers/seed.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";

let t: TestServer;
let ws: TestWorkspace;

beforeAll(async () => {
  // one request at a time and no line behind it: the second request at once is one too many
  t = await startTestServer({ importWorkers: 0, graphqlMaxConcurrent: 1, graphqlMaxQueued: 0, metricsPort: 0 });
  ws = await t.workspace("overload");
  await seedCustomer(t.server.db.sql, ws.id, { externalId: "O-1" });
});
afterAll(async () => t?.stop());

const QUERY = JSON.stringify({ query: "{ customers(first: 5) { edges { node { externalId } } } }" });

/** A request that holds its place in the server: its body arrives only when `finish` is called. */
const slowRequest = (key: string) => {
  const url = new URL(`${t.url}/graphql`);
  const cut = 10;
  let answer!: Promise<{ status: number; body: any }>;
  const req = http.request({
    host: url.hostname,
    port: url.port,
    path: url.pathname,
    method: "POST",
    headers: { "content-type": "application/json", "content-length": Buffer.byteLength(QUERY), authorization: `Bearer ${key}` },
  });
  answer = new Promise((resolve, reject) => {
    req.on("response", (res) => {
      let text = "";
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    req.on("error", reject);
  });
  req.write(QUERY.slice(0, cut));
  return { answer, finish: () => req.end(QUERY.slice(cut)) };
};

const query = () =>
  fetch(`${t.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${ws.keys.VIEWER}` },
    body: QUERY,
  });

describe("a process with more GraphQL requests than it takes on", () => {
  it("refuses the one too many at once with 503 OVERLOADED and Retry-After, and serves the one it took", async () => {
    const held = slowRequest(ws.keys.VIEWER);
    // until the held request has its place, a probe is let through (and answered); then it is refused
    let refused: Response | null = null;
    for (let attempt = 0; attempt < 200 && !refused; attempt++) {
      const res = await query();
      if (res.status === 503) refused = res;
      else expect(res.status).toBe(200);
    }
    expect(refused?.status).toBe(503);
    expect(refused!.headers.get("retry-after")).toBe("1");
    expect(await refused!.json()).toEqual({
      errors: [{ message: expect.stringMatching(/busy/i), extensions: { code: "OVERLOADED", retryAfterSeconds: 1 } }],
    });

    held.finish();
    const answer = await held.answer;
    expect(answer.status).toBe(200);
    expect(answer.body.data.customers.edges).toEqual([{ node: { externalId: "O-1" } }]);
    // the place is given back: the next request is served
    expect((await query()).status).toBe(200);
  });

  it("gives the place back when the caller of the request holding it hangs up", async () => {
    const url = new URL(`${t.url}/graphql`);
    const req = http.request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: "POST",
      headers: { "content-type": "application/json", "content-length": 1000, authorization: `Bearer ${ws.keys.VIEWER}` },
    });
    req.on("error", () => {});
    req.write("{");
    let refusedOnce = false;
    for (let attempt = 0; attempt < 200 && !refusedOnce; attempt++) refusedOnce = (await query()).status === 503;
    expect(refusedOnce).toBe(true);
    req.destroy();
    let served = false;
    for (let attempt = 0; attempt < 200 && !served; attempt++) served = (await query()).status === 200;
    expect(served).toBe(true);
  });

  it("shows in the metrics: the request holding the place, and each refusal", async () => {
    const metrics = async () => (await fetch(`http://127.0.0.1:${t.server.metricsPort}/metrics`)).text();
    const refusedBefore = sampleValue(await metrics(), "crm_request_gate_refused_total");
    const held = slowRequest(ws.keys.VIEWER);
    // the gauge itself says when the held request has its place
    for (let attempt = 0; attempt < 200 && sampleValue(await metrics(), "crm_request_gate_active") !== 1; attempt++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    let refusals = 0;
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 200 && refusals < 3; attempt++) {
      const status = (await query()).status;
      statuses.push(status);
      if (status === 503) refusals++;
    }
    expect(refusals, statuses.join(",")).toBe(3);
    const during = await metrics();
    expect(sampleValue(during, "crm_request_gate_active")).toBe(1);
    expect(sampleValue(during, "crm_request_gate_queued")).toBe(0);
    expect(sampleValue(during, "crm_request_gate_refused_total") - refusedBefore).toBe(3);
    held.finish();
    expect((await held.answer).status).toBe(200);
    expect(sampleValue(await metrics(), "crm_request_gate_active")).toBe(0);
  });
});
