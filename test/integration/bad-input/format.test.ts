import http from "node:http";
import type { AddressInfo } from "node:net";
import { PassThrough } from "node:stream";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createXlsxWriter } from "../../../src/export/xlsx.writer.js";
import { expectServerUp, importedWithErrors, refusedUpload } from "../../helpers/bad-input.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../../helpers/test-server.js";
import { handBuiltParts } from "../../unit/import/parse/xlsx/xlsx-fixture.js";

let t: TestServer;
let ws: TestWorkspace;
let key: string;

beforeAll(async () => {
  t = await startTestServer({ logLevel: process.env.TEST_LOG_LEVEL ?? "silent" });
  ws = await t.workspace("bad-format");
  key = ws.keys.IMPORTER;
});
afterAll(async () => t?.stop());

/** The external ids of these customers that exist. */
const existing = async (ids: readonly string[]): Promise<string[]> => {
  const found: string[] = [];
  for (const id of ids) {
    const { body } = await t.gql(key, "query ($x: String!) { customer(externalId: $x) { externalId } }", { x: id });
    if (body.data.customer) found.push(body.data.customer.externalId);
  }
  return found;
};

/** A ZIP written by hand (deflate, no ZIP64): the parts as given, `Buffer`s or text. */
const zipOf = (parts: Record<string, string | Buffer>, level = 6): Buffer => {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(parts)) {
    const data = typeof content === "string" ? Buffer.from(content) : content;
    const deflated = zlib.deflateRawSync(data, { level });
    const fields = (signature: number, size: number) => {
      const header = Buffer.alloc(size);
      header.writeUInt32LE(signature, 0);
      return header;
    };
    const local = fields(0x04034b50, 30);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(zlib.crc32(data), 14);
    local.writeUInt32LE(deflated.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(Buffer.byteLength(name), 26);
    const central = fields(0x02014b50, 46);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    local.copy(central, 8, 6, 30);
    central.writeUInt32LE(offset, 42);
    locals.push(local, Buffer.from(name), deflated);
    centrals.push(central, Buffer.from(name));
    offset += 30 + Buffer.byteLength(name) + deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(parts).length, 8);
  end.writeUInt16LE(Object.keys(parts).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
};

const workbook = async (headers: string[], rows: string[][]): Promise<Buffer> => {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  const writer = createXlsxWriter(out, "Customers", headers);
  for (const row of rows) await writer.writeRow(row);
  await writer.end();
  return Buffer.concat(chunks);
};

describe("bad files", () => {
  it("imports the good rows of a ragged CSV and fails the rows with too few or too many cells", async () => {
    const csv = ["id,Email,City", "r1,r1@example.com,Oslo", "r2,r2@example.com", "r3,r3@example.com,Rome,extra,cells", "r4,r4@example.com,Lima,,", "r5"].join(
      "\n",
    );
    const { job, errors } = await importedWithErrors(t, key, { entity: "CUSTOMER" }, { name: "ragged.csv", content: csv });
    expect(job).toMatchObject({ processedRows: 5, insertedCount: 2, failedCount: 3 });
    expect(errors.map((e) => [e.row, e.code])).toEqual([
      [2, "MALFORMED_ROW"],
      [3, "MALFORMED_ROW"],
      [5, "MALFORMED_ROW"],
    ]);
    expect(await existing(["r1", "r4"])).toEqual(["r1", "r4"]);
    await expectServerUp(t, key);
  });

  it("fails only the record with an unbalanced quote and reads on after it", async () => {
    const csv = [
      "id,Email,Company",
      'q1,q1@example.com,"Acme',
      "q2,q2@example.com,Initech",
      'q3,q3@example.com,"Quoted, fine"',
      "q4,q4@example.com,5'10\" tall",
    ].join("\n");
    const { job, errors } = await importedWithErrors(t, key, { entity: "CUSTOMER" }, { name: "quotes.csv", content: csv });
    expect(errors.map((e) => [e.code, e.location])).toEqual([["MALFORMED_ROW", "line 2"]]);
    expect(job).toMatchObject({ insertedCount: 3, failedCount: 1 });
    expect(await existing(["q2", "q3", "q4"])).toEqual(["q2", "q3", "q4"]);
  });

  it("fails a record with a NUL byte, in CSV and as a JSON escape, and keeps the rest", async () => {
    const csv = "id,Email,City\nn1,n1@example.com,Os\u0000lo\nn2,n2@example.com,Rome\n";
    const fromCsv = await importedWithErrors(t, key, { entity: "CUSTOMER" }, { name: "nul.csv", content: csv });
    expect(fromCsv.errors.map((e) => [e.row, e.code])).toEqual([[1, "MALFORMED_ROW"]]);
    const json = '[{"externalId": "n3", "email": "n3@example.com", "city": "Ber\\u0000lin"}, {"externalId": "n4", "email": "n4@example.com"}]';
    const fromJson = await importedWithErrors(t, key, { entity: "CUSTOMER" }, { name: "nul.json", content: json });
    expect(fromJson.job).toMatchObject({ insertedCount: 1, failedCount: 1 });
    expect(fromJson.errors[0]).toMatchObject({ row: 1, code: "MALFORMED_ROW", field: "city", column: "city" });
    expect(await existing(["n1", "n2", "n3", "n4"])).toEqual(["n2", "n4"]);
  });

  it("fails a record holding a 10 MB field as RECORD_TOO_LARGE and imports the records around it", async () => {
    const csv = Buffer.concat([
      Buffer.from("id,Email,Company\nb1,b1@example.com,Small\nb2,b2@example.com,"),
      Buffer.alloc(10 * 1024 * 1024, "x"),
      Buffer.from("\nb3,b3@example.com,Small too\n"),
    ]);
    const { job, errors } = await importedWithErrors(t, key, { entity: "CUSTOMER" }, { name: "wide.csv", content: csv });
    expect(errors.map((e) => [e.row, e.code])).toEqual([[2, "RECORD_TOO_LARGE"]]);
    expect(errors[0].message.length).toBeLessThan(500);
    expect(job).toMatchObject({ insertedCount: 2, failedCount: 1 });
    expect(await existing(["b1", "b2", "b3"])).toEqual(["b1", "b3"]);
  });

  it("refuses a ZIP bomb (a 200 MB sheet of zeros) as ZIP_BOMB without inflating it", async () => {
    const parts = handBuiltParts({ sheets: [{ name: "S", rows: "" }] });
    // level 1 deflates 200 MB of zeros in half a second, still 229 times smaller
    const bomb = zipOf({ ...parts, "xl/worksheets/data1.xml": Buffer.alloc(200 * 1024 * 1024) }, 1);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const { code, ms } = await refusedUpload(t, key, { entity: "CUSTOMER" }, { name: "bomb.xlsx", content: bomb });
    expect(code).toBe("ZIP_BOMB");
    expect(ms).toBeLessThan(5_000);
    await expectServerUp(t, key);
  });

  it("refuses a truncated workbook as CORRUPT_FILE", async () => {
    const rows = Array.from({ length: 200 }, (_, i) => [`x${i}`, `x${i}@example.com`]);
    const book = await workbook(["id", "Email"], rows);
    const { code } = await refusedUpload(t, key, { entity: "CUSTOMER" }, { name: "cut.xlsx", content: book.subarray(0, Math.floor(book.length * 0.6)) });
    expect(code).toBe("CORRUPT_FILE");
    await expectServerUp(t, key);
  });

  it("refuses a billion-laughs document, as XML and inside a workbook, in no time", async () => {
    const entities = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ""};`.repeat(10)}">`)].join("");
    const xml = `<?xml version="1.0"?><!DOCTYPE customers [${entities}]><customers><customer><email>&lol9;</email></customer></customers>`;
    const asXml = await refusedUpload(t, key, { entity: "CUSTOMER" }, { name: "lol.xml", content: xml });
    expect(asXml.code).toBe("DTD_FORBIDDEN");
    const sheet = `<?xml version="1.0"?><!DOCTYPE worksheet [${entities}]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>`;
    const book = zipOf({ ...handBuiltParts({ sheets: [{ name: "S", rows: "" }] }), "xl/worksheets/data1.xml": sheet });
    const asXlsx = await refusedUpload(t, key, { entity: "CUSTOMER" }, { name: "lol.xlsx", content: book });
    expect(asXlsx.code).toBe("DTD_FORBIDDEN");
    expect(asXml.ms + asXlsx.ms).toBeLessThan(5_000);
    await expectServerUp(t, key);
  });

  it("never fetches an external entity or an external workbook part", async () => {
    const hits: string[] = [];
    const listener = http.createServer((req, res) => {
      hits.push(String(req.url));
      res.end("<email>leak@example.com</email>");
    });
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
    try {
      const xxe = `<?xml version="1.0"?><!DOCTYPE customers [<!ENTITY xxe SYSTEM "${base}/entity"><!ENTITY % p SYSTEM "${base}/parameter">%p;]><customers><customer><email>&xxe;</email></customer></customers>`;
      expect((await refusedUpload(t, key, { entity: "CUSTOMER" }, { name: "xxe.xml", content: xxe })).code).toBe("DTD_FORBIDDEN");

      const sheet = `<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "${base}/sheet">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>`;
      const withEntity = zipOf({ ...handBuiltParts({ sheets: [{ name: "S", rows: "" }] }), "xl/worksheets/data1.xml": sheet });
      expect((await refusedUpload(t, key, { entity: "CUSTOMER" }, { name: "xxe.xlsx", content: withEntity })).code).toBe("DTD_FORBIDDEN");

      // a workbook whose only sheet lives on another server
      const rels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId10" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="${base}/sheet.xml" TargetMode="External"/></Relationships>`;
      const remote = zipOf({ ...handBuiltParts({ sheets: [{ name: "S", rows: "" }] }), "xl/_rels/workbook.xml.rels": rels });
      const { code } = await refusedUpload(t, key, { entity: "CUSTOMER" }, { name: "remote.xlsx", content: remote });
      expect(code).toMatch(/CORRUPT_FILE|SHEET_NOT_FOUND|EMPTY_FILE/);

      await new Promise((r) => setTimeout(r, 200));
      expect(hits).toEqual([]);
    } finally {
      listener.close();
    }
    await expectServerUp(t, key);
  });
});
