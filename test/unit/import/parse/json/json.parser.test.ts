import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { JSON_PARSER } from "../../../../../src/import/parse/json/json.parser.js";
import { fixture, plain, readRecords } from "./read-records.js";

const read = (name: string, options = {}) => readRecords(JSON_PARSER, fixture("json", name), options);

describe("JSON_PARSER records", () => {
  it("reads a top-level array with locations, 1-based row numbers and compact raw text", async () => {
    const { file, records } = await read("array.json");
    expect(file.format).toBe("JSON");
    expect(file.encoding).toBe("utf-8");
    expect(file.headers).toEqual(["externalId", "firstName", "lastName", "email", "phone", "age", "vip", "note", "balance"]);
    expect(records.map((r) => [r.rowNumber, r.location])).toEqual([
      [1, "$[0]"],
      [2, "$[1]"],
      [3, "$[2]"],
    ]);
    expect(plain(records[1])).toEqual({ externalId: "C-2", firstName: "李", lastName: "娜", email: "li.na@example.cn", age: 34, vip: true, note: null });
    expect(records[2]?.values.balance).toBe(-12.5);
    expect(records[0]?.raw).toEqual([
      '{"externalId": "C-1", "firstName": "Anna", "lastName": "Müller", "email": "anna@example.com", "phone": "+49 30 1234567"}',
    ]);
    expect(records.every((r) => r.error === undefined)).toBe(true);
  });

  it.each([
    ["wrapped.json", "$.customers", ["W-1", "W-2"]],
    ["wrapped-deep.json", "$.data.items", ["D-1", "D-2"]],
  ])("finds the array of objects in %s", async (name, prefix, ids) => {
    const { records } = await read(name);
    expect(records.map((r) => r.values.externalId)).toEqual(ids);
    expect(records.map((r) => r.location)).toEqual(ids.map((_, i) => `${prefix}[${i}]`));
  });

  it.each([
    ["other", "$.other", ["X-1"]],
    ["$.data.items", "$.data.items", ["D-1", "D-2"]],
  ])("takes the array named by recordPath %s", async (recordPath, prefix, ids) => {
    const { records } = await read("wrapped-deep.json", { recordPath });
    expect(records.map((r) => r.values.externalId)).toEqual(ids);
    expect(records[0]?.location).toBe(`${prefix}[0]`);
  });

  it.each([
    ["wrapped-deep.json", "data.missing"],
    ["array.json", "customers"],
  ])("refuses a recordPath that %s does not have", async (name, recordPath) => {
    await expect(read(name, { recordPath })).rejects.toMatchObject({ name: "FileFormatError", code: "NO_HEADER" });
  });

  it("flattens nested objects to dotted paths, keeps scalar arrays and indexes arrays of objects", async () => {
    const { records } = await read("nested.json");
    expect(plain(records[0])).toEqual({
      externalId: "N-1",
      "name.first": "Anna",
      "name.last": "Schmidt",
      "address.street": "Hauptstraße 1",
      "address.city": "Berlin",
      "address.geo.lat": 52.52,
      "address.geo.lng": 13.405,
      tags: ["vip", "newsletter"],
      "phones.0.type": "mobile",
      "phones.0.number": "+49 170 1234567",
      "phones.1.type": "work",
      "phones.1.number": "+49 30 7654321",
      "matrix.0": [1, 2],
      "matrix.1": [3],
      extra: null,
      emptyList: [],
    });
  });

  it("keeps __proto__, constructor and prototype as plain keys of a null-prototype object", async () => {
    const { records } = await read("proto-keys.json");
    for (const record of records) expect(Object.getPrototypeOf(record.values)).toBeNull();
    expect(Object.keys(records[0]!.values)).toEqual(["__proto__.polluted", "constructor", "prototype", "hasOwnProperty", "toString", "email"]);
    expect(records[1]!.values["__proto__"]).toBe("plain");
    expect(Object.hasOwn(records[1]!.values, "__proto__")).toBe(true);
    expect(records[1]!.values["nested.constructor.prototype.y"]).toBe(2);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
  });

  it("keeps every digit of numbers a double cannot hold", async () => {
    const { records } = await read("big-numbers.json");
    expect(plain(records[0])).toEqual({
      id: "12345678901234567890",
      phone: 4915112345678,
      safe: 9007199254740991,
      unsafe: "9007199254740993",
      negative: "-98765432109876543210",
      amount: 1234.56,
      precise: "0.12345678901234567890",
      huge: "1e400",
      small: 0.00001,
      text: "12345678901234567890",
    });
  });

  it("keys with dots, spaces and escapes stay as written; brackets inside strings do not cut records", async () => {
    const { records } = await read("escaped-strings.json");
    expect(records).toHaveLength(2);
    expect(plain(records[0])).toEqual({ note: 'a "quoted" ] } , [ { value', path: "C:\\dir\\", emoji: "😀", "key with spaces": 1, "a.b": "dotted key" });
  });

  it("reads a file that is one object as one record at $", async () => {
    const { records } = await read("single-object.json");
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ rowNumber: 1, location: "$" });
    expect(plain(records[0])).toEqual({ externalId: "S-1", email: "single@example.com", tags: ["a"], "address.city": "Paris" });
  });

  it("gives no records and no headers for an empty array", async () => {
    const { file, records } = await read("empty-array.json");
    expect(file.headers).toEqual([]);
    expect(records).toEqual([]);
  });

  it.each(["utf8-bom.json", "utf16le-bom.json", "utf16be-bom.json", "utf16le-no-bom.json"])("reads %s", async (name) => {
    const { file, records } = await read(name);
    expect(file.encoding).toBe(name.startsWith("utf8") ? "utf-8" : name.includes("be") ? "utf-16be" : "utf-16le");
    expect(records.map((r) => r.values.firstName)).toEqual(["Zoë", "李娜"]);
  });

  it("re-reads the file on each call of records()", async () => {
    const file = await JSON_PARSER.open({ path: fixture("json", "array.json"), fileName: "array.json", options: {} });
    for (let pass = 0; pass < 2; pass++) {
      let count = 0;
      for await (const _ of file.records()) count++;
      expect(count).toBe(3);
    }
  });
});

describe("JSON_PARSER broken records", () => {
  it.each([
    ["not-objects.json", [undefined, "a number", "a string", "null", "an array", undefined, "a boolean"]],
    ["invalid-record.json", [undefined, "not valid JSON", "not valid JSON", undefined]],
  ])("fails only the bad records of %s with MALFORMED_ROW", async (name, problems) => {
    const { records } = await read(name);
    expect(records.map((r) => r.error?.code)).toEqual(problems.map((p) => (p === undefined ? undefined : "MALFORMED_ROW")));
    records.forEach((record, i) => {
      if (problems[i] !== undefined) expect(record.error?.message).toContain(problems[i]);
    });
    expect(records.map((r) => r.rowNumber)).toEqual(problems.map((_, i) => i + 1));
  });

  it.each([
    ["truncated.json", ["T-1", "T-2"], "$[2]", "ends inside this record", '{"externalId": "T-3", "emai'],
    ["truncated-after-record.json", ["T-1", "T-2"], "$[2]", "before the records array is closed", undefined],
    ["mismatched-bracket.json", ["M-1"], "$[1]", 'Unexpected "}"', '{"externalId": "M-2", "tags": ["a", "b"'],
    ["trailing-content.json", ["A-1"], "$[1]", "after the end of the JSON document", undefined],
  ])("keeps the records before the break in %s and ends with one MALFORMED_ROW", async (name, ids, location, message, raw) => {
    const { records } = await read(name);
    const last = records[records.length - 1]!;
    expect(records.slice(0, -1).map((r) => r.values.externalId)).toEqual(ids);
    expect(last).toMatchObject({ rowNumber: ids.length + 1, location, error: { code: "MALFORMED_ROW" } });
    expect(last.error?.message).toContain(message);
    expect(last.raw).toEqual(raw === undefined ? [] : [raw]);
  });

  it.each([
    ["truncated-first.json", "CORRUPT_FILE"],
    ["scalar.json", "CORRUPT_FILE"],
    ["whitespace.json", "EMPTY_FILE"],
  ])("cannot open %s: %s", async (name, code) => {
    await expect(read(name)).rejects.toMatchObject({ name: "FileFormatError", code });
  });
});

describe("JSON_PARSER size limit", () => {
  it("fails a record over maxRecordBytes with RECORD_TOO_LARGE and reads the next one", async () => {
    const scratch = mkdtempSync(join(tmpdir(), "json-parser-"));
    try {
      const path = join(scratch, "giant.json");
      writeFileSync(path, `[{"a": 1}, {"note": "${"x".repeat(3 * 1024 * 1024)}"}, {"a": 3}]`);
      const { records } = await readRecords(JSON_PARSER, path, { maxRecordBytes: 64 * 1024 });
      expect(records.map((r) => [r.location, r.error?.code])).toEqual([
        ["$[0]", undefined],
        ["$[1]", "RECORD_TOO_LARGE"],
        ["$[2]", undefined],
      ]);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
