import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectServerUp, importJobCount } from "../../helpers/bad-input.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../../helpers/test-server.js";
import { gqlUpload, START_IMPORT } from "../../helpers/upload.js";

let t: TestServer;
let ws: TestWorkspace;
let key: string;

beforeAll(async () => {
  t = await startTestServer({ logLevel: process.env.TEST_LOG_LEVEL ?? "silent", importWorkers: 0 });
  ws = await t.workspace("bad-mapping");
  key = ws.keys.ADMIN;
});
afterAll(async () => t?.stop());

const CSV = "id,Email,City,Notes\nm1,m1@example.com,Oslo,hello\n";

/** startImport with this mapping: its userErrors (no job is queued), and how long the answer took. */
const refusedMapping = async (mapping: { source: string; target: string }[]) => {
  const before = await importJobCount(t, key);
  const started = performance.now();
  const { status, body } = await gqlUpload(t, key, START_IMPORT, { entity: "CUSTOMER", mapping }, { name: "m.csv", content: CSV });
  const ms = performance.now() - started;
  expect(status, JSON.stringify(body)).toBe(200);
  expect(body.errors).toBeUndefined();
  expect(body.data.startImport.job).toBeNull();
  expect(await importJobCount(t, key)).toBe(before);
  await expectServerUp(t, key);
  return { errors: body.data.startImport.userErrors as { field: string[]; code: string; message: string }[], ms };
};

const SAVE_TEMPLATE = `mutation ($input: SaveMappingTemplateInput!) { saveMappingTemplate(input: $input) { template { id } userErrors { field code message } } }`;

describe("bad mappings", () => {
  it("names each unknown target and source, with the entry it is in", async () => {
    const { errors } = await refusedMapping([
      { source: "id", target: "externalId" },
      { source: "Email", target: "emailAddress" },
      { source: "City", target: "customer.city" },
      { source: "Nope", target: "company" },
    ]);
    expect(errors.map((e) => [e.code, e.field.join(".")])).toEqual(
      expect.arrayContaining([
        ["UNKNOWN_TARGET", "input.mapping.1.target"],
        ["UNKNOWN_TARGET", "input.mapping.2.target"],
        ["UNKNOWN_SOURCE", "input.mapping.3.source"],
      ]),
    );
    const saved = await t.gql(key, SAVE_TEMPLATE, { input: { name: "bad", entity: "CUSTOMER", mapping: [{ source: "Email", target: "emailAddress" }] } });
    expect(saved.body.data.saveMappingTemplate.template).toBeNull();
    expect(saved.body.data.saveMappingTemplate.userErrors[0]).toMatchObject({ code: "UNKNOWN_TARGET", message: expect.stringMatching(/use "email"/) });
  });

  it("refuses two sources for one target", async () => {
    const { errors } = await refusedMapping([
      { source: "id", target: "externalId" },
      { source: "Email", target: "email" },
      { source: "Notes", target: "email" },
      { source: "City", target: "customFields.note" },
      { source: "Notes", target: "customFields.note" },
    ]);
    expect(errors.map((e) => e.code)).toEqual(["DUPLICATE_TARGET", "DUPLICATE_TARGET"]);
  });

  it("refuses a spec of 10,000 entries with TOO_MANY_MAPPINGS, quickly", async () => {
    const huge = Array.from({ length: 10_000 }, (_, i) => ({ source: `Column ${i}`, target: `customFields.c${i}` }));
    const { errors, ms } = await refusedMapping(huge);
    expect(errors).toEqual([expect.objectContaining({ code: "TOO_MANY_MAPPINGS" })]);
    expect(ms).toBeLessThan(3_000);
    const saved = await t.gql(key, SAVE_TEMPLATE, { input: { name: "huge", entity: "CUSTOMER", mapping: huge } });
    expect(saved.body.data.saveMappingTemplate).toMatchObject({ template: null, userErrors: [{ code: "TOO_MANY_MAPPINGS" }] });
  });

  it.each(["__proto__", "constructor", "prototype", "__PROTO__"])("refuses customFields.%s as a target", async (name) => {
    const { errors } = await refusedMapping([
      { source: "id", target: "externalId" },
      { source: "Notes", target: `customFields.${name}` },
    ]);
    expect(errors).toEqual([expect.objectContaining({ code: "UNKNOWN_TARGET", field: ["input", "mapping", "1", "target"] })]);
    expect(({} as Record<string, unknown>).hello).toBeUndefined();
  });
});
