import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { startImport, waitForJob } from "../helpers/upload.js";
import { newWebhookSecret } from "../../src/webhooks/webhook-signature.js";
import { startReceiver, type Receiver } from "../helpers/webhook-receiver.js";

// production rules (the default): https only, no private networks
let t: TestServer;
let ws: TestWorkspace;
let rx: Receiver;

beforeAll(async () => {
  rx = await startReceiver();
  t = await startTestServer({ production: true, webhookAllowPrivateNetworks: false, webhookPollMs: 50, webhookRetryBaseMs: 50 });
  ws = await t.workspace("ssrf");
});
afterAll(async () => {
  await t?.stop();
  await rx?.close();
});

const CREATE = `mutation ($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { secret endpoint { id url } userErrors { field message code } } }`;

const create = async (url: string) => (await t.gql(ws.keys.ADMIN, CREATE, { input: { url, events: ["import.completed"] } })).body;

describe("webhook URLs that could reach inside the network", () => {
  it.each([
    "https://127.0.0.1/hook",
    "https://127.1.2.3/hook",
    "https://localhost/hook",
    "https://[::1]/hook",
    "https://[::ffff:127.0.0.1]/hook",
    "https://[::ffff:a9fe:a9fe]/latest/meta-data",
    "https://169.254.169.254/latest/meta-data",
    "https://10.1.2.3/",
    "https://172.20.0.1/",
    "https://192.168.0.10/",
    "https://100.100.100.200/",
    "https://0.0.0.0/",
    "https://[fd00:ec2::254]/",
    "https://[fe80::1]/",
    "https://[64:ff9b::a00:1]/",
    "https://[2002:7f00:1::]/",
    "https://2130706433/",
    "https://0x7f.1/",
  ])("refuses %s with WEBHOOK_URL_NOT_ALLOWED", async (url) => {
    const body = await create(url);
    expect(body.errors).toBeUndefined();
    expect(body.data.createWebhookEndpoint).toMatchObject({
      endpoint: null,
      secret: null,
      userErrors: [{ field: ["input", "url"], code: "WEBHOOK_URL_NOT_ALLOWED" }],
    });
  });

  it("refuses plain http in production, and says so", async () => {
    const body = await create("http://8.8.8.8/hook");
    expect(body.data.createWebhookEndpoint.userErrors).toEqual([
      { field: ["input", "url"], code: "WEBHOOK_URL_NOT_ALLOWED", message: "Webhook URLs must use https." },
    ]);
  });

  it("refuses a host that does not resolve, and accepts a public address", async () => {
    expect((await create("https://no-such-host.invalid/hook")).data.createWebhookEndpoint.userErrors[0].code).toBe("INVALID_URL");
    const ok = (await create("https://8.8.8.8/hook")).data.createWebhookEndpoint;
    expect(ok.userErrors).toEqual([]);
    const moved = await t.gql(
      ws.keys.ADMIN,
      `mutation ($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { endpoint { url } userErrors { code } } }`,
      { input: { id: ok.endpoint.id, url: "https://[::ffff:10.0.0.1]/x" } },
    );
    expect(moved.body.data.updateWebhookEndpoint).toEqual({ endpoint: { url: "https://8.8.8.8/hook" }, userErrors: [{ code: "WEBHOOK_URL_NOT_ALLOWED" }] });
    await t.gql(ws.keys.ADMIN, `mutation ($id: ID!) { deleteWebhookEndpoint(input: { id: $id }) { deletedId } }`, { id: ok.endpoint.id });
  });

  it("checks again when sending: an endpoint that now points inside (DNS rebinding) gets nothing", async () => {
    // as if the names had resolved to public addresses when saved: the rows go in as they are
    for (const url of [rx.url("/literal"), `http://localhost:${rx.port}/named`]) {
      await t.server.db.sql.query(`insert into webhook_endpoint (workspace_id, url, events, secret) values ($1, $2, '{import.completed}', $3)`, [
        ws.id,
        url,
        newWebhookSecret(),
      ]);
    }
    const job = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "r.csv", content: "email\nrebind@example.com\n" });
    await waitForJob(t, ws.keys.IMPORTER, job);
    let rows: { url: string; attempts: number; last_error: string | null }[] = [];
    for (let i = 0; i < 200; i++) {
      rows = await t.server.db.sql.query(
        `select e.url, d.attempts, d.last_error from webhook_delivery d join webhook_endpoint e on e.id = d.endpoint_id
        where d.workspace_id = $1 order by e.url`,
        [ws.id],
      );
      if (rows.length === 2 && rows.every((r) => r.attempts >= 2 && r.last_error)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r.last_error).toMatch(/^WEBHOOK_URL_NOT_ALLOWED/);
    expect(rx.received).toEqual([]);
  });
});
