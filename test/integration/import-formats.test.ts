import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createXlsxWriter } from "../../src/export/xlsx.writer.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { gqlUpload, jobErrors, START_IMPORT, startImport, waitForJob } from "../helpers/upload.js";

let t: TestServer;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await startTestServer({ logLevel: process.env.TEST_LOG_LEVEL ?? "silent" });
  ws = await t.workspace("formats");
});
afterAll(async () => t?.stop());

const workbook = async (sheet: string, headers: string[], rows: (string | number | Date | null)[][]): Promise<Buffer> => {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  const writer = createXlsxWriter(out, sheet, headers);
  for (const row of rows) await writer.writeRow(row);
  await writer.end();
  return Buffer.concat(chunks);
};

const customer = async (externalId: string) =>
  (
    await t.gql(ws.keys.VIEWER, `query ($x: String!) { customer(externalId: $x) { firstName lastName email phone city country createdAt tags } }`, {
      x: externalId,
    })
  ).body.data.customer;

describe("every format through the same pipeline", () => {
  it("imports an Excel workbook with Chinese headers, real date cells and phones stored as numbers", async () => {
    const xlsx = await workbook(
      "客户",
      ["客户编号", "姓名", "手机", "邮箱", "城市", "注册日期"],
      [
        ["X1", "王小明", 13800138000, "wang.x@example.cn", "上海", new Date(Date.UTC(2024, 2, 5))],
        ["X2", "李四", "139 0013 9000", "bad email", "北京", 45356],
        [null, null, null, null, null, null],
      ],
    );
    const id = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER", options: { defaultCountry: "CN" } }, { name: "客户.xlsx", content: xlsx });
    const job = await waitForJob(t, ws.keys.IMPORTER, id);
    expect(job).toMatchObject({ status: "COMPLETED", format: "XLSX", processedRows: 2, insertedCount: 1, failedCount: 1 });
    expect(await customer("X1")).toMatchObject({
      lastName: "王",
      firstName: "小明",
      phone: "+8613800138000",
      city: "上海",
      createdAt: "2024-03-05T00:00:00.000Z",
    });
    const errors = await jobErrors(t, ws.keys.IMPORTER, id);
    expect(errors).toEqual([expect.objectContaining({ row: 2, code: "INVALID_EMAIL", column: "邮箱" })]);
    expect(errors[0].location).toMatch(/^客户!/);
  });

  it("imports a wrapped JSON array with nested objects addressed by dotted paths", async () => {
    const json = JSON.stringify({
      customers: [
        {
          id: "J1",
          name: { first: "Grace", last: "Hopper" },
          contact: { email: "grace@example.com" },
          address: { city: "Arlington", country: "USA" },
          tags: ["navy", "cobol"],
        },
        { id: "J2", name: { first: "Bad" }, contact: { email: "nope" }, __proto__: { polluted: true } },
      ],
    });
    const mapping = [
      { source: "id", target: "externalId" },
      { source: "name.first", target: "firstName" },
      { source: "name.last", target: "lastName" },
      { source: "contact.email", target: "email" },
      { source: "address.city", target: "city" },
      { source: "address.country", target: "country" },
      { source: "tags", target: "tags" },
    ];
    const id = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER", mapping }, { name: "export.json", content: json });
    const job = await waitForJob(t, ws.keys.IMPORTER, id);
    expect(job).toMatchObject({ status: "COMPLETED", format: "JSON", insertedCount: 1, failedCount: 1 });
    expect(await customer("J1")).toMatchObject({ firstName: "Grace", lastName: "Hopper", city: "Arlington", country: "US", tags: ["navy", "cobol"] });
    expect((await jobErrors(t, ws.keys.IMPORTER, id))[0]).toMatchObject({ row: 2, location: "$.customers[1]", code: "INVALID_EMAIL" });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("imports NDJSON and reports a broken line without stopping", async () => {
    const ndjson = ['{"externalId":"N1","email":"n1@example.com"}', '{"externalId":"N2",', '{"externalId":"N3","email":"n3@example.com"}'].join("\n");
    const id = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "stream.ndjson", content: ndjson });
    const job = await waitForJob(t, ws.keys.IMPORTER, id);
    expect(job).toMatchObject({ status: "COMPLETED", format: "NDJSON", insertedCount: 2, failedCount: 1 });
    expect((await jobErrors(t, ws.keys.IMPORTER, id))[0]).toMatchObject({ row: 2, location: "line 2", code: "MALFORMED_ROW" });
  });

  it("imports XML records with attributes and CDATA", async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<customers>
  <customer id="XM1"><email>xm1@example.com</email><firstName><![CDATA[Zoë & co]]></firstName><city>Zürich</city></customer>
  <customer id="XM2"><email>xm2@example.com</email><firstName>Ueli</firstName></customer>
</customers>`;
    const mapping = [
      { source: "@id", target: "externalId" },
      { source: "email", target: "email" },
      { source: "firstName", target: "firstName" },
      { source: "city", target: "city" },
    ];
    const id = await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER", mapping }, { name: "feed.xml", content: xml });
    const job = await waitForJob(t, ws.keys.IMPORTER, id);
    expect(job).toMatchObject({ status: "COMPLETED", format: "XML", insertedCount: 2 });
    expect(await customer("XM1")).toMatchObject({ firstName: "Zoë & co", city: "Zürich" });
  });

  it.each([
    ["an XML file with a DOCTYPE", "bomb.xml", '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><r><c><e>&a;</e></c></r>', "DTD_FORBIDDEN"],
    [
      "a legacy .xls workbook",
      "old.xls",
      Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(1024)]),
      /LEGACY_XLS|CORRUPT_FILE/,
    ],
    ["a workbook named .csv", "book.csv", Buffer.from("PK\u0003\u0004not really a zip", "latin1"), /FORMAT_MISMATCH|CORRUPT_FILE/],
  ])("refuses %s with a coded userError", async (_case, name, content, code) => {
    const { body } = await gqlUpload(t, ws.keys.IMPORTER, START_IMPORT, { entity: "CUSTOMER" }, { name, content });
    expect(body.data.startImport.job).toBeNull();
    expect(body.data.startImport.userErrors[0].code).toMatch(code);
  });
});

describe("previewImport", () => {
  const PREVIEW = `mutation ($input: PreviewImportInput!) { previewImport(input: $input) {
    format encoding delimiter headers suggestedMapping { source target confidence sampleValues } sampleRows sampleErrors { row code field } } }`;

  it("detects a GBK semicolon file, suggests targets for Chinese headers and shows rows as they would be written", async () => {
    const text = "姓名;手机;邮箱;国家;注册日期;备注\n张三;138 0013 8000;ZHANG@EXAMPLE.CN;中国;2024年3月5日;老客户\n李四;12;bad;火星;2024-13-01;\n";
    const bytes = encodeGbk(text);
    const { body } = await gqlUpload(
      t,
      ws.keys.IMPORTER,
      PREVIEW,
      { entity: "CUSTOMER", options: { defaultCountry: "CN" } },
      { name: "客户.csv", content: bytes },
    );
    const preview = body.data.previewImport;
    expect(preview).toMatchObject({ format: "CSV", delimiter: ";", headers: ["姓名", "手机", "邮箱", "国家", "注册日期", "备注"] });
    expect(preview.encoding).toMatch(/GB18030|GBK/);
    const targets = Object.fromEntries(preview.suggestedMapping.map((s: any) => [s.source, s.target]));
    expect(targets).toMatchObject({ 姓名: "name", 手机: "phone", 邮箱: "email", 国家: "country", 注册日期: "createdAt" });
    expect(preview.suggestedMapping.find((s: any) => s.source === "邮箱").sampleValues).toEqual(["ZHANG@EXAMPLE.CN", "bad"]);
    expect(preview.sampleRows).toHaveLength(1);
    expect(preview.sampleRows[0]).toMatchObject({ email: "zhang@example.cn", phone: "+8613800138000", country: "CN", lastName: "张", firstName: "三" });
    expect(new Set(preview.sampleErrors.map((e: any) => e.code))).toEqual(new Set(["INVALID_PHONE", "INVALID_EMAIL", "INVALID_COUNTRY", "INVALID_DATE"]));
    const jobs = await t.gql(ws.keys.VIEWER, `{ importJobs(first: 1000) { edges { node { fileName } } } }`);
    expect(jobs.body.data.importJobs.edges.map((e: any) => e.node.fileName)).not.toContain("客户.csv");
  });
});

/** GBK bytes of a text, built from the decoder's table (Node has no GBK encoder). */
function encodeGbk(text: string): Buffer {
  const decoder = new TextDecoder("gbk");
  const table = new Map<string, number[]>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const ch = decoder.decode(Uint8Array.of(lead, trail));
      if (ch.length === 1 && ch !== "\ufffd" && !table.has(ch)) table.set(ch, [lead, trail]);
    }
  }
  const bytes: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) bytes.push(ch.charCodeAt(0));
    else bytes.push(...(table.get(ch) ?? [0x3f]));
  }
  return Buffer.from(bytes);
}
