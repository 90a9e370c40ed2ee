import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { startImport, waitForJob } from "../helpers/upload.js";

let t: TestServer;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await startTestServer();
  ws = await t.workspace("meta");
});
afterAll(async () => t?.stop());

const SAVE = `mutation ($input: SaveMappingTemplateInput!) { saveMappingTemplate(input: $input) { template { id name entity mapping { source target transform } } userErrors { field code } } }`;

describe("importFields", () => {
  it.each(["CUSTOMER", "INTERACTION", "TRANSACTION"])("lists the %s fields with types and aliases", async (entity) => {
    const { body } = await t.gql(ws.keys.VIEWER, `query ($e: ImportEntity!) { importFields(entity: $e) { name type required aliases } }`, { e: entity });
    const fields = body.data.importFields as { name: string; type: string; required: boolean; aliases: string[] }[];
    expect(fields.length).toBeGreaterThan(3);
    if (entity === "CUSTOMER") {
      expect(fields.find((f) => f.name === "email")).toMatchObject({ type: "EMAIL", required: false });
      expect(fields.find((f) => f.name === "phone")?.aliases).toContain("手机");
    }
    if (entity === "TRANSACTION") expect(fields.find((f) => f.name === "amount")).toMatchObject({ type: "MONEY", required: true });
  });
});

describe("mapping templates", () => {
  it("saves a template (ADMIN), lists it, and imports with it", async () => {
    const saved = await t.gql(ws.keys.ADMIN, SAVE, {
      input: {
        name: "crm export",
        entity: "CUSTOMER",
        mapping: [
          { source: "客户编号", target: "externalId" },
          { source: "邮箱", target: "email" },
          { source: "城市", target: "city", transform: { default: "上海" } },
        ],
      },
    });
    expect(saved.body.data.saveMappingTemplate.userErrors).toEqual([]);
    const template = saved.body.data.saveMappingTemplate.template;
    const list = await t.gql(ws.keys.VIEWER, `{ mappingTemplates(entity: CUSTOMER) { id name } }`);
    expect(list.body.data.mappingTemplates).toEqual([{ id: template.id, name: "crm export" }]);

    const jobId = await startImport(
      t,
      ws.keys.IMPORTER,
      { entity: "CUSTOMER", templateId: template.id },
      { name: "t.csv", content: "客户编号,邮箱,城市\nT1,t1@example.com,\nT2,t2@example.com,北京" },
    );
    const job = await waitForJob(t, ws.keys.IMPORTER, jobId);
    expect(job).toMatchObject({ status: "COMPLETED", insertedCount: 2 });
    const { body } = await t.gql(ws.keys.VIEWER, `{ a: customer(externalId: "T1") { city } b: customer(externalId: "T2") { city } }`);
    expect(body.data).toEqual({ a: { city: "上海" }, b: { city: "北京" } });
  });

  it("refuses a template with an unknown target, and refuses IMPORTER", async () => {
    const bad = await t.gql(ws.keys.ADMIN, SAVE, { input: { name: "bad", entity: "CUSTOMER", mapping: [{ source: "a", target: "nope" }] } });
    expect(bad.body.data.saveMappingTemplate.userErrors.map((e: any) => e.code)).toContain("UNKNOWN_TARGET");
    const importer = await t.gql(ws.keys.IMPORTER, SAVE, { input: { name: "x", entity: "CUSTOMER", mapping: [{ source: "a", target: "email" }] } });
    expect(importer.body.errors?.[0].extensions.code).toBe("FORBIDDEN");
  });
});

describe("importJobs", () => {
  it("lists the workspace's jobs newest first and filters by status", async () => {
    const { body } = await t.gql(ws.keys.VIEWER, `{ importJobs(first: 10, status: COMPLETED) { totalCount edges { node { status fileName } } } }`);
    expect(body.data.importJobs.totalCount).toBeGreaterThanOrEqual(1);
    expect(body.data.importJobs.edges.every((e: any) => e.node.status === "COMPLETED")).toBe(true);
  });
});
