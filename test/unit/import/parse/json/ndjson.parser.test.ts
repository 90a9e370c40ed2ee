import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { NDJSON_PARSER } from "../../../../../src/import/parse/json/ndjson.parser.js";
import { fixture, plain, readRecords } from "./read-records.js";

const scratch = mkdtempSync(join(tmpdir(), "ndjson-parser-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const read = (name: string, options = {}) => readRecords(NDJSON_PARSER, fixture("json", name), options);

function write(name: string, content: string): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

describe("NDJSON_PARSER", () => {
  it("reads one object per line, flattened, with line locations", async () => {
    const { file, records } = await read("customers.ndjson");
    expect(file.format).toBe("NDJSON");
    expect(file.headers).toEqual(["externalId", "email", "address.city", "tags", "phone", "__proto__.admin"]);
    expect(records.map((r) => [r.rowNumber, r.location])).toEqual([
      [1, "line 1"],
      [2, "line 2"],
    ]);
    expect(plain(records[0])).toEqual({ externalId: "C-1", email: "a@example.com", "address.city": "Berlin", tags: ["x", "y"] });
    expect(Object.getPrototypeOf(records[1]!.values)).toBeNull();
    expect(records[1]!.values["__proto__.admin"]).toBe(true);
  });

  it("fails a broken line alone, skips blank lines and goes on", async () => {
    const { records } = await read("ndjson-broken-line.ndjson");
    expect(records.map((r) => [r.rowNumber, r.location, r.error?.code])).toEqual([
      [1, "line 1", undefined],
      [2, "line 2", "MALFORMED_ROW"],
      [3, "line 4", undefined],
      [4, "line 5", "MALFORMED_ROW"],
      [5, "line 6", undefined],
    ]);
    expect(records[1]!.raw).toEqual(['{"externalId": "L-2", "email":']);
    expect(records[3]!.error?.message).toContain("an array");
    expect(records[4]!.values.id).toBe("12345678901234567890");
  });

  it("reads CRLF line ends and a last line without a newline", async () => {
    const { records } = await read("crlf-no-final-newline.ndjson");
    expect(records.map((r) => [r.location, r.values.externalId])).toEqual([
      ["line 1", "R-1"],
      ["line 3", "R-2"],
      ["line 4", "R-3"],
    ]);
    expect(records[1]!.values.name).toBe("Zoë");
  });

  it("reads UTF-16 with a BOM", async () => {
    const { file, records } = await read("utf16le-bom.ndjson");
    expect(file.encoding).toBe("utf-16le");
    expect(records.map((r) => r.values.firstName)).toEqual(["Zoë", "李娜"]);
  });

  it("cannot open a file where no line can be read", async () => {
    await expect(read("ndjson-all-broken.ndjson")).rejects.toMatchObject({ name: "FileFormatError", code: "CORRUPT_FILE" });
  });

  it("fails a line over maxRecordBytes with RECORD_TOO_LARGE and reads the next one", async () => {
    const giant = `{"note": "${"x".repeat(3 * 1024 * 1024)}"}`;
    const path = write("giant.ndjson", `{"a": 1}\n${giant}\n{"a": 3}\n`);
    const { records } = await readRecords(NDJSON_PARSER, path, { maxRecordBytes: 64 * 1024 });
    expect(records.map((r) => r.error?.code)).toEqual([undefined, "RECORD_TOO_LARGE", undefined]);
    expect(records[1]!.error?.message).toContain(`${giant.length} bytes`);
    expect(records[1]!.raw[0]!.length).toBeLessThanOrEqual(512);
    expect(records[2]).toMatchObject({ rowNumber: 3, location: "line 3" });
  });

  it("limits records to 1 MiB by default", async () => {
    const path = write("over-default.ndjson", `{"note": "${"y".repeat(1024 * 1024)}"}\n{"a": 2}\n`);
    const { records } = await readRecords(NDJSON_PARSER, path);
    expect(records.map((r) => r.error?.code)).toEqual(["RECORD_TOO_LARGE", undefined]);
  });
});
