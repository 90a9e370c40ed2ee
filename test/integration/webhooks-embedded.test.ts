import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { startServer, type AppServer } from "../../src/server.js";
import { startReceiver, type Receiver } from "../helpers/webhook-receiver.js";
import { gqlUpload, START_IMPORT } from "../helpers/upload.js";

// the embedded database (PGlite): the migration, the outbox statements and the dispatcher on it
let server: AppServer;
let adminKey = "";
let rx: Receiver;
let dataDir: string;

beforeAll(async () => {
  rx = await startReceiver();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "crm-webhooks-"));
  server = await startServer(
    { ...loadConfig({ NODE_ENV: "test" }), port: 0, host: "127.0.0.1", databaseUrl: null, dataDir, webhookAllowPrivateNetworks: true, webhookPollMs: 50 },
    {
      onBootstrapKey: (key) => {
        adminKey = key;
      },
    },
  );
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await rx?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const gql = async (query: string, variables?: Record<string, unknown>) =>
  (await (
    await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${adminKey}` },
      body: JSON.stringify({ query, variables }),
    })
  ).json()) as any;

describe("webhooks on the embedded database", () => {
  it("queues and sends records.changed and import.completed", async () => {
    const created = await gql(`mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret userErrors { code } } }`, {
      input: { url: rx.url("/embedded"), events: ["records.changed", "import.completed"] },
    });
    const secret = created.data.createWebhookEndpoint.secret as string;
    const t = { url: server.url } as never;
    const started = await gqlUpload(t, adminKey, START_IMPORT, { entity: "CUSTOMER" }, { name: "e.csv", content: "email\ne1@example.com\ne2@example.com\n" });
    const job = started.body.data.startImport.job.id as string;
    await rx.until(() => rx.on("/embedded").length >= 2, "two events", 60_000);
    const events = rx.on("/embedded").map((r) => new Webhook(secret).verify(r.body, r.headers) as any);
    const customers = await gql(`query ($job: ID!) { customers(first: 10, filter: { importJobId: $job }) { edges { node { id } } } }`, { job });
    const ids = customers.data.customers.edges.map((e: any) => e.node.id).sort();
    expect(events.find((e) => e.type === "records.changed").data.changes.map((c: any) => [c.operation, [...c.ids].sort()])).toEqual([["inserted", ids]]);
    expect(events.find((e) => e.type === "import.completed").data).toMatchObject({ id: job, counts: { insertedCount: 2 } });
  }, 60_000);
});
