import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, createAuthenticator } from "../../src/services/api-key.service.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { startImport } from "../helpers/upload.js";
import { collect, wsClient } from "../helpers/ws-client.js";

let t: TestServer;
let acme: TestWorkspace;
let globex: TestWorkspace;

// no workers: a started import stays queued, so its progress subscription stays open until the socket closes
beforeAll(async () => {
  t = await startTestServer({ importWorkers: 0 });
  acme = await t.workspace("acme");
  globex = await t.workspace("globex");
});
afterAll(async () => t?.stop());

const KEY_FIELDS = "id name role prefix createdAt lastUsedAt expiresAt revokedAt";
const CREATE = `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { ${KEY_FIELDS} } userErrors { field code message } } }`;
const REVOKE = `mutation ($id: ID!) { revokeApiKey(input: { id: $id }) { apiKey { ${KEY_FIELDS} } userErrors { field code message } } }`;
const PROGRESS = `subscription ($id: ID!) { importProgress(jobId: $id) { status } }`;

const newKey = async (admin: string, input: Record<string, unknown>) => {
  const { body } = await t.gql(admin, CREATE, { input });
  expect(body.data.createApiKey.userErrors).toEqual([]);
  return body.data.createApiKey as { key: string; apiKey: { id: string; prefix: string } };
};

/** Opens a subscription with the key; resolves with how it ended. */
const openSubscription = async (key: string) => {
  const jobId = await startImport(t, acme.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "k.csv", content: "id,email\nk1,k1@example.com\n" });
  const client = wsClient(t.url, key);
  let first!: () => void;
  const started = new Promise<void>((resolve) => (first = resolve));
  const ended = collect<any>(client, PROGRESS, { id: jobId }, () => first());
  await started;
  return { ended, dispose: () => client.dispose() };
};

describe("viewer", () => {
  it("tells any key its workspace, role and prefix", async () => {
    for (const role of ["VIEWER", "IMPORTER", "ADMIN"] as const) {
      const { body } = await t.gql(acme.keys[role], "{ viewer { workspace { id name } role keyPrefix } }");
      expect(body.data.viewer).toEqual({ workspace: { id: acme.id, name: "acme" }, role, keyPrefix: acme.keys[role].slice(0, 10) });
    }
  });
});

describe("apiKeys", () => {
  it("lists the workspace's keys only, newest first, pages with cursors, and never shows a secret", async () => {
    const made = await newKey(acme.keys.ADMIN, { role: "VIEWER", name: "listed" });
    const { body } = await t.gql(acme.keys.ADMIN, `{ apiKeys(first: 100) { totalCount edges { cursor node { ${KEY_FIELDS} } } } }`);
    const nodes = body.data.apiKeys.edges.map((e: any) => e.node);
    expect(body.data.apiKeys.totalCount).toBe(nodes.length);
    expect(nodes[0]).toMatchObject({ id: made.apiKey.id, name: "listed", role: "VIEWER", revokedAt: null, expiresAt: null, lastUsedAt: null });
    expect(JSON.stringify(body)).not.toContain(made.key);
    const globexIds = (await t.gql(globex.keys.ADMIN, "{ apiKeys { edges { node { id } } } }")).body.data.apiKeys.edges.map((e: any) => e.node.id);
    expect(globexIds.some((id: string) => nodes.some((n: any) => n.id === id))).toBe(false);
    const first = await t.gql(acme.keys.ADMIN, "{ apiKeys(first: 1) { edges { node { id } } pageInfo { hasNextPage endCursor } } }");
    expect(first.body.data.apiKeys.pageInfo.hasNextPage).toBe(true);
    const rest = await t.gql(acme.keys.ADMIN, "query ($after: String) { apiKeys(first: 100, after: $after) { edges { node { id } } } }", {
      after: first.body.data.apiKeys.pageInfo.endCursor,
    });
    expect([first.body.data.apiKeys.edges[0].node.id, ...rest.body.data.apiKeys.edges.map((e: any) => e.node.id)]).toEqual(nodes.map((n: any) => n.id));
  });

  it("records when a key was last used", async () => {
    const made = await newKey(acme.keys.ADMIN, { role: "VIEWER", name: "used" });
    expect((await t.gql(made.key, "{ viewer { role } }")).status).toBe(200);
    await expect
      .poll(async () => {
        const { body } = await t.gql(acme.keys.ADMIN, `{ apiKeys(first: 1) { edges { node { id lastUsedAt } } } }`);
        return body.data.apiKeys.edges[0].node.lastUsedAt;
      })
      .not.toBeNull();
  });

  it("is refused to a non-ADMIN key with FORBIDDEN, as is revokeApiKey", async () => {
    expect((await t.gql(acme.keys.IMPORTER, "{ apiKeys { totalCount } }")).body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await t.gql(acme.keys.VIEWER, REVOKE, { id: "x" })).body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});

describe("createApiKey with expiresAt", () => {
  it("refuses a past expiresAt with a userError and makes no key", async () => {
    const before = (await t.gql(acme.keys.ADMIN, "{ apiKeys { totalCount } }")).body.data.apiKeys.totalCount;
    const { body } = await t.gql(acme.keys.ADMIN, CREATE, { input: { role: "VIEWER", expiresAt: new Date(Date.now() - 60_000).toISOString() } });
    expect(body.data.createApiKey).toMatchObject({ key: null, apiKey: null, userErrors: [{ field: ["input", "expiresAt"], code: "PAST_DATE" }] });
    expect((await t.gql(acme.keys.ADMIN, "{ apiKeys { totalCount } }")).body.data.apiKeys.totalCount).toBe(before);
  });

  it("an expired key is refused over HTTP (401, saying so) and its open subscription is closed with 4401", async () => {
    const expiresAt = new Date(Date.now() + 3_000);
    const made = await newKey(acme.keys.ADMIN, { role: "VIEWER", name: "short", expiresAt: expiresAt.toISOString() });
    expect(new Date((made.apiKey as any).expiresAt).getTime()).toBe(expiresAt.getTime());
    expect((await t.gql(made.key, "{ viewer { role } }")).status).toBe(200);
    const sub = await openSubscription(made.key);
    const { error } = (await sub.ended) as { error: any };
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt.getTime());
    expect({ code: error.code, reason: error.reason }).toEqual({ code: 4401, reason: "API key expired" });
    const { status, body } = await t.gql(made.key, "{ viewer { role } }");
    expect(status).toBe(401);
    expect(body.errors?.[0].extensions.code).toBe("UNAUTHENTICATED");
    expect(body.errors?.[0].message).toMatch(/expired/);
    await sub.dispose();
  }, 15_000);
});

describe("revokeApiKey", () => {
  it("refuses the key at once over HTTP with a coded 401 saying revoked; revoking again returns the first revocation", async () => {
    const made = await newKey(acme.keys.ADMIN, { role: "IMPORTER" });
    expect((await t.gql(made.key, "{ viewer { role } }")).status).toBe(200); // now cached
    const { body } = await t.gql(acme.keys.ADMIN, REVOKE, { id: made.apiKey.id });
    expect(body.data.revokeApiKey.userErrors).toEqual([]);
    expect(body.data.revokeApiKey.apiKey).toMatchObject({ id: made.apiKey.id, prefix: made.apiKey.prefix });
    const revokedAt = body.data.revokeApiKey.apiKey.revokedAt;
    expect(revokedAt).not.toBeNull();
    const refused = await t.gql(made.key, "{ viewer { role } }");
    expect(refused.status).toBe(401);
    expect(refused.body.errors?.[0].extensions.code).toBe("UNAUTHENTICATED");
    expect(refused.body.errors?.[0].message).toMatch(/revoked/);
    const again = await t.gql(acme.keys.ADMIN, REVOKE, { id: made.apiKey.id });
    expect(again.body.data.revokeApiKey).toMatchObject({ apiKey: { revokedAt }, userErrors: [] });
  });

  it("answers another workspace's key and an unknown or malformed id alike: NOT_FOUND, nothing revoked or shown", async () => {
    const theirs = await newKey(globex.keys.ADMIN, { role: "VIEWER" });
    for (const id of [theirs.apiKey.id, "QXBpS2V5OjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMA", "nonsense"]) {
      const { body } = await t.gql(acme.keys.ADMIN, REVOKE, { id });
      expect(body.data.revokeApiKey).toEqual({
        apiKey: null,
        userErrors: [{ field: ["input", "id"], code: "NOT_FOUND", message: "No API key has this id in your workspace." }],
      });
    }
    expect((await t.gql(theirs.key, "{ viewer { role } }")).status).toBe(200);
  });

  it("closes the key's open subscription with 4401 \"API key revoked\" and leaves other keys' open", async () => {
    const victim = await newKey(acme.keys.ADMIN, { role: "VIEWER" });
    const sub = await openSubscription(victim.key);
    const other = await openSubscription(acme.keys.VIEWER);
    await t.gql(acme.keys.ADMIN, REVOKE, { id: victim.apiKey.id });
    const { error } = (await sub.ended) as { error: any };
    expect({ code: error.code, reason: error.reason }).toEqual({ code: 4401, reason: "API key revoked" });
    // the other key's subscription is still live: it ends only when its client leaves
    const state = await Promise.race([other.ended.then(() => "ended"), new Promise((r) => setTimeout(() => r("open"), 2_500))]);
    expect(state).toBe("open");
    await other.dispose();
    await sub.dispose();
    // and a new socket with the revoked key is refused with the same code
    const retry = await collect<any>(wsClient(t.url, victim.key), PROGRESS, { id: "x" });
    expect({ code: (retry.error as any).code, reason: (retry.error as any).reason }).toEqual({ code: 4401, reason: "API key revoked" });
  }, 15_000);
});

describe("the key cache", () => {
  it("serves a cached key until the revocation event's forget() drops it; expiry is checked on every hit", async () => {
    const sql = t.server.db.sql;
    const authenticate = createAuthenticator(sql);
    const kept = await createApiKey(sql, acme.id, "VIEWER", "cached");
    expect(await authenticate.check(kept.key)).toEqual({ principal: { keyId: kept.id, workspaceId: acme.id, role: "VIEWER" } });
    await sql.query(`update api_key set revoked_at = now() where id = $1`, [kept.id]);
    // still cached: this is why every revocation publishes an event that calls forget()
    expect("principal" in (await authenticate.check(kept.key))).toBe(true);
    authenticate.forget(kept.id);
    expect(await authenticate.check(kept.key)).toEqual({ refused: "revoked" });
    const short = await createApiKey(sql, acme.id, "VIEWER", "short", new Date(Date.now() + 1_000));
    expect("principal" in (await authenticate.check(short.key))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await authenticate.check(short.key)).toEqual({ refused: "expired" });
    expect(await authenticate.check("crm_unknown")).toEqual({ refused: "unknown" });
  });
});
