import { buildClientSchema, getIntrospectionQuery, lexicographicSortSchema, printSchema, type IntrospectionQuery } from "graphql";
import { serverAudits } from "graphql-http";
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { wsClient, collect } from "../helpers/ws-client.js";

let t: TestServer;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await startTestServer({ importWorkers: 0 });
  ws = await t.workspace("audits");
});
afterAll(async () => t?.stop());

// the audits' own requests, signed with a key as any real client of this API is
const withKey =
  (key: string) =>
  (input: string | URL | Request, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set("authorization", `Bearer ${key}`);
    return fetch(input, { ...init, headers });
  };

describe("GraphQL over HTTP (graphql-http server audits)", () => {
  const audits = serverAudits({ url: () => `${t.url}/graphql`, fetchFn: (...args: Parameters<typeof fetch>) => withKey(ws.keys.VIEWER)(...args) });

  it.each(audits.filter((a) => a.name.startsWith("MUST")).map((a) => [a.name, a] as const))("%s", async (_name, audit) => {
    const result = await audit.fn();
    expect(result.status, "reason" in result ? String(result.reason) : "").toBe("ok");
  });
});

describe("introspection with a key", () => {
  const checkedIn = fs.readFileSync("schema.graphql", "utf8");
  const asSdl = (data: IntrospectionQuery) => printSchema(lexicographicSortSchema(buildClientSchema(data))) + "\n";

  it("gives the full schema over HTTP, the same as schema.graphql", async () => {
    const { body } = await t.gql(ws.keys.VIEWER, getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, specifiedByUrl: true }));
    expect(body.errors).toBeUndefined();
    expect(asSdl(body.data as IntrospectionQuery)).toBe(checkedIn);
  });

  it("gives it over the WebSocket too", async () => {
    const client = wsClient(t.url, ws.keys.VIEWER);
    try {
      const { events, error } = await collect<IntrospectionQuery>(
        client,
        getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, specifiedByUrl: true }),
        {},
      );
      expect(error).toBeNull();
      expect(asSdl(events[0]!)).toBe(checkedIn);
    } finally {
      await client.dispose();
    }
  });
});
