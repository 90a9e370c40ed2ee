import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectServerUp, importedWithErrors, refusedUpload } from "../../helpers/bad-input.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../../helpers/test-server.js";

// Records that are wide rather than long: many attributes, keys or columns in few bytes.

let t: TestServer;
let ws: TestWorkspace;
let key: string;

beforeAll(async () => {
  t = await startTestServer({ logLevel: process.env.TEST_LOG_LEVEL ?? "silent" });
  ws = await t.workspace("wide");
  key = ws.keys.IMPORTER;
});
afterAll(async () => t?.stop());

const ids = async (xs: string[]) => {
  const out: (string | null)[] = [];
  for (const x of xs)
    out.push((await t.gql(key, "query ($x: String!) { customer(externalId: $x) { externalId } }", { x })).body.data.customer?.externalId ?? null);
  return out;
};
const MAPPING = [
  { source: "id", target: "externalId" },
  { source: "name", target: "firstName" },
];

describe("wide records", () => {
  it("an XML record with 100,000 attributes fails alone as RECORD_TOO_LARGE", async () => {
    const attributes = Array.from({ length: 100_000 }, (_, i) => `a${i}="x"`).join(" ");
    const xml = `<customers><customer><id>w1</id><name>Ann</name></customer><customer ${attributes}><id>w2</id><name>Bo</name></customer><customer><id>w3</id><name>Cy</name></customer></customers>`;
    const { job, errors } = await importedWithErrors(t, key, { entity: "CUSTOMER", mapping: MAPPING }, { name: "attrs.xml", content: xml });
    expect(job).toMatchObject({ insertedCount: 2, failedCount: 1 });
    expect(errors).toMatchObject([{ row: 2, code: "RECORD_TOO_LARGE" }]);
    expect(errors[0].message).toContain("more than 1000 attributes");
    expect(await ids(["w1", "w2", "w3"])).toEqual(["w1", null, "w3"]);
  });

  it("an NDJSON record with 20,000 keys fails alone as RECORD_TOO_LARGE", async () => {
    const wide = JSON.stringify({ id: "k2", name: "Bo", ...Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, 1])) });
    const ndjson = ['{"id":"k1","name":"Ann"}', wide, '{"id":"k3","name":"Cy"}'].join("\n");
    const { job, errors } = await importedWithErrors(t, key, { entity: "CUSTOMER", mapping: MAPPING }, { name: "keys.ndjson", content: ndjson });
    expect(job).toMatchObject({ insertedCount: 2, failedCount: 1 });
    expect(errors).toMatchObject([{ row: 2, code: "RECORD_TOO_LARGE" }]);
    expect(await ids(["k1", "k2", "k3"])).toEqual(["k1", null, "k3"]);
  });

  it("a CSV header with 100,000 columns is refused as NO_HEADER", async () => {
    const header = Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(",");
    const { code, message } = await refusedUpload(t, key, { entity: "CUSTOMER" }, { name: "wide.csv", content: `${header}\n1\n` });
    expect(code).toBe("NO_HEADER");
    expect(message).toContain("100000 columns");
    await expectServerUp(t, key);
  });
});
