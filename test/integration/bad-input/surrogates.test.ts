import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectServerUp, importedWithErrors, refusedUpload } from "../../helpers/bad-input.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../../helpers/test-server.js";
import { handBuiltParts, scratchDir, writeZip } from "../../unit/import/parse/xlsx/xlsx-fixture.js";

// PostgreSQL cannot store a lone UTF-16 surrogate in text or jsonb; JSON (\ud800), XML (&#xD800;)
// and XLSX (_xD800_) can all spell one. A record holding one fails alone; the others import.

let t: TestServer;
let ws: TestWorkspace;
let key: string;
let scratch: Awaited<ReturnType<typeof scratchDir>>;

beforeAll(async () => {
  t = await startTestServer({ logLevel: process.env.TEST_LOG_LEVEL ?? "silent" });
  ws = await t.workspace("surrogates");
  key = ws.keys.IMPORTER;
  scratch = await scratchDir();
});
afterAll(async () => {
  await scratch?.remove();
  await t?.stop();
});

const names = async (ids: string[]) => {
  const out: (string | null)[] = [];
  for (const x of ids) {
    const { body } = await t.gql(key, "query ($x: String!) { customer(externalId: $x) { firstName customFields } }", { x });
    out.push(body.data.customer?.firstName ?? null);
  }
  return out;
};

const xlsx = async (name: string, rows: string): Promise<Buffer> => {
  const path = scratch.path(name);
  await writeZip(path, handBuiltParts({ sheets: [{ name: "S", rows }] }));
  return readFile(path);
};
const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
const row = (n: number, cells: string[]) => `<row r="${n}">${cells.map((c, i) => cell(`${"ABCDE"[i]}${n}`, c)).join("")}</row>`;

describe("lone surrogates", () => {
  it.each([
    [
      "a JSON array (\\ud800 in a name)",
      "s.json",
      JSON.stringify([
        { id: "j1", firstName: "Ann", note: "" },
        { id: "j2", firstName: "x" },
        { id: "j3", firstName: "Cy" },
      ]).replace('"x"', '"a\\ud800b"'),
      "firstName",
    ],
    [
      "NDJSON (\\udc00 alone in a custom field)",
      "s.ndjson",
      '{"id":"j1","firstName":"Ann","note":""}\n{"id":"j2","firstName":"Bo","note":"\\udc00"}\n{"id":"j3","firstName":"Cy"}\n',
      "customFields.note",
    ],
    [
      "NDJSON (a pair cut in reverse order)",
      "s.ndjson",
      '{"id":"j1","firstName":"Ann","note":""}\n{"id":"j2","firstName":"\\ude00\\ud83d"}\n{"id":"j3","firstName":"Cy"}\n',
      "firstName",
    ],
  ])("%s: the record fails as INVALID_ENCODING, the others import", async (_case, fileName, content, field) => {
    const prefix = `${fileName}-${field}-${content.length}-`;
    const body = content.replaceAll('"j', `"${prefix}`);
    const mapping = [
      { source: "id", target: "externalId" },
      { source: "firstName", target: "firstName" },
      { source: "note", target: "customFields.note" },
    ];
    const { job, errors } = await importedWithErrors(t, key, { entity: "CUSTOMER", mapping }, { name: fileName, content: body });
    expect(job).toMatchObject({ insertedCount: 2, failedCount: 1 });
    expect(errors).toMatchObject([{ row: 2, code: "INVALID_ENCODING", field }]);
    expect(await names([`${prefix}1`, `${prefix}2`, `${prefix}3`])).toEqual(["Ann", null, "Cy"]);
  });

  it("XML: a character reference to a surrogate or to U+0000 fails its record as MALFORMED_ROW, not the file", async () => {
    const xml = `<?xml version="1.0"?><customers>
      <customer city="Oslo"><id>x1</id><firstName>Ann</firstName></customer>
      <customer><id>x2</id><firstName>a&#xD800;b</firstName></customer>
      <customer><id>x3</id><firstName>Cy</firstName></customer>
      <customer city="&#xDFFF;"><id>x4</id><firstName>Dee</firstName></customer>
      <customer><id>x5</id><firstName>n&#0;</firstName></customer></customers>`;
    const { job, errors } = await importedWithErrors(
      t,
      key,
      {
        entity: "CUSTOMER",
        mapping: [
          { source: "id", target: "externalId" },
          { source: "firstName", target: "firstName" },
          { source: "@city", target: "city" },
        ],
      },
      { name: "s.xml", content: xml },
    );
    expect(job).toMatchObject({ insertedCount: 2, failedCount: 3 });
    expect(errors.map((e) => [e.row, e.code])).toEqual([
      [2, "MALFORMED_ROW"],
      [4, "MALFORMED_ROW"],
      [5, "MALFORMED_ROW"],
    ]);
    expect(await names(["x1", "x2", "x3", "x4", "x5"])).toEqual(["Ann", null, "Cy", null, null]);
  });

  it("XLSX: _xD800_ fails its row as INVALID_ENCODING; a bad row's raw cells with one are still stored; a header with one reads U+FFFD", async () => {
    const rows = [
      row(1, ["id", "First", "Email", "Other_xDC00_", "Extra"]),
      row(2, ["w1", "Ann", "w1@example.com", "ok", ""]),
      row(3, ["w2", "a_xD800_b", "w2@example.com", "ok", ""]),
      row(4, ["w3", "c_xDC00_", "w3@example.com", "ok", ""]),
      // fails for its email; its unmapped cell holds a lone surrogate, kept in the raw cells
      row(5, ["w4", "Dee", "broken", "ok", "z_xDBFF_"]),
      row(6, ["w5", "Eve", "w5@example.com", "ok", ""]),
    ].join("");
    const mapping = [
      { source: "id", target: "externalId" },
      { source: "First", target: "firstName" },
      { source: "Email", target: "email" },
      { source: "Other\uFFFD", target: "customFields.other" },
    ];
    const { job, errors } = await importedWithErrors(t, key, { entity: "CUSTOMER", mapping }, { name: "s.xlsx", content: await xlsx("s.xlsx", rows) });
    expect(job).toMatchObject({ insertedCount: 2, failedCount: 3 });
    expect(errors.map((e) => [e.row, e.code])).toEqual([
      [2, "INVALID_ENCODING"],
      [3, "INVALID_ENCODING"],
      [4, "INVALID_EMAIL"],
    ]);
    expect(await names(["w1", "w2", "w3", "w4", "w5"])).toEqual(["Ann", null, null, null, "Eve"]);
    const report = await fetch(job.errorReportUrl, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.text());
    expect(report).toContain("z\uFFFD");
    const { body } = await t.gql(key, 'query { customer(externalId: "w1") { customFields } }');
    expect(body.data.customer.customFields).toEqual({ other: "ok" });
  });

  it("XLSX: a character reference to a surrogate is not well-formed XML: the workbook is refused as CORRUPT_FILE", async () => {
    const book = await xlsx("ref.xlsx", [row(1, ["id", "First"]), row(2, ["r1", "c&#xDC00;"])].join(""));
    const { code, message } = await refusedUpload(t, key, { entity: "CUSTOMER" }, { name: "ref.xlsx", content: book });
    expect(code).toBe("CORRUPT_FILE");
    expect(message).toContain("&#xDC00;");
  });

  it("a header holding a lone surrogate or U+0000 is read with U+FFFD in its place; its values import", async () => {
    const ndjson = '{"id":"h1","n\\ud800ote":"one","ci\\u0000ty":"Oslo"}\n{"id":"h2","n\\ud800ote":"two","email":"broken"}\n';
    const mapping = [
      { source: "id", target: "externalId" },
      { source: "n\uFFFDote", target: "customFields.note" },
      { source: "email", target: "email" },
      { source: "ci\uFFFDty", target: "city" },
    ];
    const { job, errors } = await importedWithErrors(t, key, { entity: "CUSTOMER", mapping }, { name: "h.ndjson", content: ndjson });
    expect(job).toMatchObject({ insertedCount: 1, failedCount: 1 });
    expect(errors).toMatchObject([{ row: 2, code: "INVALID_EMAIL" }]);
    const { body } = await t.gql(key, 'query { customer(externalId: "h1") { customFields city } }');
    expect(body.data.customer).toEqual({ customFields: { note: "one" }, city: "Oslo" });
  });

  it("a TOO_LONG value whose 500-character quote would cut an emoji in two is stored whole up to the cut", async () => {
    const long = "a" + "😀".repeat(300);
    const csv = `id,email,company\nl1,l1@example.com,${long}\nl2,l2@example.com,Fine\n`;
    const { job, errors } = await importedWithErrors(t, key, { entity: "CUSTOMER" }, { name: "long.csv", content: csv });
    expect(job).toMatchObject({ insertedCount: 1, failedCount: 1 });
    expect(errors).toMatchObject([{ row: 1, code: "TOO_LONG", field: "company" }]);
    expect(errors[0].value.isWellFormed()).toBe(true);
    expect(errors[0].value.startsWith("a😀😀")).toBe(true);
    await expectServerUp(t, key);
  });
});
