import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CSV_PARSER } from "../../../../../src/import/parse/csv/csv.parser.js";
import { JSON_PARSER } from "../../../../../src/import/parse/json/json.parser.js";
import { NDJSON_PARSER } from "../../../../../src/import/parse/json/ndjson.parser.js";
import { MAX_FIELDS_PER_RECORD } from "../../../../../src/import/parse/json/record-limits.js";
import { XML_PARSER } from "../../../../../src/import/parse/xml/xml.parser.js";
import { plain, readRecords } from "./read-records.js";

// A 1 MiB record can name 100,000 fields; each format caps them at Excel's column count.

const scratch = mkdtempSync(join(tmpdir(), "field-limits-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const write = (name: string, content: string): string => {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
};
const codes = (records: { error?: { code: string } }[]) => records.map((r) => r.error?.code ?? "ok");
const wide = (n: number) => JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 1])));
const nested = (n: number) => JSON.stringify({ a: Array.from({ length: n }, () => ({})) });

describe("fields per record", () => {
  it.each([
    ["NDJSON, keys", NDJSON_PARSER, "w.ndjson", (r: string[]) => r.join("\n")],
    ["JSON, keys", JSON_PARSER, "w.json", (r: string[]) => `[${r.join(",")}]`],
  ])("%s: a record with more fields than allowed fails alone as RECORD_TOO_LARGE", async (_case, parser, name, wrap) => {
    const path = write(name, wrap(['{"id":1}', wide(MAX_FIELDS_PER_RECORD + 1), wide(MAX_FIELDS_PER_RECORD - 1), '{"id":4}']));
    const { records } = await readRecords(parser, path);
    expect(codes(records)).toEqual(["ok", "RECORD_TOO_LARGE", "ok", "ok"]);
    expect(records[1]!.error!.message).toContain(`more than ${MAX_FIELDS_PER_RECORD} fields`);
    expect(plain(records[3])).toEqual({ id: 4 });
  });

  it("NDJSON: fields made by an array of empty objects count too", async () => {
    const path = write("n.ndjson", ['{"id":1}', nested(MAX_FIELDS_PER_RECORD + 1)].join("\n"));
    const { records } = await readRecords(NDJSON_PARSER, path);
    expect(codes(records)).toEqual(["ok", "RECORD_TOO_LARGE"]);
  });

  it("XML: a record with more child elements of distinct names than allowed fails alone", async () => {
    const children = (n: number) => Array.from({ length: n }, (_, i) => `<f${i}/>`).join("");
    const path = write("w.xml", `<r><c><id>1</id></c><c>${children(MAX_FIELDS_PER_RECORD + 1)}</c><c><id>3</id></c></r>`);
    const { records } = await readRecords(XML_PARSER, path, { recordPath: "c" });
    expect(codes(records)).toEqual(["ok", "RECORD_TOO_LARGE", "ok"]);
  });

  it("the names of the first records are capped: more distinct ones than allowed is NO_HEADER", async () => {
    const lines = Array.from({ length: 3 }, (_, r) => JSON.stringify(Object.fromEntries(Array.from({ length: 6000 }, (_, i) => [`r${r}k${i}`, 1]))));
    const path = write("many.ndjson", lines.join("\n"));
    await expect(readRecords(NDJSON_PARSER, path)).rejects.toMatchObject({ name: "FileFormatError", code: "NO_HEADER" });
  });

  it("CSV: a header with more columns than allowed is NO_HEADER; one at the limit is read", async () => {
    const header = (n: number) => Array.from({ length: n }, (_, i) => `c${i}`).join(",");
    await expect(readRecords(CSV_PARSER, write("wide.csv", `${header(MAX_FIELDS_PER_RECORD + 1)}\n1\n`))).rejects.toMatchObject({
      code: "NO_HEADER",
      message: expect.stringContaining(`${MAX_FIELDS_PER_RECORD + 1} columns`),
    });
    const { file } = await readRecords(CSV_PARSER, write("at.csv", `${header(MAX_FIELDS_PER_RECORD)}\n${"1,".repeat(MAX_FIELDS_PER_RECORD - 1)}1\n`));
    expect(file.headers).toHaveLength(MAX_FIELDS_PER_RECORD);
  });
});
