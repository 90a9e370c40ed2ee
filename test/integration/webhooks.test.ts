import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { startImport, waitForJob } from "../helpers/upload.js";
import { startReceiver, type Receiver, type Received } from "../helpers/webhook-receiver.js";

let t: TestServer;
let ws: TestWorkspace;
let other: TestWorkspace;
let rx: Receiver;

const WINDOW_SECONDS = 4;

beforeAll(async () => {
  rx = await startReceiver();
  t = await startTestServer({
    webhookAllowPrivateNetworks: true,
    webhookPollMs: 50,
    webhookRetryBaseMs: 50,
    webhookTimeoutMs: 400,
    webhookFailureWindowSeconds: WINDOW_SECONDS,
    publicUrl: "https://crm.example.com",
  });
  ws = await t.workspace("hooks");
  other = await t.workspace("other-hooks");
});
afterAll(async () => {
  await t?.stop();
  await rx?.close();
});

const ENDPOINT_FIELDS = "id url description events enabled disabledAt disabledReason failingSince createdAt updatedAt";
const CREATE = `mutation ($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { secret endpoint { ${ENDPOINT_FIELDS} } userErrors { field message code } } }`;
const UPDATE = `mutation ($input: UpdateWebhookEndpointInput!) {
  updateWebhookEndpoint(input: $input) { endpoint { ${ENDPOINT_FIELDS} } userErrors { field message code } } }`;
const DELETE = `mutation ($input: DeleteWebhookEndpointInput!) { deleteWebhookEndpoint(input: $input) { deletedId userErrors { field code } } }`;
const DELIVERIES = `query ($id: ID!, $first: Int, $after: String) { webhookDeliveries(endpointId: $id, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { id messageId eventType payload status attempts responseStatus responseBody lastError durationMs createdAt lastAttemptAt nextAttemptAt deliveredAt } } } }`;

const createEndpoint = async (key: string, path: string, events: string[]) => {
  const { body } = await t.gql(key, CREATE, { input: { url: rx.url(path), events, description: `test ${path}` } });
  expect(body.errors).toBeUndefined();
  expect(body.data.createWebhookEndpoint.userErrors).toEqual([]);
  return body.data.createWebhookEndpoint as { secret: string; endpoint: { id: string } };
};

const verified = (secret: string, r: Received) => new Webhook(secret).verify(r.body, r.headers) as { type: string; data: any };

const deliveries = async (endpointId: string, key = ws.keys.ADMIN) => {
  const { body } = await t.gql(key, DELIVERIES, { id: endpointId, first: 100 });
  expect(body.errors).toBeUndefined();
  return body.data.webhookDeliveries.edges.map((e: any) => e.node) as any[];
};

/** The endpoint's deliveries once none is pending (a receiver sees a request before its outcome is recorded). */
const settled = async (endpointId: string) => {
  for (let i = 0; ; i++) {
    const list = await deliveries(endpointId);
    if (list.every((d) => d.status !== "PENDING") || i > 200) return list;
    await new Promise((r) => setTimeout(r, 50));
  }
};

const customersOfJob = async (jobId: string): Promise<string[]> => {
  const { body } = await t.gql(ws.keys.VIEWER, `query ($job: ID!) { customers(first: 100, filter: { importJobId: $job }) { edges { node { id email } } } }`, {
    job: jobId,
  });
  return body.data.customers.edges.map((e: any) => e.node.id);
};

describe("managing endpoints", () => {
  it("is for ADMIN keys only", async () => {
    for (const key of [ws.keys.IMPORTER, ws.keys.VIEWER]) {
      const created = await t.gql(key, CREATE, { input: { url: rx.url("/nope"), events: ["import.completed"] } });
      expect(created.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      const listed = await t.gql(key, `{ webhookEndpoints { id } }`);
      expect(listed.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    }
  });

  it("returns the secret once, lists endpoints without it, and refuses unknown events with a code", async () => {
    const { secret, endpoint } = await createEndpoint(ws.keys.ADMIN, "/listed", ["import.completed"]);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const { body } = await t.gql(ws.keys.ADMIN, `{ webhookEndpoints { ${ENDPOINT_FIELDS} } }`);
    const listed = body.data.webhookEndpoints.find((e: any) => e.id === endpoint.id);
    expect(listed).toMatchObject({ url: rx.url("/listed"), events: ["import.completed"], enabled: true, disabledAt: null, description: "test /listed" });
    expect(JSON.stringify(body)).not.toContain(secret.slice(6));
    const bad = await t.gql(ws.keys.ADMIN, CREATE, { input: { url: rx.url("/x"), events: ["import.exploded"] } });
    expect(bad.body.data.createWebhookEndpoint).toMatchObject({
      endpoint: null,
      secret: null,
      userErrors: [{ field: ["input", "events"], code: "INVALID_EVENT" }],
    });
    const none = await t.gql(ws.keys.ADMIN, CREATE, { input: { url: "ftp://example.com/x", events: [] } });
    expect(none.body.data.createWebhookEndpoint.userErrors.map((e: any) => e.code).sort()).toEqual(["INVALID_URL", "REQUIRED"]);
    const removed = await t.gql(ws.keys.ADMIN, DELETE, { input: { id: endpoint.id } });
    expect(removed.body.data.deleteWebhookEndpoint).toEqual({ deletedId: endpoint.id, userErrors: [] });
  });

  it("keeps workspaces apart: another workspace's admin cannot see, change, delete or read an endpoint", async () => {
    const { endpoint } = await createEndpoint(ws.keys.ADMIN, "/private", ["import.completed"]);
    const listed = await t.gql(other.keys.ADMIN, `{ webhookEndpoints { id } }`);
    expect(listed.body.data.webhookEndpoints).toEqual([]);
    const updated = await t.gql(other.keys.ADMIN, UPDATE, { input: { id: endpoint.id, url: rx.url("/stolen") } });
    expect(updated.body.data.updateWebhookEndpoint).toMatchObject({ endpoint: null, userErrors: [{ code: "NOT_FOUND" }] });
    const removed = await t.gql(other.keys.ADMIN, DELETE, { input: { id: endpoint.id } });
    expect(removed.body.data.deleteWebhookEndpoint).toMatchObject({ deletedId: null, userErrors: [{ code: "NOT_FOUND" }] });
    const read = await t.gql(other.keys.ADMIN, DELIVERIES, { id: endpoint.id });
    expect(read.body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    // an import in the other workspace sends nothing to this workspace's endpoint
    const job = await startImport(t, other.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "o.csv", content: "email\no1@example.com\n" });
    await waitForJob(t, other.keys.IMPORTER, job);
    const { endpoint: theirs } = await createEndpoint(other.keys.ADMIN, "/theirs", ["import.completed"]);
    const job2 = await startImport(t, other.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "o2.csv", content: "email\no2@example.com\n" });
    await waitForJob(t, other.keys.IMPORTER, job2);
    await rx.until(() => rx.on("/theirs").length === 1, "the other workspace's event");
    expect(rx.on("/private")).toEqual([]);
    expect((await deliveries(endpoint.id)).length).toBe(0);
    await t.gql(other.keys.ADMIN, DELETE, { input: { id: theirs.id } });
    await t.gql(ws.keys.ADMIN, DELETE, { input: { id: endpoint.id } });
  });
});

describe("events of an import", () => {
  it("sends records.changed per batch (ids and operations, no data) and import.completed with counts and links, signed", async () => {
    const { secret, endpoint } = await createEndpoint(ws.keys.ADMIN, "/all", ["import.completed", "records.changed"]);
    const csv = "id,email,first_name\nc1,c1@example.com,Ann\nc2,c2@example.com,Bob\nc3,not-an-email,Cy\n";
    const job = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "people.csv", content: csv });
    await waitForJob(t, ws.keys.IMPORTER, job);
    await rx.until(() => rx.on("/all").length >= 2, "two events");
    const events = rx.on("/all").map((r) => verified(secret, r));
    const changed = events.find((e) => e.type === "records.changed")!;
    const ids = await customersOfJob(job);
    expect(ids).toHaveLength(2);
    expect(changed.data).toEqual({ jobId: job, changes: [{ entity: "CUSTOMER", operation: "inserted", ids: [...ids].sort((a, b) => order(a) - order(b)) }] });
    expect(JSON.stringify(changed)).not.toContain("c1@example.com");
    const completed = events.find((e) => e.type === "import.completed")!;
    expect(completed.data).toMatchObject({
      id: job,
      entity: "CUSTOMER",
      status: "COMPLETED",
      dryRun: false,
      fileName: "people.csv",
      counts: { processedRows: 3, insertedCount: 2, failedCount: 1, updatedCount: 0, skippedCount: 0, unchangedCount: 0 },
      errorReportUrl: `https://crm.example.com/import-jobs/${encodeURIComponent(job)}/errors.csv`,
    });

    // a second import updates one record and inserts another
    const job2 = await startImport(
      t,
      ws.keys.IMPORTER,
      { entity: "CUSTOMER" },
      { name: "more.csv", content: "id,email,first_name\nc1,c1@example.com,Anna\nc4,c4@example.com,Dee\n" },
    );
    await waitForJob(t, ws.keys.IMPORTER, job2);
    await rx.until(() => rx.on("/all").length >= 4, "the second import's events");
    const second = rx
      .on("/all")
      .slice(2)
      .map((r) => verified(secret, r))
      .find((e) => e.type === "records.changed")!;
    const c1 = ids.find((id) => id === ids.sort((a, b) => order(a) - order(b))[0])!;
    const c4 = (await customersOfJob(job2)).filter((id) => id !== c1);
    expect(second.data.changes).toEqual([
      { entity: "CUSTOMER", operation: "inserted", ids: c4 },
      { entity: "CUSTOMER", operation: "updated", ids: [c1] },
    ]);

    const listed = await settled(endpoint.id);
    expect(listed).toHaveLength(4);
    for (const d of listed) {
      expect(d).toMatchObject({ status: "DELIVERED", attempts: 1, responseStatus: 200, responseBody: "ok", lastError: null, nextAttemptAt: null });
      expect(d.durationMs).toBeGreaterThanOrEqual(0);
      expect(Date.parse(d.deliveredAt)).toBeGreaterThanOrEqual(Date.parse(d.createdAt));
    }
    // the webhook-id is the delivery's id, so a receiver can tell repeats apart
    const sentIds = rx
      .on("/all")
      .map((r) => r.headers["webhook-id"])
      .sort();
    expect(sentIds).toEqual(listed.map((d) => d.messageId).sort());
    expect(sentIds.every((id) => /^msg_[0-9a-f-]{36}$/.test(id))).toBe(true);
    await t.gql(ws.keys.ADMIN, DELETE, { input: { id: endpoint.id } });
  });

  it("sends one records.changed per committed batch, together naming every record once, customers made for activities included", async () => {
    const { secret, endpoint } = await createEndpoint(ws.keys.ADMIN, "/batches", ["records.changed"]);
    const rows = Array.from({ length: 4500 }, (_, i) => `b${i},b${i}@example.com`);
    const job = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "batches.csv", content: ["id,email", ...rows].join("\n") });
    await waitForJob(t, ws.keys.IMPORTER, job);
    await rx.until(() => rx.on("/batches").length >= 3, "three batches");
    const events = rx.on("/batches").map((r) => verified(secret, r));
    expect(events.map((e) => e.data.changes.map((c: any) => `${c.entity} ${c.operation}`))).toEqual([
      ["CUSTOMER inserted"],
      ["CUSTOMER inserted"],
      ["CUSTOMER inserted"],
    ]);
    // deliveries go out several at a time: their order is not the batches' order
    expect(events.map((e) => e.data.changes[0].ids.length).sort((a, b) => b - a)).toEqual([2000, 2000, 500]);
    const named = events.flatMap((e) => e.data.changes[0].ids as string[]);
    expect(new Set(named).size).toBe(4500);
    const stored = await t.server.db.sql.query<{ id: string }>(`select id from customer where created_by_job_id = $1 order by id`, [
      Buffer.from(job, "base64url").toString().split(":")[1],
    ]);
    expect(named.map(order).sort((a, b) => a - b)).toEqual(stored.map((r) => Number(r.id)));

    const interactions = "customer_email,type,occurred_at,subject\nb1@example.com,CALL,2026-01-02,hello\nnew-person@example.com,NOTE,2026-01-03,hi\n";
    const job2 = await startImport(
      t,
      ws.keys.IMPORTER,
      { entity: "INTERACTION", options: { createMissingCustomers: true } },
      { name: "i.csv", content: interactions },
    );
    expect(await waitForJob(t, ws.keys.IMPORTER, job2)).toMatchObject({ status: "COMPLETED", insertedCount: 2 });
    await rx.until(() => rx.on("/batches").length >= 4, "the activity batch");
    const activity = verified(secret, rx.on("/batches")[3]!);
    expect(activity.data.changes.map((c: any) => [c.entity, c.operation, c.ids.length])).toEqual([
      ["CUSTOMER", "inserted", 1],
      ["INTERACTION", "inserted", 2],
    ]);
    const created = await t.gql(ws.keys.VIEWER, `{ customer(email: "new-person@example.com") { id } }`);
    expect(activity.data.changes[0].ids).toEqual([created.body.data.customer.id]);

    // an activity updated in place is named as updated (pending: a completed payment's amount is not rewritten)
    const tx = (amount: string) =>
      `id,customer_email,amount,currency,occurred_at,status\nt1,b1@example.com,${amount},USD,2026-01-05,PENDING\nt2,b2@example.com,5.00,USD,2026-01-06,PENDING\n`;
    const job3 = await startImport(t, ws.keys.IMPORTER, { entity: "TRANSACTION" }, { name: "t.csv", content: tx("10.00") });
    await waitForJob(t, ws.keys.IMPORTER, job3);
    const job4 = await startImport(t, ws.keys.IMPORTER, { entity: "TRANSACTION" }, { name: "t2.csv", content: tx("12.00") });
    expect(await waitForJob(t, ws.keys.IMPORTER, job4)).toMatchObject({ status: "COMPLETED", updatedCount: 1, unchangedCount: 1 });
    await rx.until(() => rx.on("/batches").length >= 6, "the transaction batches");
    const later = rx
      .on("/batches")
      .slice(4)
      .map((r) => verified(secret, r).data);
    const first = later.find((d) => d.jobId === job3)!;
    const second = later.find((d) => d.jobId === job4)!;
    const t1 = first.changes[0].ids[0];
    expect(first.changes.map((c: any) => [c.entity, c.operation, c.ids.length])).toEqual([["TRANSACTION", "inserted", 2]]);
    expect(second).toEqual({ jobId: job4, changes: [{ entity: "TRANSACTION", operation: "updated", ids: [t1] }] });
    const read = await t.gql(ws.keys.VIEWER, `query ($id: ID!) { node(id: $id) { ... on Transaction { externalId amount } } }`, { id: t1 });
    expect(read.body.data.node).toEqual({ externalId: "t1", amount: "12.00" });
    await t.gql(ws.keys.ADMIN, DELETE, { input: { id: endpoint.id } });
  });

  it("sends one records.changed per bulk upsert call, naming the ids the call returned", async () => {
    const { secret } = await createEndpoint(ws.keys.ADMIN, "/bulk", ["records.changed"]);
    const upsert = `mutation ($input: UpsertCustomersInput!) { upsertCustomers(input: $input) { job { id } results { status id } userErrors { code } } }`;
    const records = [
      { externalId: "bulk-1", email: "bulk1@example.com" },
      { externalId: "bulk-2", email: "bulk2@example.com" },
    ];
    const first = (await t.gql(ws.keys.IMPORTER, upsert, { input: { records } })).body.data.upsertCustomers;
    expect(first.results.map((r: any) => r.status)).toEqual(["INSERTED", "INSERTED"]);
    await rx.until(() => rx.on("/bulk").length >= 1, "the bulk call's event");
    const inserted = verified(secret, rx.on("/bulk")[0]!);
    expect(inserted).toMatchObject({ type: "records.changed", data: { jobId: first.job.id } });
    expect(inserted.data.changes).toEqual([{ entity: "CUSTOMER", operation: "inserted", ids: first.results.map((r: any) => r.id) }]);
    const second = (
      await t.gql(ws.keys.IMPORTER, upsert, { input: { records: [{ externalId: "bulk-1", email: "bulk1@example.com", city: "Oslo" }, records[1]] } })
    ).body.data.upsertCustomers;
    expect(second.results.map((r: any) => r.status)).toEqual(["UPDATED", "UNCHANGED"]);
    await rx.until(() => rx.on("/bulk").length >= 2, "the second call's event");
    expect(verified(secret, rx.on("/bulk")[1]!).data.changes).toEqual([{ entity: "CUSTOMER", operation: "updated", ids: [second.results[0].id] }]);
    // a call that changes nothing sends nothing
    await t.gql(ws.keys.IMPORTER, upsert, { input: { records } });
    const third = (await t.gql(ws.keys.IMPORTER, upsert, { input: { records: [{ externalId: "bulk-3", email: "bulk3@example.com" }] } })).body.data
      .upsertCustomers;
    await rx.until(() => rx.on("/bulk").length >= 3, "the third call's event");
    expect(verified(secret, rx.on("/bulk")[2]!).data.jobId).toBe(third.job.id);
  });

  it("sends import.reverted and import.cancelled, and nothing for events an endpoint did not ask for", async () => {
    const { secret } = await createEndpoint(ws.keys.ADMIN, "/ends", ["import.reverted", "import.cancelled", "import.failed"]);
    const job = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "r.csv", content: "email\nr1@example.com\n" });
    await waitForJob(t, ws.keys.IMPORTER, job);
    const reverted = await t.gql(ws.keys.IMPORTER, `mutation ($id: ID!) { revertImport(input: { id: $id }) { job { status } userErrors { code } } }`, {
      id: job,
    });
    expect(reverted.body.data.revertImport).toEqual({ job: { status: "REVERTED" }, userErrors: [] });
    await rx.until(() => rx.on("/ends").length >= 1, "import.reverted");
    const event = verified(secret, rx.on("/ends")[0]!);
    expect(event).toMatchObject({ type: "import.reverted", data: { id: job, status: "REVERTED", counts: { insertedCount: 1 }, errorReportUrl: null } });

    const lines = ["email", ...Array.from({ length: 30_000 }, (_, i) => `bulk${i}@example.com`)];
    const big = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "big.csv", content: lines.join("\n") });
    const cancelled = await t.gql(ws.keys.IMPORTER, `mutation ($id: ID!) { cancelImport(input: { id: $id }) { job { status } userErrors { code } } }`, {
      id: big,
    });
    expect(cancelled.body.data.cancelImport.userErrors).toEqual([]);
    expect((await waitForJob(t, ws.keys.IMPORTER, big)).status).toBe("CANCELLED");
    await rx.until(() => rx.on("/ends").length >= 2, "import.cancelled");
    expect(verified(secret, rx.on("/ends")[1]!)).toMatchObject({ type: "import.cancelled", data: { id: big, status: "CANCELLED" } });
    // no import.completed went to an endpoint that did not subscribe to it
    expect(rx.on("/ends").map((r) => r.json.type)).toEqual(["import.reverted", "import.cancelled"]);
  });
});

const order = (globalId: string): number => Number(Buffer.from(globalId, "base64url").toString().split(":")[1]);

describe("delivery", () => {
  it("retries a failing endpoint with backoff until it answers 2xx, with the same id and a fresh signature each time", async () => {
    rx.script("/flaky", [500, "hang", 503]);
    const { secret, endpoint } = await createEndpoint(ws.keys.ADMIN, "/flaky", ["import.completed"]);
    const job = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "f.csv", content: "email\nflaky@example.com\n" });
    await waitForJob(t, ws.keys.IMPORTER, job);
    await rx.until(() => rx.on("/flaky").length >= 4, "four attempts");
    const attempts = rx.on("/flaky");
    expect(new Set(attempts.map((r) => r.headers["webhook-id"])).size).toBe(1);
    for (const r of attempts) expect(verified(secret, r).data.id).toBe(job);
    const [d] = await settled(endpoint.id);
    expect(d).toMatchObject({ status: "DELIVERED", attempts: 4, responseStatus: 200, eventType: "import.completed" });
    await t.gql(ws.keys.ADMIN, DELETE, { input: { id: endpoint.id } });
  });

  it("keeps the first 1 KB of a failed answer, and disables an endpoint that fails for the whole window", async () => {
    rx.script(
      "/down",
      Array.from({ length: 1000 }, () => 500),
    );
    const { endpoint } = await createEndpoint(ws.keys.ADMIN, "/down", ["import.completed"]);
    const job = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "d.csv", content: "email\ndown@example.com\n" });
    await waitForJob(t, ws.keys.IMPORTER, job);
    let state: any;
    for (let i = 0; i < 200; i++) {
      state = (await t.gql(ws.keys.ADMIN, `{ webhookEndpoints { id enabled disabledAt disabledReason failingSince } }`)).body.data.webhookEndpoints.find(
        (e: any) => e.id === endpoint.id,
      );
      if (!state.enabled) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(state).toMatchObject({ enabled: false, disabledReason: expect.stringMatching(/failed for 4 seconds.*HTTP 500/) });
    const [d] = await deliveries(endpoint.id);
    expect(d.status).toBe("FAILED");
    expect(d.attempts).toBeGreaterThan(2);
    expect(d.responseStatus).toBe(500);
    expect(d.responseBody).toBe("x".repeat(1024));
    // a disabled endpoint gets nothing new; enabling it again clears its state
    const sent = rx.on("/down").length;
    const job2 = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "d2.csv", content: "email\ndown2@example.com\n" });
    await waitForJob(t, ws.keys.IMPORTER, job2);
    expect(rx.on("/down").length).toBe(sent);
    expect(await deliveries(endpoint.id)).toHaveLength(1);
    const enabled = await t.gql(ws.keys.ADMIN, UPDATE, { input: { id: endpoint.id, enabled: true, description: null } });
    expect(enabled.body.data.updateWebhookEndpoint.endpoint).toMatchObject({
      enabled: true,
      disabledAt: null,
      disabledReason: null,
      failingSince: null,
      description: null,
    });
    // an admin may turn it off too; what is pending then is given up
    rx.script("/down", ["hang"]);
    const job3 = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "d3.csv", content: "email\ndown3@example.com\n" });
    await waitForJob(t, ws.keys.IMPORTER, job3);
    await rx.until(() => rx.on("/down").length === sent + 1, "the delivery after enabling");
    const off = await t.gql(ws.keys.ADMIN, UPDATE, { input: { id: endpoint.id, enabled: false } });
    expect(off.body.data.updateWebhookEndpoint.endpoint).toMatchObject({ enabled: false, disabledReason: "Disabled by an admin." });
    const after = await settled(endpoint.id);
    expect(after.map((d) => d.status)).toEqual(["FAILED", "FAILED"]);
    expect(after[0].lastError).toMatch(/Disabled by an admin/);
    await t.gql(ws.keys.ADMIN, DELETE, { input: { id: endpoint.id } });
  });

  it("pages deliveries newest first with cursors", async () => {
    const { endpoint } = await createEndpoint(ws.keys.ADMIN, "/paged", ["records.changed", "import.completed"]);
    for (let i = 0; i < 2; i++) {
      const job = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "p.csv", content: `email\npaged${i}@example.com\n` });
      await waitForJob(t, ws.keys.IMPORTER, job);
    }
    const all = await settled(endpoint.id);
    expect(all).toHaveLength(4);
    const page1 = (await t.gql(ws.keys.ADMIN, DELIVERIES, { id: endpoint.id, first: 3 })).body.data.webhookDeliveries;
    expect(page1).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: true } });
    const page2 = (await t.gql(ws.keys.ADMIN, DELIVERIES, { id: endpoint.id, first: 3, after: page1.pageInfo.endCursor })).body.data.webhookDeliveries;
    expect([...page1.edges, ...page2.edges].map((e: any) => e.node.id)).toEqual(all.map((d) => d.id));
    expect(page2.pageInfo.hasNextPage).toBe(false);
    const bad = await t.gql(ws.keys.ADMIN, DELIVERIES, { id: endpoint.id, after: "bm9wZQ" });
    expect(bad.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    await t.gql(ws.keys.ADMIN, DELETE, { input: { id: endpoint.id } });
  });
});

/** A fenced js block of the README, found by the marker comment above it. */
const readmeSnippet = (name: string): string => {
  const readme = fs.readFileSync(path.resolve(import.meta.dirname, "../../README.md"), "utf8");
  const match = new RegExp(`<!-- snippet: ${name} -->\\n\`\`\`js\\n([\\s\\S]*?)\`\`\`\\n`).exec(readme);
  if (!match) throw new Error(`README has no snippet ${name}`);
  return match[1]!;
};

describe("the README's round trip for third-party tools", () => {
  it("verifies a real delivery with the node:crypto snippet, refuses a forged one, fetches the job and writes back with the README's calls", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "readme-snippet-"));
    const file = path.join(dir, "round-trip.mjs");
    fs.writeFileSync(file, [readmeSnippet("verify-webhook"), readmeSnippet("fetch-import-job"), readmeSnippet("upsert-customers")].join("\n"));
    const { verifyWebhook, fetchImportJob, upsertCustomers } = await import(pathToFileURL(file).href);
    const { secret, endpoint } = await createEndpoint(ws.keys.ADMIN, "/readme", ["import.completed"]);
    const job = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "readme.csv", content: "email\nreadme@example.com\nbad-email\n" });
    await waitForJob(t, ws.keys.IMPORTER, job);
    await rx.until(() => rx.on("/readme").length === 1, "the delivery");
    const delivery = rx.on("/readme")[0]!;

    const event = verifyWebhook(secret, delivery.headers, delivery.body);
    expect(event).toMatchObject({ type: "import.completed", data: { id: job } });
    expect(() => verifyWebhook(secret, delivery.headers, delivery.body.replace("readme.csv", "forged.csv"))).toThrow("bad signature");
    expect(() => verifyWebhook(secret.slice(0, -4) + "AAA=", delivery.headers, delivery.body)).toThrow("bad signature");
    const stale = { ...delivery.headers, "webhook-timestamp": String(Math.floor(Date.now() / 1000) - 3600) };
    expect(() => verifyWebhook(secret, stale, delivery.body)).toThrow("stale timestamp");

    expect(await fetchImportJob(t.url, ws.keys.VIEWER, event.data.id)).toEqual({
      status: "COMPLETED",
      fileName: "readme.csv",
      insertedCount: 1,
      updatedCount: 0,
      failedCount: 1,
      errorReportUrl: expect.stringMatching(/\/import-jobs\/.+\/errors\.csv$/),
    });
    const records = [{ email: "readme@example.com", company: "Readme Ltd" }, { email: "second@example.com" }];
    const written = await upsertCustomers(t.url, ws.keys.IMPORTER, records, "readme-round-trip");
    expect(written.results.map((r: any) => r.status)).toEqual(["UPDATED", "INSERTED"]);
    expect(await upsertCustomers(t.url, ws.keys.IMPORTER, records, "readme-round-trip")).toEqual(written);
    fs.rmSync(dir, { recursive: true, force: true });
    await t.gql(ws.keys.ADMIN, DELETE, { input: { id: endpoint.id } });
  });
});
