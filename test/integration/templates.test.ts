import yauzl from "yauzl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { startImport, waitForJob } from "../helpers/upload.js";

let t: TestServer;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await startTestServer();
  ws = await t.workspace("templates");
});
afterAll(async () => t?.stop());

const download = async (path: string) => {
  const res = await fetch(`${t.url}${path}`);
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
};

const zipEntries = (bytes: Buffer): Promise<Map<string, string>> =>
  new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const out = new Map<string, string>();
      zip.on("entry", (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const parts: Buffer[] = [];
          stream.on("data", (c: Buffer) => parts.push(c));
          stream.on("end", () => {
            out.set(entry.fileName, Buffer.concat(parts).toString("utf8"));
            zip.readEntry();
          });
        });
      });
      zip.on("end", () => resolve(out));
      zip.readEntry();
    });
  });

const ENTITIES = [
  ["customers", "CUSTOMER"],
  ["interactions", "INTERACTION"],
  ["transactions", "TRANSACTION"],
] as const;

describe("import templates", () => {
  it("importTemplate links to both files on the caller's origin", async () => {
    const { body } = await t.gql(ws.keys.VIEWER, `{ importTemplate(entity: TRANSACTION) { entity csvUrl xlsxUrl } }`);
    expect(body.data.importTemplate).toEqual({
      entity: "TRANSACTION",
      csvUrl: `${t.url}/templates/transactions.csv`,
      xlsxUrl: `${t.url}/templates/transactions.xlsx`,
    });
  });

  it("serves a CSV with the field names and one example row, without a key", async () => {
    const { res, bytes } = await download("/templates/customers.csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/csv/);
    const lines = bytes
      .toString("utf8")
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe("externalId,firstName,lastName,email,phone,company,jobTitle,city,country,tags,createdAt");
    expect(lines[1]).toContain("ann.lee@example.com");
  });

  it("serves an XLSX whose second sheet describes each field", async () => {
    const { res, bytes } = await download("/templates/transactions.xlsx");
    expect(res.status).toBe(200);
    const entries = await zipEntries(bytes);
    expect(entries.get("xl/workbook.xml")).toMatch(/<sheet name="Transactions" sheetId="1" r:id="rId1"\/><sheet name="Fields" sheetId="2" r:id="rId2"\/>/);
    const fields = entries.get("xl/worksheets/sheet2.xml") ?? "";
    for (const text of ["amount", "MONEY", "PURCHASE, REFUND, PAYMENT, OTHER", "allowed values"]) expect(fields).toContain(text);
  });

  it("answers an unknown template with a coded 404", async () => {
    const { res, bytes } = await download("/templates/orders.csv");
    expect(res.status).toBe(404);
    expect(JSON.parse(bytes.toString("utf8")).errors[0].extensions.code).toBe("NOT_FOUND");
  });

  it.each(["csv", "xlsx"] as const)("each %s template imports back with no mapping, customers first", async (format) => {
    const space = await t.workspace(`templates-${format}`);
    for (const [name, entity] of ENTITIES) {
      const { bytes } = await download(`/templates/${name}.${format}`);
      const id = await startImport(t, space.keys.IMPORTER, { entity }, { name: `${name}.${format}`, content: bytes });
      const job = await waitForJob(t, space.keys.IMPORTER, id);
      expect({ entity, status: job.status, inserted: job.insertedCount, failed: job.failedCount }).toEqual({
        entity,
        status: "COMPLETED",
        inserted: 1,
        failed: 0,
      });
    }
    const { body } = await t.gql(
      space.keys.VIEWER,
      `{ customer(externalId: "C-1001") { email phone country tags lifetimeValue { currency amount } history(first: 5) { totalCount } } }`,
    );
    expect(body.data.customer).toEqual({
      email: "ann.lee@example.com",
      phone: "+442079460958",
      country: "GB",
      tags: ["vip", "newsletter"],
      lifetimeValue: [{ currency: "GBP", amount: "1234.50" }],
      history: { totalCount: 2 },
    });
  });
});
