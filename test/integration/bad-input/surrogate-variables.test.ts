import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectCodedRefusal, expectServerUp } from "../../helpers/bad-input.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../../helpers/test-server.js";
import { gqlUpload, START_IMPORT } from "../../helpers/upload.js";
import { collect, wsClient } from "../../helpers/ws-client.js";

// GraphQL literals cannot spell a lone surrogate (graphql-js refuses "\uD800"), but JSON
// variables can; no PostgreSQL text or jsonb column can hold one.

let t: TestServer;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await startTestServer({ logLevel: process.env.TEST_LOG_LEVEL ?? "silent" });
  ws = await t.workspace("surrogate-variables");
});
afterAll(async () => t?.stop());

const LONE = "a\uD800b";

describe("variables holding a lone surrogate", () => {
  it.each([
    [
      "createCustomer firstName",
      "mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } userErrors { code } } }",
      { input: { firstName: LONE } },
      "input.firstName",
    ],
    [
      "createCustomer customFields value",
      "mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } userErrors { code } } }",
      { input: { firstName: "x", customFields: { note: "\uDC00" } } },
      "input.customFields.note",
    ],
    [
      "createCustomer customFields key",
      "mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } userErrors { code } } }",
      { input: { firstName: "x", customFields: { ["k\uD800"]: "v" } } },
      "input.customFields.k\uFFFD",
    ],
    [
      "saveMappingTemplate source",
      "mutation ($input: SaveMappingTemplateInput!) { saveMappingTemplate(input: $input) { userErrors { code } } }",
      { input: { entity: "CUSTOMER", name: "t", mapping: [{ source: LONE, target: "firstName" }] } },
      "input.mapping.0.source",
    ],
    [
      "saveMappingTemplate name",
      "mutation ($input: SaveMappingTemplateInput!) { saveMappingTemplate(input: $input) { userErrors { code } } }",
      { input: { entity: "CUSTOMER", name: "\uDFFF", mapping: [{ source: "a", target: "firstName" }] } },
      "input.name",
    ],
    ["customers search", "query ($s: String) { customers(first: 1, filter: { search: $s }) { totalCount } }", { s: LONE }, "s"],
    ["customer externalId", "query ($x: String) { customer(externalId: $x) { id } }", { x: "\uD83D" }, "x"],
  ])("%s is BAD_USER_INPUT naming the variable", async (_case, query, variables, at) => {
    const { status, body } = await t.gql(ws.keys.ADMIN, query, variables);
    expect(expectCodedRefusal(status, body)).toBe("BAD_USER_INPUT");
    expect(body.errors![0].extensions.field).toBe(at);
    expect(body.errors![0].message).toContain(`$${at}`);
  });

  it("a well-formed emoji passes", async () => {
    const { body } = await t.gql(
      ws.keys.ADMIN,
      "mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { firstName } userErrors { code } } }",
      { input: { firstName: "Ann 😀" } },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.createCustomer.customer.firstName).toBe("Ann 😀");
  });

  it("a startImport mapping source in a multipart request is BAD_USER_INPUT", async () => {
    const { status, body } = await gqlUpload(
      t,
      ws.keys.IMPORTER,
      START_IMPORT,
      { entity: "CUSTOMER", mapping: [{ source: LONE, target: "firstName" }] },
      { name: "a.csv", content: "a\nx\n" },
    );
    expect(expectCodedRefusal(status, body)).toBe("BAD_USER_INPUT");
    expect(body.errors[0].extensions.field).toBe("input.mapping.0.source");
    await expectServerUp(t, ws.keys.IMPORTER);
  });

  it("a subscription variable over the WebSocket is BAD_USER_INPUT", async () => {
    const client = wsClient(t.url, ws.keys.VIEWER);
    const { error } = await collect(client, "subscription ($jobId: ID!) { importProgress(jobId: $jobId) { status } }", { jobId: LONE });
    await client.dispose();
    expect((error as any[])[0].extensions.code).toBe("BAD_USER_INPUT");
  });
});

// U+0000 in variables is dropped from stored values by the cleaners; in what is stored as jsonb
// (mapping entries, options) or names it is refused as a userError
describe("variables holding U+0000 where they would be stored as they are", () => {
  const SAVE = "mutation ($input: SaveMappingTemplateInput!) { saveMappingTemplate(input: $input) { userErrors { field code } } }";
  it.each([
    ["a template name", { entity: "CUSTOMER", name: "t\u0000", mapping: [{ source: "a", target: "firstName" }] }, "INVALID_NAME", ["input", "name"]],
    [
      "a template mapping source",
      { entity: "CUSTOMER", name: "t", mapping: [{ source: "a\u0000b", target: "firstName" }] },
      "INVALID_ENTRY",
      ["input", "mapping", "0"],
    ],
    [
      "a template transform default",
      { entity: "CUSTOMER", name: "t", mapping: [{ source: "", target: "firstName", transform: { default: "x\u0000" } }] },
      "INVALID_ENTRY",
      ["input", "mapping", "0"],
    ],
    [
      "a template option",
      { entity: "CUSTOMER", name: "t", mapping: [{ source: "a", target: "firstName" }], options: { dateFormat: "DD\u0000MM" } },
      "INVALID_OPTION",
      ["input", "options", "dateFormat"],
    ],
  ])("%s is a userError", async (_case, input, code, field) => {
    const { status, body } = await t.gql(ws.keys.ADMIN, SAVE, { input });
    expect(status).toBe(200);
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    expect(body.data.saveMappingTemplate.userErrors).toContainEqual({ field, code });
  });

  it("a startImport mapping source is a userError", async () => {
    const { status, body } = await gqlUpload(
      t,
      ws.keys.IMPORTER,
      START_IMPORT,
      { entity: "CUSTOMER", mapping: [{ source: "a\u0000", target: "firstName" }] },
      { name: "a.csv", content: "a\nx\n" },
    );
    expect(status).toBe(200);
    expect(body.data.startImport.userErrors).toContainEqual(expect.objectContaining({ code: "INVALID_ENTRY" }));
  });
});
