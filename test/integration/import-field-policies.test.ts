import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { START_IMPORT, gqlUpload, startImport, waitForJob } from "../helpers/upload.js";

let t: TestServer;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await startTestServer({ logLevel: process.env.TEST_LOG_LEVEL ?? "silent" });
  ws = await t.workspace("policies");
});
afterAll(async () => t?.stop());

const FIRST = ["id,First,Company,City,Phone,Tags,Tier,Note", "p1,Ann,Acme GmbH,Berlin,,vip;eu,gold,", "p2,Bo,,Paris,+33 1 42 68 53 00,new,,kept"].join("\n");

// a weaker source: worse names and companies, blanks filled, tags added
const SECOND = [
  "id,First,Company,City,Phone,Tags,Tier,Note",
  "p1,ANN,ACME,Munich,+49 30 901820,eu;b2b,silver,x",
  "p2,BO,Bo Ltd,Lyon,+33 9 99 99 99 99,new,bronze,changed",
].join("\n");

const mapping = (policies: Record<string, string | undefined>) =>
  [
    ["id", "externalId"],
    ["First", "firstName"],
    ["Company", "company"],
    ["City", "city"],
    ["Phone", "phone"],
    ["Tags", "tags"],
    ["Tier", "customFields.tier"],
    ["Note", "customFields.note"],
  ].map(([source, target]) => ({ source, target, ...(policies[target!] ? { onExisting: policies[target!] } : {}) }));

const customers = async () =>
  t.server.db.sql.query<Record<string, unknown>>(
    "select external_id, first_name, company, city, phone, tags, custom_fields from customer where workspace_id = $1 order by external_id",
    [ws.id],
  );

describe("per-field import policies (onExisting)", () => {
  it("keeps, fills, appends or overwrites each field of existing customers as its mapping entry says, and reverts exactly", async () => {
    const first = await startImport(
      t,
      ws.keys.IMPORTER,
      { entity: "CUSTOMER", mapping: mapping({}), options: { defaultCountry: "DE" } },
      { name: "crm.csv", content: FIRST },
    );
    expect(await waitForJob(t, ws.keys.IMPORTER, first)).toMatchObject({ status: "COMPLETED", insertedCount: 2 });
    const before = await customers();

    const policies = {
      firstName: "KEEP_EXISTING",
      company: "FILL_BLANK",
      phone: "FILL_BLANK",
      tags: "APPEND",
      "customFields.tier": "FILL_BLANK",
      "customFields.note": "KEEP_EXISTING",
    };
    const second = await startImport(
      t,
      ws.keys.IMPORTER,
      { entity: "CUSTOMER", mapping: mapping(policies), options: { defaultCountry: "DE" } },
      { name: "weaker.csv", content: SECOND },
    );
    const job = await waitForJob(t, ws.keys.IMPORTER, second);
    expect(job).toMatchObject({ status: "COMPLETED", updatedCount: 2, failedCount: 0 });
    expect(await customers()).toEqual([
      // city has no policy: OVERWRITE, as before this option existed
      {
        external_id: "p1",
        first_name: "Ann",
        company: "Acme GmbH",
        city: "Munich",
        phone: "+4930901820",
        tags: ["vip", "eu", "b2b"],
        // KEEP_EXISTING keeps a key the customer did not have unset
        custom_fields: { tier: "gold" },
      },
      {
        external_id: "p2",
        first_name: "Bo",
        company: "Bo Ltd",
        city: "Lyon",
        phone: "+33142685300",
        tags: ["new"],
        custom_fields: { tier: "bronze", note: "kept" },
      },
    ]);

    // the job shows the policies it ran with
    const { body } = await t.gql(ws.keys.VIEWER, `query ($id: ID!) { importJob(id: $id) { mapping { target onExisting } } }`, { id: second });
    expect(body.data.importJob.mapping).toContainEqual({ target: "tags", onExisting: "APPEND" });
    expect(body.data.importJob.mapping).toContainEqual({ target: "city", onExisting: "OVERWRITE" });

    // the same weaker file again changes nothing: every policy leaves the stored values
    const again = await startImport(
      t,
      ws.keys.IMPORTER,
      { entity: "CUSTOMER", mapping: mapping({ ...policies, city: "KEEP_EXISTING" }), options: { defaultCountry: "DE" } },
      { name: "weaker-again.csv", content: SECOND },
    );
    expect(await waitForJob(t, ws.keys.IMPORTER, again)).toMatchObject({ status: "COMPLETED", unchangedCount: 2, updatedCount: 0 });

    const reverted = await t.gql(ws.keys.IMPORTER, `mutation ($id: ID!) { revertImport(input: { id: $id }) { job { status } userErrors { code } } }`, {
      id: second,
    });
    expect(reverted.body.data.revertImport.job.status).toBe("REVERTED");
    expect(await customers()).toEqual(before);
  });

  it("writes every field into a new customer whatever its policy", async () => {
    const id = await startImport(
      t,
      ws.keys.IMPORTER,
      {
        entity: "CUSTOMER",
        mapping: mapping({ firstName: "KEEP_EXISTING", tags: "APPEND", company: "FILL_BLANK" }),
        options: { defaultCountry: "DE" },
      },
      { name: "new.csv", content: "id,First,Company,City,Phone,Tags,Tier,Note\np9,Nia,Nia AG,Bonn,,a,," },
    );
    expect(await waitForJob(t, ws.keys.IMPORTER, id)).toMatchObject({ status: "COMPLETED", insertedCount: 1 });
    const [row] = await t.server.db.sql.query<Record<string, unknown>>(
      "select first_name, company, tags from customer where workspace_id = $1 and external_id = 'p9'",
      [ws.id],
    );
    expect(row).toEqual({ first_name: "Nia", company: "Nia AG", tags: ["a"] });
  });

  it("refuses an unknown policy, APPEND on a text field and a policy on a transaction import as INVALID_ON_EXISTING", async () => {
    const bad = async (input: Record<string, unknown>) => {
      const { body } = await gqlUpload(t, ws.keys.IMPORTER, START_IMPORT, input, { name: "x.csv", content: "id,First,Amount,Date\nq1,Q,1,2024-01-01" });
      return body;
    };
    const append = await bad({
      entity: "CUSTOMER",
      mapping: [
        { source: "id", target: "externalId" },
        { source: "First", target: "firstName", onExisting: "APPEND" },
      ],
    });
    expect(append.data.startImport.userErrors).toEqual([
      expect.objectContaining({ code: "INVALID_ON_EXISTING", field: ["input", "mapping", "1", "onExisting"] }),
    ]);
    const onTransaction = await bad({
      entity: "TRANSACTION",
      mapping: [
        { source: "id", target: "externalId", onExisting: "KEEP_EXISTING" },
        { source: "First", target: "customerExternalId" },
        { source: "Amount", target: "amount" },
        { source: "Date", target: "occurredAt" },
      ],
      options: { defaultCurrency: "EUR" },
    });
    expect(onTransaction.data.startImport.userErrors).toEqual([expect.objectContaining({ code: "INVALID_ON_EXISTING" })]);
    const unknown = await bad({ entity: "CUSTOMER", mapping: [{ source: "id", target: "externalId", onExisting: "SOMETIMES" }] });
    expect(unknown.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(await t.server.db.sql.query("select 1 from customer where workspace_id = $1 and external_id = 'q1'", [ws.id])).toEqual([]);
  });
});
