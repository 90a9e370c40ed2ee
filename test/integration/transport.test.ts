import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/entities/database.js";
import type { SqlClient } from "../../src/entities/sql-client.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";

let t: TestServer;
let ws: TestWorkspace;
const ALLOWED_ORIGIN = "https://app.example";

beforeAll(async () => {
  // no import worker: one test makes every statement fail for a moment
  t = await startTestServer({ corsOrigins: [ALLOWED_ORIGIN], importWorkers: 0 });
  ws = await t.workspace("transport");
});
afterAll(async () => t?.stop());

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${t.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${ws.keys.VIEWER}`, ...headers },
    body,
  });

/** The response as JSON, after checking it is JSON with a coded error and nothing internal. */
const codedError = async (res: Response) => {
  expect(res.headers.get("content-type")).toMatch(/json/);
  const body = (await res.json()) as any;
  expect(body.errors?.[0]?.extensions?.code, JSON.stringify(body)).toBeTypeOf("string");
  expect(body.errors[0].extensions.code).not.toBe("INTERNAL_SERVER_ERROR");
  expect(JSON.stringify(body)).not.toMatch(/stacktrace|node_modules|\.ts:\d+/);
  return { status: res.status, code: body.errors[0].extensions.code as string, message: body.errors[0].message as string, body };
};

describe("health", () => {
  it("GET /healthz answers without a key", async () => {
    const res = await fetch(`${t.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("GET /readyz says ready once migrations are applied", async () => {
    const res = await fetch(`${t.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ready" });
  });
});

describe("errors", () => {
  it("masks internal errors: a code, a fixed message, no detail and no stack", async () => {
    // every statement of the request fails, as when the database goes away mid-request
    const db = t.server.db as { scoped: Database["scoped"] };
    const original = db.scoped;
    const broken = () => Promise.reject(new Error("connection to 10.1.2.3 lost: secret detail"));
    db.scoped = () => ({ query: broken, transaction: broken }) as SqlClient;
    try {
      const res = await post(JSON.stringify({ query: "{ customers { totalCount } }" }));
      const body = (await res.json()) as any;
      expect(body.errors).toHaveLength(1);
      expect(body.errors[0].message).toBe("Internal server error");
      expect(body.errors[0].extensions).toEqual({ code: "INTERNAL_SERVER_ERROR" });
      expect(JSON.stringify(body)).not.toMatch(/secret|10\.1\.2\.3|stack/);
    } finally {
      db.scoped = original;
    }
  });

  it("shows no stack trace on coded errors either", async () => {
    const { code, body } = await codedError(await post(JSON.stringify({ query: "{ customers(first: 5000) { totalCount } }" })));
    expect(code).toBe("BAD_USER_INPUT");
    expect(body.errors[0].extensions.stacktrace).toBeUndefined();
  });

  it("answers introspection to a caller with a key, and nothing without one", async () => {
    const res = await post(JSON.stringify({ query: "{ __schema { queryType { name } } }" }));
    expect(await res.json()).toEqual({ data: { __schema: { queryType: { name: "Query" } } } });
    const anonymous = await post(JSON.stringify({ query: "{ __schema { queryType { name } } }" }), { authorization: "" });
    expect(anonymous.status).toBe(401);
    expect((await codedError(anonymous)).code).toBe("UNAUTHENTICATED");
  });

  it("does not suggest field names to a caller who guesses", async () => {
    const { code, message } = await codedError(await post(JSON.stringify({ query: "{ customerz { totalCount } }" })));
    expect(code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(message).not.toMatch(/did you mean/i);
  });

  it("a query that does not parse is a coded 400", async () => {
    const { status, code } = await codedError(await post(JSON.stringify({ query: "{ customers { " })));
    expect(status).toBe(400);
    expect(code).toBe("GRAPHQL_PARSE_FAILED");
  });
});

describe("HTTP edges", () => {
  it.each([
    ["GET", "/nope"],
    ["GET", "/export/secrets.txt"],
    ["DELETE", "/"],
  ])("%s %s is a coded 404 in JSON", async (method, route) => {
    const res = await fetch(`${t.url}${route}`, { method, headers: { authorization: `Bearer ${ws.keys.VIEWER}` } });
    const { status, code } = await codedError(res);
    expect(status).toBe(404);
    expect(code).toBe("NOT_FOUND");
  });

  it("malformed JSON is a coded 400", async () => {
    const { status, code } = await codedError(await post('{"query": "{ customers { totalCount } }"'));
    expect(status).toBe(400);
    expect(code).toBe("BAD_USER_INPUT");
  });

  it("a JSON body over the limit is PAYLOAD_TOO_LARGE, not a 500", async () => {
    const big = JSON.stringify({ query: "{ customers { totalCount } }", variables: { pad: "x".repeat(2 * 1024 * 1024) } });
    const { status, code } = await codedError(await post(big));
    expect(status).toBe(413);
    expect(code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("a large body without a key is refused as UNAUTHENTICATED before it is read", async () => {
    const big = JSON.stringify({ query: "{ customers { totalCount } }", variables: { pad: "x".repeat(2 * 1024 * 1024) } });
    const { status, code } = await codedError(await post(big, { authorization: "" }));
    expect(status).toBe(401);
    expect(code).toBe("UNAUTHENTICATED");
  });

  it("a plain-text POST is blocked by CSRF prevention with a coded error", async () => {
    const res = await post(JSON.stringify({ query: "{ customers { totalCount } }" }), { "content-type": "text/plain" });
    const { status, code, body } = await codedError(res);
    expect(status).toBe(400);
    expect(code).toBe("BAD_REQUEST");
    expect(body.data).toBeUndefined();
  });

  it("allows the configured browser origin and no other", async () => {
    const preflight = (origin: string) =>
      fetch(`${t.url}/graphql`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type" },
      });
    const allowed = await preflight(ALLOWED_ORIGIN);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
    const other = await preflight("https://evil.example");
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });
});
