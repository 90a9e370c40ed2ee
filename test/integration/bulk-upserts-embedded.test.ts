import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { startServer, type AppServer } from "../../src/server.js";
import { createApiKey, ensureWorkspace } from "../../src/services/api-key.service.js";

// the embedded database (PGlite): the idempotency index, the outcome arrays and the job in one transaction
describe("bulk upserts on the embedded database", () => {
  let dir: string;
  let server: AppServer;
  let key: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "crm-bulk-embedded-"));
    server = await startServer({ ...loadConfig({ NODE_ENV: "test" }), port: 0, host: "127.0.0.1", databaseUrl: null, dataDir: dir, logLevel: "silent" });
    const ws = await ensureWorkspace(server.db.sql, "embedded-bulk");
    key = (await createApiKey(server.db.sql, ws, "IMPORTER", "bulk")).key;
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const call = async (input: Record<string, unknown>) => {
    const res = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify({
        query: `mutation($input: UpsertCustomersInput!) { upsertCustomers(input: $input) {
          job { id source resultsUrl insertedCount failedCount } results { index status id errors { code } } userErrors { code } } }`,
        variables: { input },
      }),
    });
    const body = (await res.json()) as any;
    expect(body.errors).toBeUndefined();
    return body.data.upsertCustomers;
  };

  it("writes, replays a retry and serves the results file", async () => {
    const input = {
      idempotencyKey: "embedded-1",
      records: [
        { externalId: "E-1", email: "e1@example.com" },
        { externalId: "E-2", email: "nope" },
      ],
    };
    const first = await call(input);
    expect(first.results.map((r: any) => r.status)).toEqual(["INSERTED", "FAILED"]);
    expect(first.job).toMatchObject({ source: "API", insertedCount: 1, failedCount: 1 });
    expect(await call(input)).toEqual(first);
    expect((await call({ ...input, records: [{ externalId: "E-3" }] })).userErrors.map((e: any) => e.code)).toEqual(["IDEMPOTENCY_KEY_REUSED"]);
    const res = await fetch(`${first.job.resultsUrl}?format=ndjson`, { headers: { authorization: `Bearer ${key}` } });
    const lines = (await res.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { row: 1, status: "INSERTED", id: first.results[0].id, externalId: "E-1", errors: [] },
      { row: 2, status: "FAILED", id: null, externalId: null, errors: ["INVALID_EMAIL"] },
    ]);
  });
});
