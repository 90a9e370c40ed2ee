import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { startServer, type AppServer } from "../../src/server.js";
import { createApiKey, ensureWorkspace } from "../../src/services/api-key.service.js";
import { createTestDatabase } from "../helpers/test-server.js";

// The activity writer on both databases: each row linked to its customer by externalId or email,
// identities (externalId, else a transaction's content) found again on a second run, and rows
// without an identity given their own records. Text with every character COPY or JSON treats
// specially must come back as sent.
const PAYLOAD = `job { insertedCount unchangedCount skippedCount failedCount } results { index status id errors { code field value } }`;
const UPSERT = (entity: "Transactions" | "Interactions" | "Customers") =>
  `mutation($input: Upsert${entity}Input!) { upsert${entity}(input: $input) { ${PAYLOAD} userErrors { code message } } }`;

// COPY's special characters, its end-of-data marker and its NULL as text, beside plain text
const AWKWARD = "tab\there, line\nbreak\r\nback\\slash \\N \\.\n\\.\n, 中文 ✓";

interface Stack {
  readonly server: AppServer;
  readonly key: string;
  stop(): Promise<void>;
}

const onPostgres = async (): Promise<Stack> => {
  const db = await createTestDatabase();
  const server = await startServer({
    ...loadConfig({ NODE_ENV: "test", DATA_ENCRYPTION_KEY: process.env.DATA_ENCRYPTION_KEY }),
    port: 0,
    host: "127.0.0.1",
    databaseUrl: db.url,
    importWorkers: 0,
  });
  const ws = await ensureWorkspace(server.db.sql, "activities");
  return {
    server,
    key: (await createApiKey(server.db.sql, ws, "ADMIN", "activities")).key,
    stop: async () => {
      await server.stop();
      await db.drop();
    },
  };
};

const embedded = async (): Promise<Stack> => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crm-activities-embedded-"));
  const server = await startServer({
    ...loadConfig({ NODE_ENV: "test", DATA_ENCRYPTION_KEY: process.env.DATA_ENCRYPTION_KEY }),
    port: 0,
    host: "127.0.0.1",
    databaseUrl: null,
    dataDir: dir,
    logLevel: "silent",
  });
  const ws = await ensureWorkspace(server.db.sql, "activities");
  return {
    server,
    key: (await createApiKey(server.db.sql, ws, "ADMIN", "activities")).key,
    stop: async () => {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
};

describe.each([
  ["PostgreSQL", onPostgres],
  ["the embedded database", embedded],
])("activity writes on %s", (_name, start) => {
  let s: Stack;
  beforeAll(async () => {
    s = await start();
  }, 60_000);
  afterAll(async () => s?.stop());

  const gql = async (query: string, variables: Record<string, unknown>): Promise<any> => {
    const res = await fetch(`${s.server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${s.key}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as any;
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    return body.data;
  };
  const upsert = async (entity: "Transactions" | "Interactions" | "Customers", input: Record<string, unknown>) => {
    const payload = (await gql(UPSERT(entity), { input }))[`upsert${entity}`];
    expect(payload.userErrors).toEqual([]);
    return payload;
  };
  const statuses = (payload: any) => payload.results.map((r: any) => r.status);
  const nodes = (ids: readonly string[], fields: string) =>
    Promise.all(ids.map(async (id) => (await gql(`query($id: ID!) { node(id: $id) { ${fields} } }`, { id })).node));

  beforeAll(async () => {
    await upsert("Customers", {
      records: [
        { externalId: "S-1", email: "s1@example.com" },
        { externalId: "S-2", email: "s2@example.com" },
      ],
    });
  });

  const TRANSACTIONS = [
    { externalId: "ST-1", customerExternalId: "S-2", amount: "10.00", currency: "USD", occurredAt: "2024-05-01T10:00:00Z", description: AWKWARD },
    // no externalId: identified by content; the second identical row is a second payment
    { customerEmail: "s1@example.com", amount: "5", currency: "EUR", occurredAt: "2024-05-02T10:00:00Z" },
    { customerEmail: "s1@example.com", amount: "5", currency: "EUR", occurredAt: "2024-05-02T10:00:00Z" },
    { customerExternalId: "nobody", amount: "5", currency: "EUR", occurredAt: "2024-05-03T10:00:00Z" },
    { externalId: "ST-2", customerEmail: "s2@example.com", amount: "7", currency: "USD", occurredAt: "2024-05-04T10:00:00Z", description: "\\N" },
  ];

  it("inserts each row with its customer, by externalId or email, and fails an unknown customer", async () => {
    const payload = await upsert("Transactions", { records: TRANSACTIONS });
    expect(statuses(payload)).toEqual(["INSERTED", "INSERTED", "INSERTED", "FAILED", "INSERTED"]);
    expect(payload.results[3].errors).toEqual([{ code: "CUSTOMER_NOT_FOUND", field: "customerExternalId", value: "nobody" }]);
    const ids = payload.results.filter((r: any) => r.id).map((r: any) => r.id);
    expect(new Set(ids).size).toBe(4);
    const stored = await nodes(ids, `... on Transaction { externalId amount currency description customer { externalId } }`);
    expect(stored).toEqual([
      { externalId: "ST-1", amount: "10.00", currency: "USD", description: AWKWARD, customer: { externalId: "S-2" } },
      { externalId: null, amount: "5.00", currency: "EUR", description: null, customer: { externalId: "S-1" } },
      { externalId: null, amount: "5.00", currency: "EUR", description: null, customer: { externalId: "S-1" } },
      { externalId: "ST-2", amount: "7.00", currency: "USD", description: "\\N", customer: { externalId: "S-2" } },
    ]);
  });

  it("finds the same rows again unchanged (never a second posting), and CREATE skips them", async () => {
    const first = await upsert("Transactions", { records: TRANSACTIONS });
    expect(statuses(first)).toEqual(["UNCHANGED", "UNCHANGED", "UNCHANGED", "FAILED", "UNCHANGED"]);
    const created = await upsert("Transactions", { mode: "CREATE", records: [TRANSACTIONS[0], { ...TRANSACTIONS[0], externalId: "ST-3" }] });
    expect(statuses(created)).toEqual(["SKIPPED", "INSERTED"]);
    expect(created.results[0].errors.map((e: any) => e.code)).toEqual(["EXISTS"]);
    const changed = await upsert("Transactions", { records: [{ ...TRANSACTIONS[4], description: "changed" }] });
    expect(statuses(changed)).toEqual(["UPDATED"]);
  });

  it("creates a missing customer on request and links the row to it", async () => {
    const payload = await upsert("Transactions", {
      options: { createMissingCustomers: true },
      records: [{ externalId: "ST-9", customerExternalId: "S-new", amount: "1", currency: "USD", occurredAt: "2024-05-05T10:00:00Z" }, TRANSACTIONS[0]],
    });
    expect(statuses(payload)).toEqual(["INSERTED", "UNCHANGED"]);
    const [stored] = await nodes([payload.results[0].id], `... on Transaction { customer { externalId } }`);
    expect(stored).toEqual({ customer: { externalId: "S-new" } });
  });

  it("gives interactions without an externalId, several per customer, each its own record", async () => {
    const records = [
      { customerExternalId: "S-1", type: "call", subject: "one", occurredAt: "2024-06-01T10:00:00Z" },
      { customerEmail: "s2@example.com", type: "email", subject: "two", occurredAt: "2024-06-01T11:00:00Z" },
      { customerExternalId: "S-1", type: "meeting", subject: "three", occurredAt: "2024-06-02T10:00:00Z" },
      { customerExternalId: "S-2", type: "note", subject: AWKWARD, occurredAt: "2024-06-03T10:00:00Z" },
      { customerExternalId: "S-1", type: "call", subject: "five", occurredAt: "2024-06-01T09:00:00Z" },
      { externalId: "SI-6", customerExternalId: "S-1", type: "call", subject: "six", occurredAt: "2024-06-04T09:00:00Z" },
    ];
    const payload = await upsert("Interactions", { records });
    expect(statuses(payload)).toEqual(records.map(() => "INSERTED"));
    const stored = await nodes(
      payload.results.map((r: any) => r.id),
      `... on Interaction { subject customer { externalId } }`,
    );
    expect(stored).toEqual([
      { subject: "one", customer: { externalId: "S-1" } },
      { subject: "two", customer: { externalId: "S-2" } },
      { subject: "three", customer: { externalId: "S-1" } },
      { subject: AWKWARD, customer: { externalId: "S-2" } },
      { subject: "five", customer: { externalId: "S-1" } },
      { subject: "six", customer: { externalId: "S-1" } },
    ]);
  });
});
