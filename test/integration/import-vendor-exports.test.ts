import { readFile, rm } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/test-server.js";
import { expectCountsAddUp, gqlUpload, jobErrors, startImport, waitForJob } from "../helpers/upload.js";
import { mappedPairs, VENDOR_LAYOUTS } from "../helpers/vendor-layouts.js";
import { handBuiltParts, scratchDir, writeZip } from "../unit/import/parse/xlsx/xlsx-fixture.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ logLevel: process.env.TEST_LOG_LEVEL ?? "silent" });
});
afterAll(async () => t?.stop());

const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/vendor/${name}`, import.meta.url));
const FIELDS = "externalId firstName lastName email phone company jobTitle city country tags createdAt";

/** Imports a fixture into a workspace of its own with no mapping, and reads back what was stored. */
const importWithoutMapping = async (name: string, options: Record<string, unknown>) => {
  const w = await t.workspace(`vendor-${name.replace(/\W+/g, "-")}`);
  const id = await startImport(t, w.keys.IMPORTER, { entity: "CUSTOMER", options }, { name, content: fixture(name) });
  const job = await waitForJob(t, w.keys.IMPORTER, id);
  const errors = await jobErrors(t, w.keys.IMPORTER, id);
  const { body } = await t.gql(w.keys.VIEWER, `{ customers(first: 50) { edges { node { ${FIELDS} } } } }`);
  const customers = new Map<string, any>(body.data.customers.edges.map((e: any) => [e.node.externalId ?? e.node.email, e.node]));
  return { job, errors, customers };
};

interface Case {
  readonly options: Record<string, unknown>;
  readonly counts: { processedRows: number; insertedCount: number; failedCount: number };
  /** Row number to the sorted error codes of that row. */
  readonly errors: Record<number, string[]>;
  /** Customers by externalId (or email when the file has no id column), as stored. */
  readonly stored: Record<string, Record<string, unknown>>;
}

const CASES: Record<string, Case> = {
  "hubspot-contacts.csv": {
    options: { defaultCountry: "US" },
    counts: { processedRows: 5, insertedCount: 4, failedCount: 1 },
    errors: { 5: ["INVALID_DATE", "INVALID_EMAIL", "INVALID_PHONE"] },
    stored: {
      "51": {
        firstName: "Ada",
        lastName: "Lovelace",
        email: "ada@example.com",
        phone: "+442079460958",
        company: "Analytical Engines Ltd",
        jobTitle: "Founder",
        city: "London",
        country: "GB",
        createdAt: "2024-03-05T08:15:00.000Z",
      },
      "1001": { firstName: "grace", lastName: "HOPPER", phone: "+17035550142", company: "US Navy", country: "US", createdAt: "2023-11-20T17:02:00.000Z" },
      "1003": { firstName: null, lastName: null, email: "info@acme.example", company: "Acme Inc.", country: "US" },
    },
  },
  "salesforce-data-loader-contacts.csv": {
    options: { defaultCountry: "US" },
    counts: { processedRows: 4, insertedCount: 4, failedCount: 0 },
    errors: {},
    stored: {
      "0035g00000AbCdEAAZ": {
        firstName: "Marie",
        lastName: "Curie",
        email: "marie.curie@example.fr",
        phone: "+33144270000",
        jobTitle: "Head of Research",
        city: "Paris",
        country: "FR",
        company: "Institut du Radium",
        createdAt: "2024-03-05T08:15:00.000Z",
      },
      "0035g00000AbCdFAAZ": { phone: null, company: "Bletchley Park Trust", country: "GB", createdAt: "2023-12-31T23:30:00.000Z" },
      "0035g00000AbCdGAAZ": { email: "kjohnson@example.gov", phone: "+17578641000", company: null, country: "US", createdAt: "2024-01-15T14:00:00.000Z" },
    },
  },
  "salesforce-data-loader-uppercase-contacts.csv": {
    options: {},
    counts: { processedRows: 2, insertedCount: 2, failedCount: 0 },
    errors: {},
    stored: {
      "0035g00000ZzYyXAAA": {
        firstName: "Rosalind",
        lastName: "Franklin",
        phone: "+442078365454",
        company: "King's College London",
        city: "London",
        country: "GB",
        createdAt: "2024-03-05T08:15:00.000Z",
      },
      "0035g00000ZzYyYAAA": { email: "lise.meitner@example.at", country: "AT", createdAt: "2024-03-06T09:45:30.000Z" },
    },
  },
  "zoho-crm-contacts.csv": {
    options: {},
    counts: { processedRows: 3, insertedCount: 3, failedCount: 0 },
    errors: {},
    stored: {
      zcrm_5725767000000339021: {
        firstName: "Ravi",
        lastName: "Kumar",
        email: "ravi.kumar@example.in",
        phone: "+918028520261",
        company: "Infosys Ltd",
        jobTitle: "Project Manager",
        city: "Bengaluru",
        country: "IN",
        tags: ["VIP", "Partner"],
        createdAt: "2024-03-05T08:15:00.000Z",
      },
      zcrm_5725767000000339022: { email: "sofia.rossi@example.it", country: "IT", createdAt: "2024-03-06T14:20:05.000Z" },
      zcrm_5725767000000339023: { phone: null, tags: ["Partner"], country: "JP" },
    },
  },
  "odoo-res-partner.csv": {
    options: { defaultCountry: "US" },
    counts: { processedRows: 3, insertedCount: 3, failedCount: 0 },
    errors: {},
    stored: {
      "__export__.res_partner_42_8c1f2e": {
        firstName: "Brandon",
        lastName: "Freeman",
        phone: "+13556873262",
        company: "Azure Interior",
        jobTitle: "Creative Director",
        city: "Fremont",
        country: "US",
        tags: ["VIP", "Consulting Services"],
        createdAt: "2024-03-05T08:15:42.000Z",
      },
      "__export__.res_partner_43_9d2a1b": { phone: "+3222903490", company: "Deco Addict", city: "Ramillies", country: "BE", tags: ["Wholesale"] },
    },
  },
  "twenty-people.csv": {
    options: { defaultCountry: "FR" },
    counts: { processedRows: 3, insertedCount: 3, failedCount: 0 },
    errors: {},
    stored: {
      "20202020-b7c3-4f1e-9a1b-6f0e2d3c4b5a": {
        firstName: "Christoph",
        lastName: "Callisto",
        email: "christoph.calisto@example.fr",
        phone: "+33612345678",
        jobTitle: "CEO",
        city: "Seattle",
        country: null,
        createdAt: "2024-03-05T08:15:00.000Z",
      },
      "20202020-c8d4-4a2f-8b2c-7a1f3e4d5c6b": { email: "sylvie.palmer@example.fr", phone: "+33789012345" },
    },
  },
  "pipedrive-persons.csv": {
    options: {},
    counts: { processedRows: 3, insertedCount: 3, failedCount: 0 },
    errors: {},
    stored: {
      "101": {
        firstName: "Tõnis",
        lastName: "Tamm",
        email: "tonis@nordic.example",
        phone: "+37251234567",
        company: "Nordic Ventures OÜ",
        tags: ["Hot lead"],
        createdAt: "2024-03-05T08:15:00.000Z",
      },
      "102": { firstName: "Ana", lastName: "García", phone: "+34933123456", tags: ["Customer"] },
      // only home email and mobile phone: the second column of a field is not mapped
      "103": { firstName: "Ben", email: null, phone: null, tags: ["Warm lead"] },
    },
  },
  "excel-gb18030-contacts.csv": {
    options: { defaultCountry: "CN" },
    counts: { processedRows: 4, insertedCount: 3, failedCount: 1 },
    errors: { 4: ["INVALID_DATE", "INVALID_EMAIL", "INVALID_PHONE"] },
    stored: {
      "C-001": {
        lastName: "王",
        firstName: "小明",
        email: "wang.xm@example.cn",
        phone: "+8613800138000",
        company: "上海云帆科技有限公司",
        jobTitle: "销售经理",
        city: "上海",
        country: "CN",
        tags: ["重点客户", "VIP"],
        createdAt: "2024-03-05T00:00:00.000Z",
      },
      "C-002": { email: "lina@example.cn", tags: [] },
      "C-003": { phone: "+85291234567", company: "香港汇丰, 中环", country: "HK", createdAt: "2023-12-01T00:00:00.000Z" },
    },
  },
  "wps-gb18030-contacts.csv": {
    options: { defaultCountry: "CN" },
    counts: { processedRows: 3, insertedCount: 3, failedCount: 0 },
    errors: {},
    stored: {
      "zhao.yun@example.cn": {
        externalId: null,
        lastName: "赵",
        firstName: "云",
        phone: "+8613700001111",
        company: "常山贸易有限公司",
        jobTitle: "采购主管",
        city: "石家庄",
        createdAt: "2024-03-05T08:15:00.000Z",
      },
      "sun@example.cn": { phone: "+8618600002222", company: "江东物流" },
      "zhuge@example.cn": { lastName: "诸葛", firstName: "亮", phone: "+8615912345678" },
    },
  },
  "excel-big5-contacts.csv": {
    options: { defaultCountry: "TW" },
    counts: { processedRows: 2, insertedCount: 2, failedCount: 0 },
    errors: {},
    stored: {
      "TW-001": {
        lastName: "林",
        firstName: "美玲",
        email: "lin.ml@example.tw",
        phone: "+886912345678",
        company: "大同股份有限公司",
        city: "臺北",
        country: "TW",
        createdAt: "2024-03-05T00:00:00.000Z",
      },
      "TW-002": { phone: "+886922333444", company: "宏碁電腦", country: "TW", createdAt: "2024-01-12T00:00:00.000Z" },
    },
  },
  "excel-unicode-text-contacts.txt": {
    options: { defaultCountry: "HK" },
    counts: { processedRows: 3, insertedCount: 3, failedCount: 0 },
    errors: {},
    stored: {
      "HK-001": {
        lastName: "陳",
        firstName: "大文",
        phone: "+85291234567",
        company: '大同 "Tatung" 公司',
        jobTitle: "經理",
        city: "香港",
        country: "HK",
        createdAt: "2024-03-05T00:00:00.000Z",
      },
      "HK-003": { email: "lee.ky@example.hk", phone: null, country: "CN" },
    },
  },
};

describe("other systems' exports import with the suggested mapping alone", () => {
  it.each(VENDOR_LAYOUTS.map(([name, encoding]) => [name, encoding] as const))("%s (%s)", async (name, encoding) => {
    const expected = CASES[name]!;
    const { job, errors, customers } = await importWithoutMapping(name, expected.options);
    expect({ status: job.status, errorCode: job.errorCode, format: job.format, encoding: job.encoding }).toEqual({
      status: "COMPLETED",
      errorCode: null,
      format: "CSV",
      encoding,
    });
    expect(job.mapping).toEqual(mappedPairs(name));
    expect(job).toMatchObject({ ...expected.counts, updatedCount: 0, skippedCount: 0 });
    expect(expectCountsAddUp(job)).toBe(true);
    const codes: Record<number, string[]> = {};
    for (const error of errors) (codes[error.row] ??= []).push(error.code);
    for (const row of Object.values(codes)) row.sort();
    expect(codes).toEqual(expected.errors);
    expect(customers.size).toBe(expected.counts.insertedCount);
    for (const [key, fields] of Object.entries(expected.stored)) expect(customers.get(key), key).toMatchObject(fields);
  });
});

describe("a workbook whose first sheet is hidden", () => {
  const PREVIEW = `mutation ($input: PreviewImportInput!) { previewImport(input: $input) { format sheet headers sampleRows } }`;
  const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
  const sheet = (name: string, state: string | undefined, email: string) => ({
    name,
    ...(state === undefined ? {} : { state }),
    rows: `<row r="1">${cell("A1", "ID")}${cell("B1", "Email")}</row><row r="2">${cell("A2", `${name}-1`)}${cell("B2", email)}</row>`,
  });
  let book: Buffer;
  beforeAll(async () => {
    const scratch = await scratchDir();
    const path = scratch.path("hidden-first.xlsx");
    await writeZip(
      path,
      handBuiltParts({
        sheets: [
          sheet("Lookup", "hidden", "lookup@example.com"),
          sheet("Macros", "veryHidden", "macro@example.com"),
          sheet("Customers", undefined, "visible@example.com"),
        ],
      }),
    );
    book = await readFile(path);
    await rm(scratch.dir, { recursive: true, force: true });
  });

  it("previews the first visible sheet and names it", async () => {
    const w = await t.workspace("hidden-sheet-preview");
    const { body } = await gqlUpload(t, w.keys.IMPORTER, PREVIEW, { entity: "CUSTOMER" }, { name: "book.xlsx", content: book });
    expect(body.data.previewImport).toMatchObject({ format: "XLSX", sheet: "Customers", headers: ["ID", "Email"] });
    expect(body.data.previewImport.sampleRows).toEqual([expect.objectContaining({ externalId: "Customers-1", email: "visible@example.com" })]);
  });

  it("imports the first visible sheet with no sheet option, and a hidden one when named", async () => {
    const w = await t.workspace("hidden-sheet-import");
    const read = async (options: Record<string, unknown>) => {
      const job = await waitForJob(
        t,
        w.keys.IMPORTER,
        await startImport(t, w.keys.IMPORTER, { entity: "CUSTOMER", options }, { name: "book.xlsx", content: book }),
      );
      expect(job).toMatchObject({ status: "COMPLETED", insertedCount: 1 });
    };
    await read({});
    await read({ sheet: "Lookup" });
    const { body } = await t.gql(w.keys.VIEWER, `{ customers(first: 10) { edges { node { externalId email } } } }`);
    const stored = body.data.customers.edges.map((e: any) => e.node.externalId).sort();
    expect(stored).toEqual(["Customers-1", "Lookup-1"]);
  });
});
