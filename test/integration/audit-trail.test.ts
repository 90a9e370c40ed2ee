import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataOf, errorOf } from "../helpers/expect-gql.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { startImport, waitForJob } from "../helpers/upload.js";

let t: TestServer;
let ws: TestWorkspace;
let other: TestWorkspace;
const keyIds: Record<string, { id: string; prefix: string }> = {};

/** A GraphQL call with our own request id, so events can be matched to it. */
const gql = async (key: string, query: string, variables: Record<string, unknown> = {}, requestId?: string) => {
  const res = await fetch(`${t.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}`, ...(requestId ? { "x-request-id": requestId } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as any;
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data;
};

const EVENT_FIELDS = "id at action apiKeyId apiKeyPrefix requestId recordType recordId changes { field before after } details";
const EVENTS = `query($first: Int, $after: String, $filter: AuditEventFilter) { auditEvents(first: $first, after: $after, filter: $filter) {
  totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${EVENT_FIELDS} } } } }`;
const events = async (filter: Record<string, unknown> = {}, key = ws.keys.ADMIN, first = 100) =>
  (await dataOf(t, key, EVENTS, { filter, first })).auditEvents.edges.map((e: any) => e.node);

const SOURCES = `query($id: ID!) { node(id: $id) { ... on Customer { email company fieldSources { field kind at importJobId row column apiKeyId apiKeyPrefix requestId } } } }`;
const sourcesOf = async (id: string) => (await dataOf(t, ws.keys.VIEWER, SOURCES, { id })).node;
const customerId = async (email: string) =>
  (await dataOf(t, ws.keys.VIEWER, `query($e: String!) { customer(email: $e) { id } }`, { e: email })).customer.id as string;

beforeAll(async () => {
  t = await startTestServer({ webhookAllowPrivateNetworks: true });
  ws = await t.workspace("audited");
  other = await t.workspace("audit-other");
  const keys = await dataOf(t, ws.keys.ADMIN, "{ apiKeys(first: 10) { edges { node { id name prefix } } } }");
  for (const { node } of keys.apiKeys.edges) keyIds[node.name.split(" ")[0]] = { id: node.id, prefix: node.prefix };
});
afterAll(async () => t?.stop());

describe("audit events", () => {
  it("records a key's creation and revocation with the key, its prefix and the request id", async () => {
    const created = await gql(
      ws.keys.ADMIN,
      `mutation { createApiKey(input: { role: VIEWER, name: "short-lived" }) { apiKey { id prefix } userErrors { code } } }`,
      {},
      "req-key-create",
    );
    const keyId = created.createApiKey.apiKey.id;
    await gql(ws.keys.ADMIN, `mutation($id: ID!) { revokeApiKey(input: { id: $id }) { apiKey { revokedAt } } }`, { id: keyId }, "req-key-revoke");
    // revoking again changes nothing and is no new event
    await gql(ws.keys.ADMIN, `mutation($id: ID!) { revokeApiKey(input: { id: $id }) { apiKey { revokedAt } } }`, { id: keyId }, "req-key-revoke-2");
    const found = await events({ recordId: keyId });
    expect(found.map((e: any) => [e.action, e.requestId])).toEqual([
      ["api_key.revoked", "req-key-revoke"],
      ["api_key.created", "req-key-create"],
    ]);
    for (const e of found) expect(e).toMatchObject({ apiKeyId: keyIds.ADMIN!.id, apiKeyPrefix: keyIds.ADMIN!.prefix, recordType: "ApiKey" });
    expect(found[1].details).toMatchObject({ name: "short-lived", role: "VIEWER", prefix: created.createApiKey.apiKey.prefix });
  });

  it("records API creates, updates and deletes with each field's before and after", async () => {
    const c = await gql(
      ws.keys.IMPORTER,
      `mutation { createCustomer(input: { email: "Ann@Example.com", firstName: "Ann", customFields: { tier: "gold" } }) { customer { id } userErrors { code } } }`,
      {},
      "req-create",
    );
    const id = c.createCustomer.customer.id;
    await gql(
      ws.keys.IMPORTER,
      `mutation($id: ID!) { updateCustomer(input: { id: $id, firstName: "Anne", company: "Acme", email: "ann@example.com" }) { userErrors { code } } }`,
      { id },
      "req-update",
    );
    const trail = await events({ recordId: id });
    expect(trail.map((e: any) => e.action)).toEqual(["customer.updated", "customer.created"]);
    expect(trail[1]).toMatchObject({ requestId: "req-create", apiKeyId: keyIds.IMPORTER!.id, apiKeyPrefix: keyIds.IMPORTER!.prefix, recordType: "Customer" });
    expect(trail[1].changes).toEqual([
      { field: "firstName", before: null, after: "Ann" },
      { field: "email", before: null, after: "ann@example.com" },
      { field: "customFields.tier", before: null, after: "gold" },
    ]);
    // the email was given again unchanged: only what changed is listed
    expect(trail[0].changes).toEqual([
      { field: "firstName", before: "Ann", after: "Anne" },
      { field: "company", before: null, after: "Acme" },
    ]);
    expect(trail[0].requestId).toBe("req-update");

    await gql(ws.keys.IMPORTER, `mutation($id: ID!) { deleteCustomer(input: { id: $id }) { deletedId } }`, { id }, "req-delete");
    const [deleted] = await events({ recordId: id, action: "customer.deleted" });
    expect(deleted.requestId).toBe("req-delete");
    expect(deleted.changes).toEqual([
      { field: "firstName", before: "Anne", after: null },
      { field: "email", before: "ann@example.com", after: null },
      { field: "company", before: "Acme", after: null },
      { field: "customFields.tier", before: "gold", after: null },
    ]);
  });

  it("records interactions and transactions created through the API, and a bulk upsert once per call with its counts", async () => {
    const c = await gql(ws.keys.IMPORTER, `mutation { createCustomer(input: { externalId: "ACT-1" }) { customer { id } } }`);
    const interaction = await gql(
      ws.keys.IMPORTER,
      `mutation($id: ID!) { createInteraction(input: { customerId: $id, type: CALL, subject: "Hello", occurredAt: "2024-01-02T03:04:05Z" }) { interaction { id } userErrors { code } } }`,
      { id: c.createCustomer.customer.id },
    );
    const [i] = await events({ recordId: interaction.createInteraction.interaction.id });
    expect(i.action).toBe("interaction.created");
    expect(i.changes).toEqual(
      expect.arrayContaining([
        { field: "subject", before: null, after: "Hello" },
        { field: "customerId", before: null, after: c.createCustomer.customer.id },
      ]),
    );
    const tx = await gql(
      ws.keys.IMPORTER,
      `mutation($id: ID!) { createTransaction(input: { customerId: $id, amount: "12.50", currency: "EUR", occurredAt: "2024-01-02T03:04:05Z" }) { transaction { id } userErrors { code } } }`,
      { id: c.createCustomer.customer.id },
    );
    const [tr] = await events({ recordId: tx.createTransaction.transaction.id });
    expect(tr.action).toBe("transaction.created");
    expect(tr.changes).toEqual(
      expect.arrayContaining([
        { field: "amount", before: null, after: expect.stringMatching(/^12\.50*$/) },
        { field: "currency", before: null, after: "EUR" },
        { field: "occurredAt", before: null, after: "2024-01-02T03:04:05.000Z" },
      ]),
    );

    const bulk = await gql(
      ws.keys.IMPORTER,
      `mutation { upsertCustomers(input: { records: [{ externalId: "B1", email: "b1@example.com" }, { externalId: "ACT-1", company: "Updated" }, { email: "bad" }] }) { job { id } } }`,
      {},
      "req-bulk",
    );
    const found = await events({ action: "customer.bulk_upserted" });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ recordType: "ImportJob", recordId: bulk.upsertCustomers.job.id, requestId: "req-bulk" });
    expect(found[0].details).toMatchObject({ records: 3, inserted: 1, updated: 1, failed: 1 });
  });

  it("records webhook endpoint changes, never the secret", async () => {
    const created = await gql(
      ws.keys.ADMIN,
      `mutation { createWebhookEndpoint(input: { url: "http://127.0.0.1:9/hook", events: ["import.completed"] }) { secret endpoint { id } userErrors { code } } }`,
    );
    const id = created.createWebhookEndpoint.endpoint.id;
    await gql(
      ws.keys.ADMIN,
      `mutation($id: ID!) { updateWebhookEndpoint(input: { id: $id, events: ["import.failed"], enabled: false }) { userErrors { code } } }`,
      { id },
    );
    await gql(ws.keys.ADMIN, `mutation($id: ID!) { deleteWebhookEndpoint(input: { id: $id }) { userErrors { code } } }`, { id });
    const trail = await events({ recordId: id });
    expect(trail.map((e: any) => e.action)).toEqual(["webhook_endpoint.deleted", "webhook_endpoint.updated", "webhook_endpoint.created"]);
    expect(trail[1].changes).toEqual([
      { field: "events", before: ["import.completed"], after: ["import.failed"] },
      { field: "enabled", before: true, after: false },
    ]);
    expect(JSON.stringify(trail)).not.toContain(created.createWebhookEndpoint.secret);
  });
});

describe("imports, downloads and field provenance", () => {
  const CSV1 = "externalId,email,company\nP1,p1@example.com,First Co\nP2,p2@example.com,\n";
  const CSV2 = "externalId,Firma\nP1,Second Co\n";
  let job1: string;
  let job2: string;
  let afterFirst: any;

  it("records an import's start and writes each field's source: job, row and column", async () => {
    job1 = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "people.csv", content: CSV1 });
    expect(await waitForJob(t, ws.keys.IMPORTER, job1)).toMatchObject({ status: "COMPLETED" });
    const [started] = await events({ recordId: job1 });
    expect(started).toMatchObject({ action: "import.started", apiKeyId: keyIds.IMPORTER!.id, recordType: "ImportJob" });
    expect(started.details).toMatchObject({ fileName: "people.csv", entity: "CUSTOMER" });

    afterFirst = await sourcesOf(await customerId("p1@example.com"));
    expect(afterFirst.fieldSources.map((s: any) => [s.field, s.kind, s.importJobId, s.row, s.column])).toEqual([
      ["company", "IMPORT", job1, 1, "company"],
      ["email", "IMPORT", job1, 1, "email"],
      ["externalId", "IMPORT", job1, 1, "externalId"],
    ]);
    // an empty cell gives no value, so it is no field's source
    const p2 = await sourcesOf(await customerId("p2@example.com"));
    expect(p2.fieldSources.map((s: any) => [s.field, s.row])).toEqual([
      ["email", 2],
      ["externalId", 2],
    ]);
  });

  it("a later import takes over only the fields it wrote, and its revert restores values and sources alike", async () => {
    job2 = await startImport(
      t,
      ws.keys.IMPORTER,
      {
        entity: "CUSTOMER",
        mapping: [
          { source: "externalId", target: "externalId" },
          { source: "Firma", target: "company" },
        ],
      },
      { name: "update.csv", content: CSV2 },
    );
    expect((await waitForJob(t, ws.keys.IMPORTER, job2)).status).toBe("COMPLETED");
    const id = await customerId("p1@example.com");
    const updated = await sourcesOf(id);
    expect(updated.company).toBe("Second Co");
    expect(updated.fieldSources.map((s: any) => [s.field, s.importJobId, s.row, s.column])).toEqual([
      ["company", job2, 1, "Firma"],
      ["email", job1, 1, "email"],
      ["externalId", job2, 1, "externalId"],
    ]);
    const reverted = await gql(
      ws.keys.IMPORTER,
      `mutation($id: ID!) { revertImport(input: { id: $id }) { job { status } userErrors { code } } }`,
      { id: job2 },
      "req-revert",
    );
    expect(reverted.revertImport).toEqual({ job: { status: "REVERTED" }, userErrors: [] });
    expect(await sourcesOf(id)).toEqual(afterFirst);
    const [event] = await events({ recordId: job2, action: "import.reverted" });
    expect(event.requestId).toBe("req-revert");
    expect(event.details.revertReport.CUSTOMER).toMatchObject({ restored: 1 });
  });

  it("an API write becomes its fields' source with the key and request", async () => {
    const id = await customerId("p1@example.com");
    await gql(ws.keys.IMPORTER, `mutation($id: ID!) { updateCustomer(input: { id: $id, company: "Hand Co" }) { userErrors { code } } }`, { id }, "req-hand");
    const sources = (await sourcesOf(id)).fieldSources;
    const company = sources.find((s: any) => s.field === "company");
    expect(company).toMatchObject({
      kind: "API",
      apiKeyId: keyIds.IMPORTER!.id,
      apiKeyPrefix: keyIds.IMPORTER!.prefix,
      requestId: "req-hand",
      importJobId: null,
      row: null,
      column: null,
    });
    expect(Date.now() - Date.parse(company.at)).toBeLessThan(10 * 60_000);
    expect(sources.find((s: any) => s.field === "email")).toMatchObject({ kind: "IMPORT", importJobId: job1 });
  });

  it("keeps each row's own fields when the rows of one file give different ones, imported or applied from a dry run", async () => {
    const mapping = [
      { source: "id", target: "externalId" },
      { source: "mail", target: "email" },
      { source: "firm", target: "company" },
      { source: "labels", target: "tags" },
      { source: "tier", target: "customFields.tier" },
      { source: "since", target: "createdAt" },
    ];
    const csv = (p: string) =>
      [
        "id,mail,firm,labels,tier,since",
        `${p}1,${p}1@example.com,One Co,vip,gold,2020-01-02`,
        `${p}2,${p}2@example.com,,,,`,
        `${p}3,${p}3@example.com,Three Co,,silver,`,
        // the first row's fields again, after two other lists
        `${p}4,${p}4@example.com,Four Co,vip,gold,2020-01-02`,
        `${p}5,,Five Co,,,2021-05-06`,
      ].join("\n");
    const ALL = ["company", "createdAt", "customFields.tier", "email", "externalId", "tags"];
    const expected: [string, string[]][] = [
      ["1", ALL],
      ["2", ["email", "externalId"]],
      ["3", ["company", "customFields.tier", "email", "externalId"]],
      ["4", ALL],
      ["5", ["company", "createdAt", "externalId"]],
    ];
    const columnOf: Record<string, string> = {
      company: "firm",
      createdAt: "since",
      "customFields.tier": "tier",
      email: "mail",
      externalId: "id",
      tags: "labels",
    };
    const sourcesByExternalId = async (externalId: string) =>
      (await dataOf(t, ws.keys.VIEWER, `query($x: String!) { customer(externalId: $x) { fieldSources { field importJobId row column } } }`, { x: externalId }))
        .customer.fieldSources;

    const imported = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER", mapping }, { name: "mixed.csv", content: csv("MX") });
    expect(await waitForJob(t, ws.keys.IMPORTER, imported)).toMatchObject({ status: "COMPLETED", insertedCount: 5, failedCount: 0 });
    const dry = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER", mapping, dryRun: true }, { name: "mixed-plan.csv", content: csv("MP") });
    expect(await waitForJob(t, ws.keys.IMPORTER, dry)).toMatchObject({ status: "COMPLETED", insertedCount: 5, failedCount: 0 });
    const applied = await gql(ws.keys.IMPORTER, `mutation($id: ID!) { applyImportPlan(input: { id: $id }) { job { id } userErrors { code } } }`, { id: dry });
    expect(applied.applyImportPlan.userErrors).toEqual([]);
    const applyJob = applied.applyImportPlan.job.id as string;
    expect(await waitForJob(t, ws.keys.IMPORTER, applyJob)).toMatchObject({ status: "COMPLETED", insertedCount: 5, failedCount: 0 });

    // as stored: one writer with the job's uuid, the row, when, and the fields in their stored order
    const stored = await t.server.db.sql.query<{ external_id: string; field_sources: unknown }>(
      `select external_id, field_sources from customer where workspace_id = $1 and external_id in ('MX3', 'MP5') order by external_id`,
      [ws.id],
    );
    const uuidOf = (globalId: string) => Buffer.from(globalId, "base64url").toString().split(":")[1];
    const at = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(stored).toEqual([
      { external_id: "MP5", field_sources: [{ j: uuidOf(applyJob), r: 5, at, f: ["externalId", "company", "createdAt"] }] },
      { external_id: "MX3", field_sources: [{ j: uuidOf(imported), r: 3, at, f: ["externalId", "email", "company", "customFields.tier"] }] },
    ]);
    for (const [prefix, job] of [
      ["MX", imported],
      ["MP", applyJob],
    ] as const) {
      for (const [n, fields] of expected) {
        expect(await sourcesByExternalId(`${prefix}${n}`), `${prefix}${n}`).toEqual(
          fields.map((field) => ({ field, importJobId: job, row: Number(n), column: columnOf[field] })),
        );
      }
    }
  });

  it("records a cancelled import", async () => {
    const runAt = new Date(Date.now() + 3_600_000).toISOString();
    const id = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER", options: { runAt } }, { name: "later.csv", content: CSV1 });
    await gql(ws.keys.IMPORTER, `mutation($id: ID!) { cancelImport(input: { id: $id }) { job { status } } }`, { id }, "req-cancel");
    const trail = await events({ recordId: id });
    expect(trail.map((e: any) => [e.action, e.details.status])).toEqual([
      ["import.cancelled", "CANCELLED"],
      ["import.started", "SCHEDULED"],
    ]);
    expect(trail[0].requestId).toBe("req-cancel");
  });

  it("records export, error report and results downloads", async () => {
    const download = async (path: string, requestId: string) => {
      const res = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${ws.keys.VIEWER}`, "x-request-id": requestId } });
      expect(res.status).toBe(200);
      await res.text();
    };
    const rowId = Buffer.from(job1, "base64url").toString().split(":")[1];
    await download("/export/customers.csv?country=DE", "req-export");
    await download(`/import-jobs/${job1}/errors.csv`, "req-errors");
    await download(`/imports/${job1}/results.csv`, "req-results");
    expect(rowId).toBeTruthy();
    const [exported] = await events({ action: "export.downloaded" });
    expect(exported).toMatchObject({ requestId: "req-export", apiKeyId: keyIds.VIEWER!.id, recordId: null });
    expect(exported.details).toMatchObject({ entity: "customers", format: "csv", filter: { country: "DE" } });
    const reports = await events({ recordId: job1, action: "import.*" });
    expect(reports.map((e: any) => [e.action, e.requestId])).toEqual(
      [
        ["import.results_downloaded", "req-results"],
        ["import.error_report_downloaded", "req-errors"],
        ["import.started", null],
      ].map(([a, r]) => (a === "import.started" ? [a, expect.anything()] : [a, r])),
    );
  });
});

describe("auditEvents", () => {
  it("pages newest first with cursors and filters by action, key and time", async () => {
    const all = await events();
    const seen: any[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = (await dataOf(t, ws.keys.ADMIN, EVENTS, { first: 3, after })).auditEvents;
      seen.push(...page.edges.map((e: any) => e.node));
      expect(page.totalCount).toBe(all.length);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all);
    const times = all.map((e: any) => Date.parse(e.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const byViewer = await events({ keyId: keyIds.VIEWER!.id });
    expect(byViewer.length).toBeGreaterThan(0);
    expect(byViewer.every((e: any) => e.apiKeyId === keyIds.VIEWER!.id)).toBe(true);
    expect((await events({ action: "customer.*" })).every((e: any) => e.action.startsWith("customer."))).toBe(true);
    const middle = all[Math.floor(all.length / 2)];
    const since = await events({ since: middle.at });
    expect(since.every((e: any) => Date.parse(e.at) >= Date.parse(middle.at))).toBe(true);
    expect(since.map((e: any) => e.id)).toContain(middle.id);
    const until = await events({ until: middle.at });
    expect(until.map((e: any) => e.id)).not.toContain(middle.id);
    expect(since.length + until.length).toBe(all.length);
  });

  it("is ADMIN only, sees nothing of another workspace, and refuses bad input with codes", async () => {
    for (const key of [ws.keys.IMPORTER, ws.keys.VIEWER]) {
      expect((await errorOf(t, key, EVENTS, {})).extensions.code).toBe("FORBIDDEN");
    }
    const theirs = (await dataOf(t, other.keys.ADMIN, EVENTS, { first: 100 })).auditEvents;
    expect(theirs.totalCount).toBe(0);
    // another workspace's record id finds nothing here either
    const ours = await events({ action: "customer.created" });
    expect((await dataOf(t, other.keys.ADMIN, EVENTS, { filter: { recordId: ours[0].recordId } })).auditEvents.totalCount).toBe(0);
    expect((await errorOf(t, ws.keys.ADMIN, EVENTS, { after: "nonsense" })).extensions.code).toBe("BAD_USER_INPUT");
    expect((await errorOf(t, ws.keys.ADMIN, EVENTS, { filter: { keyId: "nope" } })).extensions.code).toBe("BAD_USER_INPUT");
    const later = new Date().toISOString();
    expect((await errorOf(t, ws.keys.ADMIN, EVENTS, { filter: { since: later, until: "2020-01-01T00:00:00Z" } })).extensions.code).toBe("BAD_USER_INPUT");
  });

  it("downloads as CSV with formulas neutralised and as NDJSON, ADMIN only", async () => {
    await gql(ws.keys.IMPORTER, `mutation { createCustomer(input: { externalId: "F1" }) { customer { id } } }`, {}, "-2-3");
    const res = await fetch(`${t.url}/audit/events.csv?action=customer.created`, { headers: { authorization: `Bearer ${ws.keys.ADMIN}` } });
    expect(res.status).toBe(200);
    const csv = await res.text();
    expect(csv.split("\r\n")[0]!.replace(/^\uFEFF/, "")).toBe("id,at,action,apiKeyId,apiKeyPrefix,requestId,recordType,recordId,changes,details");
    expect(csv).toContain(",'-2-3,");
    expect(csv).not.toContain(",-2-3,");
    const nd = await fetch(`${t.url}/audit/events.ndjson?action=customer.created`, { headers: { authorization: `Bearer ${ws.keys.ADMIN}` } });
    const lines = (await nd.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.length).toBe((await events({ action: "customer.created" })).length);
    expect(lines[0]).toMatchObject({ action: "customer.created", requestId: "-2-3", changes: [{ field: "externalId", before: null, after: "F1" }] });
    const refused = await fetch(`${t.url}/audit/events.csv`, { headers: { authorization: `Bearer ${ws.keys.IMPORTER}` } });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as any).errors[0].extensions.code).toBe("FORBIDDEN");
    const bad = await fetch(`${t.url}/audit/events.csv?since=yesterday`, { headers: { authorization: `Bearer ${ws.keys.ADMIN}` } });
    expect(bad.status).toBe(400);
    const exported = await events({ action: "audit.exported" });
    expect(exported.map((e: any) => e.details)).toEqual([
      { format: "ndjson", filter: { action: "customer.created" } },
      { format: "csv", filter: { action: "customer.created" } },
    ]);
  });
});

describe("append-only", () => {
  it("refuses UPDATE and DELETE, for the app role and the owner alike", async () => {
    const scoped = t.server.db.scoped(ws.id);
    await expect(scoped.query("update audit_event set action = 'forged'")).rejects.toThrow(/permission denied|append-only/);
    await expect(scoped.query("delete from audit_event")).rejects.toThrow(/permission denied|append-only/);
    await expect(t.server.db.sql.query("update audit_event set action = 'forged'")).rejects.toThrow(/append-only/);
    await expect(t.server.db.sql.query("delete from audit_event")).rejects.toThrow(/append-only/);
    await expect(t.server.db.sql.query("truncate audit_event")).rejects.toThrow(/append-only/);
    // the app role sees and writes only its own workspace
    await expect(scoped.query("insert into audit_event (workspace_id, action) values ($1, 'x')", [other.id])).rejects.toThrow(/row-level security/);
    const visible = await scoped.query<{ n: string }>("select count(distinct workspace_id) as n from audit_event");
    expect(Number(visible[0]!.n)).toBe(1);
    const count = await t.server.db.sql.query<{ n: string }>("select count(*) as n from audit_event where action = 'forged'");
    expect(Number(count[0]!.n)).toBe(0);
  });
});
