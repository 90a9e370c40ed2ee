import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";

let t: TestServer;
let acme: TestWorkspace;

beforeAll(async () => {
  t = await startTestServer();
  acme = await t.workspace("acme");
});
afterAll(async () => t?.stop());

describe("authentication", () => {
  it.each([
    ["no header", null],
    ["an unknown key", "crm_not-a-real-key"],
    ["a malformed header", "garbage"],
  ])("refuses %s with UNAUTHENTICATED", async (_case, key) => {
    const { status, body } = await t.gql(key, "{ customers { totalCount } }");
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("serves a valid key", async () => {
    const { status, body } = await t.gql(acme.keys.VIEWER, "{ customers { totalCount } }");
    expect(status).toBe(200);
    expect(body.data).toEqual({ customers: { totalCount: 0 } });
  });

  it("refuses createApiKey to a VIEWER with FORBIDDEN", async () => {
    const { body } = await t.gql(acme.keys.VIEWER, "mutation { createApiKey(input: { role: VIEWER }) { key } }");
    expect(body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("lets an ADMIN create a key that then works", async () => {
    const { body } = await t.gql(acme.keys.ADMIN, 'mutation { createApiKey(input: { role: VIEWER, name: "ci" }) { key apiKey { role } userErrors { code } } }');
    expect(body.data.createApiKey.userErrors).toEqual([]);
    const key = body.data.createApiKey.key as string;
    const again = await t.gql(key, "{ customers { totalCount } }");
    expect(again.status).toBe(200);
  });
});
