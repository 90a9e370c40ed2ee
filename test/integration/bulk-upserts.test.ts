import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalSha256 } from "../../src/common/canonical-sha256.js";
import { fromGlobalId } from "../../src/common/global-id.js";
import { dataOf, errorOf } from "../helpers/expect-gql.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";

let t: TestServer;
let ws: TestWorkspace;
let other: TestWorkspace;

beforeAll(async () => {
  t = await startTestServer({ importWorkers: 0 });
  ws = await t.workspace("bulk");
  other = await t.workspace("bulk-elsewhere");
});
afterAll(async () => t?.stop());

const PAYLOAD = `job { id source status fileName format totalRows processedRows insertedCount updatedCount unchangedCount skippedCount failedCount }
  results { index status id errors { row field code message } } userErrors { field code message }`;
const UPSERT_CUSTOMERS = `mutation($input: UpsertCustomersInput!) { upsertCustomers(input: $input) { ${PAYLOAD} } }`;
const UPSERT_INTERACTIONS = `mutation($input: UpsertInteractionsInput!) { upsertInteractions(input: $input) { ${PAYLOAD} } }`;
const UPSERT_TRANSACTIONS = `mutation($input: UpsertTransactionsInput!) { upsertTransactions(input: $input) { ${PAYLOAD} } }`;

const upsertCustomers = async (input: Record<string, unknown>, key = ws.keys.IMPORTER) => (await dataOf(t, key, UPSERT_CUSTOMERS, { input })).upsertCustomers;
const statuses = (payload: any) => payload.results.map((r: any) => r.status);
const codes = (payload: any) => payload.results.map((r: any) => r.errors.map((e: any) => e.code));
const countRows = async (table: string, workspaceId: string) =>
  Number((await t.server.db.sql.query<{ n: string }>(`select count(*) as n from ${table} where workspace_id = $1`, [workspaceId]))[0]!.n);

describe("upsertCustomers", () => {
  it("inserts, updates and leaves unchanged, cleaning as an import does, one result per record in input order", async () => {
    const first = await upsertCustomers({
      records: [
        {
          externalId: "B-1",
          firstName: " Ana ",
          email: " Ana@Example.COM ",
          phone: "(415) 555-0100",
          country: "United States",
          tags: ["vip", "new"],
          customFields: { tier: "gold" },
        },
        { externalId: "B-2", name: "Bo Chen", createdAt: "2024-03-05" },
      ],
      options: { defaultCountry: "US" },
    });
    expect(first.userErrors).toEqual([]);
    expect(first.job).toMatchObject({
      source: "API",
      status: "COMPLETED",
      fileName: "upsertCustomers",
      format: "JSON",
      totalRows: 2,
      processedRows: 2,
      insertedCount: 2,
    });
    expect(statuses(first)).toEqual(["INSERTED", "INSERTED"]);
    expect(first.results.map((r: any) => r.index)).toEqual([0, 1]);
    const node = await dataOf(
      t,
      ws.keys.VIEWER,
      `query($id: ID!) { node(id: $id) { ... on Customer { externalId firstName email phone country tags customFields } } }`,
      { id: first.results[0].id },
    );
    expect(node.node).toEqual({
      externalId: "B-1",
      firstName: "Ana",
      email: "ana@example.com",
      phone: "+14155550100",
      country: "US",
      tags: ["vip", "new"],
      customFields: { tier: "gold" },
    });
    const named = await dataOf(t, ws.keys.VIEWER, `query($id: ID!) { node(id: $id) { ... on Customer { firstName lastName createdAt } } }`, {
      id: first.results[1].id,
    });
    expect(named.node).toEqual({ firstName: "Bo", lastName: "Chen", createdAt: "2024-03-05T00:00:00.000Z" });
    const second = await upsertCustomers({
      records: [
        { externalId: "B-2", name: "Bo Chen" },
        { externalId: "B-1", city: "Austin" },
        { externalId: "B-3", lastName: "Diaz" },
      ],
    });
    expect(statuses(second)).toEqual(["UNCHANGED", "UPDATED", "INSERTED"]);
    expect(second.results[0].id).toBe(first.results[1].id);
    expect(second.results[1].id).toBe(first.results[0].id);
    expect(second.job).toMatchObject({ insertedCount: 1, updatedCount: 1, unchangedCount: 1, processedRows: 3 });
  });

  it("fails bad rows with the import's codes and skips a duplicate in the call as DUPLICATE_IN_FILE, writing the rest", async () => {
    const before = await countRows("customer", ws.id);
    const payload = await upsertCustomers({
      records: [
        { externalId: "F-1", email: "not-an-email" },
        { externalId: "F-2", phone: "12", country: "Atlantis" },
        { city: "Nowhere" },
        { externalId: "F-4", email: "f4@example.com" },
        { externalId: "F-5", email: "F4@example.com" },
      ],
    });
    expect(statuses(payload)).toEqual(["FAILED", "FAILED", "FAILED", "INSERTED", "SKIPPED"]);
    expect(codes(payload)).toEqual([["INVALID_EMAIL"], ["INVALID_PHONE", "INVALID_COUNTRY"], ["REQUIRED"], [], ["DUPLICATE_IN_FILE"]]);
    expect(payload.results[4].errors[0].row).toBe(5);
    expect(payload.results.filter((r: any) => r.status === "FAILED" || r.status === "SKIPPED").every((r: any) => r.id === null)).toBe(true);
    expect(payload.job).toMatchObject({ insertedCount: 1, failedCount: 3, skippedCount: 1 });
    expect(await countRows("customer", ws.id)).toBe(before + 1);
    const errors = await dataOf(t, ws.keys.VIEWER, `query($id: ID!) { importJob(id: $id) { errors(first: 10) { totalCount edges { node { row code } } } } }`, {
      id: payload.job.id,
    });
    expect(errors.importJob.errors.edges.map((e: any) => [e.node.row, e.node.code])).toEqual([
      [1, "INVALID_EMAIL"],
      [2, "INVALID_PHONE"],
      [2, "INVALID_COUNTRY"],
      [3, "REQUIRED"],
      [5, "DUPLICATE_IN_FILE"],
    ]);
  });

  it("skips existing records in mode CREATE and unknown ones in mode UPDATE", async () => {
    await upsertCustomers({ records: [{ externalId: "M-1", firstName: "Mo" }] });
    const created = await upsertCustomers({
      mode: "CREATE",
      records: [
        { externalId: "M-1", firstName: "Changed" },
        { externalId: "M-2", firstName: "New" },
      ],
    });
    expect(statuses(created)).toEqual(["SKIPPED", "INSERTED"]);
    expect(codes(created)[0]).toEqual(["EXISTS"]);
    const updated = await upsertCustomers({
      mode: "UPDATE",
      records: [
        { externalId: "M-1", firstName: "Moe" },
        { externalId: "M-9", firstName: "Ghost" },
      ],
    });
    expect(statuses(updated)).toEqual(["UPDATED", "SKIPPED"]);
    expect(codes(updated)[1]).toEqual(["NOT_FOUND"]);
  });

  it("refuses more than 1,000 records with BAD_USER_INPUT and writes nothing", async () => {
    const before = await countRows("customer", ws.id);
    const jobs = await countRows("import_job", ws.id);
    const records = Array.from({ length: 1001 }, (_, i) => ({ externalId: `X-${i}` }));
    const error = await errorOf(t, ws.keys.IMPORTER, UPSERT_CUSTOMERS, { input: { records } });
    expect(error.extensions.code).toBe("BAD_USER_INPUT");
    expect(await countRows("customer", ws.id)).toBe(before);
    expect(await countRows("import_job", ws.id)).toBe(jobs);
  });

  it("is refused to a VIEWER key with FORBIDDEN, and writes nothing; records given inline in the query are read as from variables", async () => {
    const before = await countRows("customer", ws.id);
    const jobs = await countRows("import_job", ws.id);
    const refused = await errorOf(t, ws.keys.VIEWER, UPSERT_CUSTOMERS, { input: { records: [{ externalId: "V-1", firstName: "Vi" }] } });
    expect(refused.extensions.code).toBe("FORBIDDEN");
    expect(await countRows("customer", ws.id)).toBe(before);
    expect(await countRows("import_job", ws.id)).toBe(jobs);
    const inline = await dataOf(
      t,
      ws.keys.IMPORTER,
      `mutation { upsertCustomers(input: { records: [{ externalId: "INL-1", firstName: " Ina ", tags: ["a"] }, { externalId: "INL-2", email: "bad" }] }) { ${PAYLOAD} } }`,
    );
    expect(statuses(inline.upsertCustomers)).toEqual(["INSERTED", "FAILED"]);
    expect(codes(inline.upsertCustomers)).toEqual([[], ["INVALID_EMAIL"]]);
  });

  it("refuses a wrong field type and an unknown field as GraphQL validation errors (BAD_USER_INPUT)", async () => {
    const wrongType = await errorOf(t, ws.keys.IMPORTER, UPSERT_CUSTOMERS, { input: { records: [{ externalId: 12 }] } });
    expect(wrongType.extensions.code).toBe("BAD_USER_INPUT");
    const unknown = await errorOf(t, ws.keys.IMPORTER, UPSERT_CUSTOMERS, { input: { records: [{ externalId: "U-1", shoeSize: "44" }] } });
    expect(unknown.extensions.code).toBe("BAD_USER_INPUT");
    const tags = await errorOf(t, ws.keys.IMPORTER, UPSERT_CUSTOMERS, { input: { records: [{ externalId: "U-2", tags: [1, { a: 1 }] }] } });
    expect(tags.extensions.code).toBe("BAD_USER_INPUT");
  });

  it("reports a malformed customFields object, a bad option and a bad match key as userErrors, writing nothing", async () => {
    const jobs = await countRows("import_job", ws.id);
    const payload = await upsertCustomers({
      records: [{ externalId: "C-1" }, { externalId: "C-2", customFields: { "bad key!": "x", ok: { nested: 1 } } }],
      matchOn: ["city"],
      options: { defaultCountry: "Germany" },
    });
    expect(payload.job).toBeNull();
    expect(payload.results).toEqual([]);
    expect(payload.userErrors.map((e: any) => [e.code, e.field])).toEqual([
      ["INVALID_OPTION", ["input", "options", "defaultCountry"]],
      ["INVALID_MATCH_KEY", ["input", "matchOn", "0"]],
      ["INVALID_KEY", ["input", "records", "1", "customFields", "bad key!"]],
      ["INVALID_VALUE", ["input", "records", "1", "customFields", "ok"]],
    ]);
    expect(await countRows("import_job", ws.id)).toBe(jobs);
  });

  it("replays a retried call with the same idempotency key and records, and refuses the key with other records", async () => {
    const input = { idempotencyKey: "sync-0001", records: [{ externalId: "I-1", email: "i1@example.com" }, { email: "bad" }] };
    const first = await upsertCustomers(input);
    expect(statuses(first)).toEqual(["INSERTED", "FAILED"]);
    const jobs = await countRows("import_job", ws.id);
    const again = await upsertCustomers({ ...input, records: input.records.map((r) => ({ ...r })) });
    expect(again).toEqual(first);
    expect(await countRows("import_job", ws.id)).toBe(jobs);
    const reused = await upsertCustomers({ ...input, records: [{ externalId: "I-2" }] });
    expect(reused.job).toBeNull();
    expect(reused.userErrors.map((e: any) => e.code)).toEqual(["IDEMPOTENCY_KEY_REUSED"]);
    // another workspace has keys of its own
    const elsewhere = await upsertCustomers(input, other.keys.IMPORTER);
    expect(statuses(elsewhere)).toEqual(["INSERTED", "FAILED"]);
    expect(elsewhere.job.id).not.toBe(first.job.id);
  });

  it("hashes a call's records only under an idempotency key: the same records without one are written each time", async () => {
    const input = { records: [{ externalId: "H-1", firstName: "Hana" }] };
    const first = await upsertCustomers(input);
    const second = await upsertCustomers(input);
    expect([statuses(first), statuses(second)]).toEqual([["INSERTED"], ["UNCHANGED"]]);
    const keyed = await upsertCustomers({ ...input, idempotencyKey: "hash-1" });
    const stored = await t.server.db.sql.query<{ id: string; file_sha256: string }>(
      "select id, file_sha256 from import_job where workspace_id = $1 and id = any($2::uuid[])",
      [ws.id, [first, second, keyed].map((p) => fromGlobalId(p.job.id)!.rowId)],
    );
    const sha = new Map(stored.map((r) => [r.id, r.file_sha256]));
    const [a, b, c] = [first, second, keyed].map((p) => sha.get(fromGlobalId(p.job.id)!.rowId)!);
    // without a key: an identity of the job's own, which no other job shares
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(b).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toBe(b);
    // with one: the hash of the input that a retry is compared by
    expect(c).toBe(canonicalSha256({ entity: "CUSTOMER", mode: "UPSERT", matchOn: ["externalId", "email"], options: {}, records: input.records }));
  });

  it("writes once when two calls with one key run at the same time", async () => {
    const input = { idempotencyKey: "race-1", records: Array.from({ length: 200 }, (_, i) => ({ externalId: `R-${i}`, firstName: `R${i}` })) };
    const [a, b] = await Promise.all([upsertCustomers(input), upsertCustomers(input)]);
    expect(a.job.id).toBe(b.job.id);
    expect(a.results).toEqual(b.results);
    const jobs = await t.server.db.sql.query<{ n: string }>("select count(*) as n from import_job where workspace_id = $1 and idempotency_key = 'race-1'", [
      ws.id,
    ]);
    expect(Number(jobs[0]!.n)).toBe(1);
  });

  it("writes a call of 1,000 records as one job: duplicates far apart in the call, failures, results in input order, replayed whole, reverted whole", async () => {
    await upsertCustomers({ records: [{ externalId: "SL-EXISTING", firstName: "Old" }] });
    const records: Record<string, unknown>[] = Array.from({ length: 1000 }, (_, i) => ({ externalId: `SL-${i}`, email: `sl${i}@example.com` }));
    records[1] = { externalId: "SL-EXISTING", firstName: "New" };
    records[300] = { externalId: "SL-0", firstName: "again" }; // the same externalId as records[0]
    records[600] = { externalId: "SL-600", email: "not-an-email" };
    records[999] = { externalId: "SL-999", email: "SL2@example.com" }; // records[2]'s email, in another case
    const input = { idempotencyKey: "slices-1", records };
    const payload = await upsertCustomers(input);
    expect(payload.userErrors).toEqual([]);
    expect(payload.results.map((r: any) => r.index)).toEqual(records.map((_, i) => i));
    const expected = records.map(() => "INSERTED");
    expected[1] = "UPDATED";
    expected[300] = "SKIPPED";
    expected[600] = "FAILED";
    expected[999] = "SKIPPED";
    expect(statuses(payload)).toEqual(expected);
    expect(payload.results[300].errors).toEqual([expect.objectContaining({ row: 301, code: "DUPLICATE_IN_FILE", field: "externalId" })]);
    expect(payload.results[600].errors).toEqual([expect.objectContaining({ row: 601, code: "INVALID_EMAIL", field: "email" })]);
    expect(payload.results[999].errors).toEqual([expect.objectContaining({ row: 1000, code: "DUPLICATE_IN_FILE", field: "email" })]);
    expect(payload.job).toMatchObject({ totalRows: 1000, processedRows: 1000, insertedCount: 996, updatedCount: 1, skippedCount: 2, failedCount: 1 });
    expect(new Set(payload.results.filter((r: any) => r.id !== null).map((r: any) => r.id)).size).toBe(997);
    expect(await upsertCustomers({ ...input, records: records.map((r) => ({ ...r })) })).toEqual(payload);
    const reverted = await dataOf(t, ws.keys.IMPORTER, `mutation($id: ID!) { revertImport(input: { id: $id }) { job { status } userErrors { code } } }`, {
      id: payload.job.id,
    });
    expect(reverted.revertImport).toEqual({ job: { status: "REVERTED" }, userErrors: [] });
    const left = await t.server.db.sql.query<{ external_id: string; first_name: string | null }>(
      "select external_id, first_name from customer where workspace_id = $1 and external_id like 'SL-%' order by external_id",
      [ws.id],
    );
    expect(left).toEqual([{ external_id: "SL-EXISTING", first_name: "Old" }]);
  });

  it("refuses a VIEWER, and never matches or shows another workspace's records", async () => {
    const refused = await errorOf(t, ws.keys.VIEWER, UPSERT_CUSTOMERS, { input: { records: [{ externalId: "V-1" }] } });
    expect(refused.extensions.code).toBe("FORBIDDEN");
    const mine = await upsertCustomers({ records: [{ externalId: "SHARED-1", firstName: "Mine" }] });
    const theirs = await upsertCustomers({ records: [{ externalId: "SHARED-1", firstName: "Theirs" }] }, other.keys.IMPORTER);
    expect(statuses(theirs)).toEqual(["INSERTED"]);
    expect(theirs.results[0].id).not.toBe(mine.results[0].id);
    const seen = await dataOf(t, other.keys.VIEWER, `query($id: ID!, $job: ID!) { node(id: $id) { id } importJob(id: $job) { id } }`, {
      id: mine.results[0].id,
      job: mine.job.id,
    });
    expect(seen).toEqual({ node: null, importJob: null });
  });

  it("is an import job like any other: listed, and reverted", async () => {
    await upsertCustomers({ records: [{ externalId: "RV-0", lastName: "Diaz" }] });
    const payload = await upsertCustomers({
      records: [
        { externalId: "RV-1", firstName: "Gone" },
        { externalId: "RV-0", lastName: "Diaz-Ruiz" },
      ],
    });
    expect(statuses(payload)).toEqual(["INSERTED", "UPDATED"]);
    const listed = await dataOf(t, ws.keys.VIEWER, "{ importJobs(first: 50) { edges { node { id source } } } }");
    expect(listed.importJobs.edges.map((e: any) => e.node)).toContainEqual({ id: payload.job.id, source: "API" });
    const reverted = await dataOf(t, ws.keys.IMPORTER, `mutation($id: ID!) { revertImport(input: { id: $id }) { job { status } userErrors { code } } }`, {
      id: payload.job.id,
    });
    expect(reverted.revertImport).toEqual({ job: { status: "REVERTED" }, userErrors: [] });
    const after = await dataOf(t, ws.keys.VIEWER, `query($a: ID!, $b: ID!) { a: node(id: $a) { id } b: node(id: $b) { ... on Customer { lastName } } }`, {
      a: payload.results[0].id,
      b: payload.results[1].id,
    });
    expect(after).toEqual({ a: null, b: { lastName: "Diaz" } });
  });
});

describe("upsertTransactions and upsertInteractions", () => {
  it("link records by customerExternalId or customerEmail, clean amounts and report unknown customers", async () => {
    await upsertCustomers({ records: [{ externalId: "TC-1", email: "tc1@example.com" }] });
    const payload = (
      await dataOf(t, ws.keys.IMPORTER, UPSERT_TRANSACTIONS, {
        input: {
          records: [
            { externalId: "T-1", customerExternalId: "TC-1", amount: "1,234.50", currency: "USD", occurredAt: "2024-05-01" },
            { customerEmail: "TC1@example.com", amount: "¥88.00", occurredAt: "2024-05-02" },
            { customerExternalId: "nobody", amount: "5", currency: "EUR", occurredAt: "2024-05-03" },
            { externalId: "T-4", customerExternalId: "TC-1", amount: "abc", occurredAt: "2024-05-04" },
          ],
        },
      })
    ).upsertTransactions;
    expect(statuses(payload)).toEqual(["INSERTED", "INSERTED", "FAILED", "FAILED"]);
    expect(codes(payload).slice(2)).toEqual([["CUSTOMER_NOT_FOUND"], ["INVALID_NUMBER"]]);
    const tx = await dataOf(
      t,
      ws.keys.VIEWER,
      `query($a: ID!, $b: ID!) {
      a: node(id: $a) { ... on Transaction { externalId amount currency customer { externalId } } }
      b: node(id: $b) { ... on Transaction { amount currency customer { externalId } } } }`,
      { a: payload.results[0].id, b: payload.results[1].id },
    );
    expect(tx).toEqual({
      a: { externalId: "T-1", amount: "1234.50", currency: "USD", customer: { externalId: "TC-1" } },
      b: { amount: "88.00", currency: "CNY", customer: { externalId: "TC-1" } },
    });
    const again = (
      await dataOf(t, ws.keys.IMPORTER, UPSERT_TRANSACTIONS, {
        input: {
          records: [
            { externalId: "T-1", customerExternalId: "TC-1", amount: "1,234.50", currency: "USD", occurredAt: "2024-05-01" },
            { externalId: "T-1", customerExternalId: "TC-1", amount: "1", currency: "USD", occurredAt: "2024-05-01" },
          ],
        },
      })
    ).upsertTransactions;
    expect(statuses(again)).toEqual(["UNCHANGED", "SKIPPED"]);
    expect(again.results[0].id).toBe(payload.results[0].id);
    expect(codes(again)[1]).toEqual(["DUPLICATE_IN_FILE"]);
  });

  it("give keyless interactions of one customer each their own id", async () => {
    await upsertCustomers({ records: [{ externalId: "K-1" }, { externalId: "K-2" }] });
    const payload = (
      await dataOf(t, ws.keys.IMPORTER, UPSERT_INTERACTIONS, {
        input: {
          records: [
            { customerExternalId: "K-1", type: "call", subject: "first", occurredAt: "2024-06-01T10:00:00Z" },
            { customerExternalId: "K-2", type: "email", subject: "other", occurredAt: "2024-06-01T11:00:00Z" },
            { customerExternalId: "K-1", type: "meeting", subject: "second", occurredAt: "2024-06-02T10:00:00Z" },
            { customerExternalId: "K-1", subject: "no date" },
          ],
        },
      })
    ).upsertInteractions;
    expect(statuses(payload)).toEqual(["INSERTED", "INSERTED", "INSERTED", "FAILED"]);
    expect(codes(payload)[3]).toEqual(["REQUIRED"]);
    const subjects = await dataOf(
      t,
      ws.keys.VIEWER,
      `query($a: ID!, $b: ID!, $c: ID!) {
      a: node(id: $a) { ... on Interaction { subject type } } b: node(id: $b) { ... on Interaction { subject type } } c: node(id: $c) { ... on Interaction { subject type } } }`,
      { a: payload.results[0].id, b: payload.results[1].id, c: payload.results[2].id },
    );
    expect(subjects).toEqual({ a: { subject: "first", type: "CALL" }, b: { subject: "other", type: "EMAIL" }, c: { subject: "second", type: "MEETING" } });
  });
});
