import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { spawnApi } from "../helpers/api-process.js";
import { sampleValue } from "../helpers/prometheus-text.js";
import { startThrowawayRedis, type ThrowawayRedis } from "../helpers/redis-server.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { gqlUpload } from "../helpers/upload.js";

/**
 * The upload rate and the WebSocket connections per key, counted in Redis across two API
 * processes, and per process while Redis is away (the documented fallback). The Redis is a
 * redis-server of this test alone (redis-server.ts), stopped and started without touching the
 * machine's shared one.
 */
const RATE = 3;
const MAX_WS = 2;
const METRICS_TOKEN = "shared-limits-metrics";

let t: TestServer;
let redis: ThrowawayRedis;
let apiA: Awaited<ReturnType<typeof spawnApi>>;
let apiB: Awaited<ReturnType<typeof spawnApi>>;

beforeAll(async () => {
  t = await startTestServer({ importWorkers: 0 });
  redis = await startThrowawayRedis();
  const env = {
    DATABASE_URL: t.databaseUrl,
    REDIS_URL: redis.url,
    IMPORT_WORKERS: "0",
    UPLOAD_RATE_LIMIT_PER_MINUTE: String(RATE),
    MAX_WS_CONNECTIONS_PER_KEY: String(MAX_WS),
    METRICS_TOKEN,
  };
  [apiA, apiB] = await Promise.all([spawnApi(env), spawnApi(env)]);
});
afterAll(async () => {
  await apiA?.stop();
  await apiB?.stop();
  await redis?.stop();
  await t?.stop();
});

const PREVIEW = `mutation ($input: PreviewImportInput!) { previewImport(input: $input) { format } }`;
const preview = async (url: string, key: string) =>
  await gqlUpload({ url } as never, key, PREVIEW, { entity: "CUSTOMER" }, { name: "p.csv", content: "id,Email\n1,a@example.com\n" });

/** Opens a graphql-transport-ws connection: "ack", or the close code. */
const handshake = (url: string, key: string): Promise<{ result: string; socket: WebSocket }> =>
  new Promise((resolve) => {
    const socket = new WebSocket(url.replace("http", "ws") + "/graphql", "graphql-transport-ws");
    socket.on("open", () => socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${key}` } })));
    socket.on("message", (data) => {
      if (JSON.parse(String(data)).type === "connection_ack") resolve({ result: "ack", socket });
    });
    socket.on("close", (code) => resolve({ result: String(code), socket }));
    socket.on("error", () => resolve({ result: "refused", socket }));
  });
const closed = (socket: WebSocket) =>
  new Promise<void>((resolve) => (socket.readyState === WebSocket.CLOSED ? resolve() : socket.once("close", () => resolve())));

const fallbacks = async (url: string, limit: string) =>
  sampleValue(await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text(), "crm_limit_fallbacks_total", { limit });

describe("per-key limits across API processes through Redis", () => {
  let ws: TestWorkspace;
  beforeAll(async () => {
    ws = await t.workspace("shared-limits");
  });

  it("counts uploads of one key on both processes together", async () => {
    expect((await preview(apiA.url, ws.keys.VIEWER)).status).toBe(200);
    expect((await preview(apiB.url, ws.keys.VIEWER)).status).toBe(200);
    expect((await preview(apiA.url, ws.keys.VIEWER)).status).toBe(200);
    const refused = await preview(apiB.url, ws.keys.VIEWER);
    expect(refused.status).toBe(429);
    expect(refused.body.errors[0].extensions).toMatchObject({ code: "RATE_LIMITED", retryAfterSeconds: expect.any(Number) });
    expect(refused.body.errors[0].extensions.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(refused.body.errors[0].extensions.retryAfterSeconds).toBeLessThanOrEqual(60);
    // another key has its own count
    expect((await preview(apiB.url, ws.keys.IMPORTER)).status).toBe(200);
  });

  it("counts one key's WebSocket connections on both processes together and frees a place when one closes", async () => {
    const a = await handshake(apiA.url, ws.keys.ADMIN);
    const b = await handshake(apiB.url, ws.keys.ADMIN);
    expect([a.result, b.result]).toEqual(["ack", "ack"]);
    expect((await handshake(apiA.url, ws.keys.ADMIN)).result).toBe("4429");
    expect((await handshake(apiB.url, ws.keys.ADMIN)).result).toBe("4429");
    a.socket.close();
    await closed(a.socket);
    // the place is given back when the server sees the close: try until it has
    let c = await handshake(apiB.url, ws.keys.ADMIN);
    for (let i = 0; i < 50 && c.result === "4429"; i++) {
      await new Promise((r) => setTimeout(r, 50));
      c = await handshake(apiB.url, ws.keys.ADMIN);
    }
    expect(c.result).toBe("ack");
    for (const s of [b, c]) s.socket.close();
    await Promise.all([closed(b.socket), closed(c.socket)]);
  });
});

describe("while Redis is away the limits fall back to each process's own count, and are shared again after", () => {
  let ws: TestWorkspace;
  beforeAll(async () => {
    ws = await t.workspace("shared-limits-outage");
  });

  it("refuses nothing for want of Redis, holds the per-process limit, and counts the fallbacks", async () => {
    await redis.stop();
    try {
      // each process allows the limit on its own: RATE on each, then 429
      for (const api of [apiA, apiB]) {
        for (let i = 0; i < RATE; i++) expect((await preview(api.url, ws.keys.VIEWER)).status).toBe(200);
        expect((await preview(api.url, ws.keys.VIEWER)).status).toBe(429);
      }
      const sockets: WebSocket[] = [];
      for (const api of [apiA, apiB]) {
        for (let i = 0; i < MAX_WS; i++) {
          const h = await handshake(api.url, ws.keys.ADMIN);
          expect(h.result).toBe("ack");
          sockets.push(h.socket);
        }
        expect((await handshake(api.url, ws.keys.ADMIN)).result).toBe("4429");
      }
      expect(await fallbacks(apiA.url, "upload_rate")).toBeGreaterThan(0);
      expect(await fallbacks(apiB.url, "ws_connections")).toBeGreaterThan(0);

      await redis.start();
      // back (an empty Redis): the processes renew the connections they hold into it. With one
      // of A's closed, A alone (one open) and an empty Redis would both let a new one in; only
      // the three still open on both processes, renewed into Redis, refuse it
      const first = sockets.shift()!;
      first.close();
      await closed(first);
      await new Promise((r) => setTimeout(r, 100));
      let h = await handshake(apiA.url, ws.keys.ADMIN);
      // A's own count now lets one in: proof that the place of the closed one was given back
      expect(h.result).toBe("ack");
      for (let i = 0; i < 300 && h.result === "ack"; i++) {
        h.socket.close();
        await closed(h.socket);
        await new Promise((r) => setTimeout(r, 100));
        h = await handshake(apiA.url, ws.keys.ADMIN);
      }
      expect(h.result).toBe("4429");
      expect(apiA.child.exitCode).toBeNull();
      expect(apiB.child.exitCode).toBeNull();
      for (const s of sockets) s.close();
    } finally {
      if (
        !(await fetch(`${apiA.url}/healthz`).then(
          () => true,
          () => false,
        ))
      )
        throw new Error("API A is gone");
    }
  }, 60_000);
});
