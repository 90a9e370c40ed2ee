import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sqlString } from "../../../../../src/export/sql.export.js";
import { outcomes, readDump } from "./read-dump.js";

// Text as dumps hold it: any Unicode but NUL (PostgreSQL text has none), with the characters
// that matter to quoting and escapes made frequent.
const text = fc
  .string({
    unit: fc.oneof(
      fc.constantFrom("'", "\\", '"', "`", "\n", "\r", "\t", ";", ",", "(", ")", "-", "/", "*", "$", "N", "."),
      fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }),
    ),
    maxLength: 30,
  })
  .map((s) => s.replaceAll("\u0000", ""));
const value = fc.option(text, { nil: null });
const rows = fc.array(fc.tuple(value, value), { minLength: 1, maxLength: 5 });

/** mysqldump's escaping: backslash before \ ' " and control characters. */
const mysqlString = (s: string): string =>
  `'${s.replace(/[\\'"\n\r\t\u001a]/g, (c) => ({ "\\": "\\\\", "'": "\\'", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\u001a": "\\Z" })[c]!)}'`;
/** pg_dump's COPY text escaping. */
const copyField = (s: string | null): string =>
  s === null ? "\\N" : s.replace(/[\\\n\r\t]/g, (c) => ({ "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" })[c]!);

const expected = (data: readonly (readonly [string | null, string | null])[]) => data.map(([a, b]) => ({ a, b }));

describe("rows written the way the dump tools write them read back unchanged, cut anywhere", () => {
  it("PostgreSQL INSERTs with standard strings (as the SQL export writes them)", () => {
    fc.assert(
      fc.property(rows, fc.nat(), (data, cutSeed) => {
        const tuples = data.map(([a, b]) => `(${a === null ? "NULL" : sqlString(a)}, ${b === null ? "NULL" : sqlString(b)})`);
        const dump = `SET standard_conforming_strings = on;\nINSERT INTO "t" ("a", "b") VALUES\n${tuples.join(",\n")};\n`;
        const cut = cutSeed % (Buffer.byteLength(dump) + 1);
        expect(outcomes(readDump(dump, "t", [cut]).records)).toEqual(expected(data));
      }),
    );
  });

  it("mysqldump extended INSERTs with backslash escapes", () => {
    fc.assert(
      fc.property(rows, fc.nat(), (data, cutSeed) => {
        const tuples = data.map(([a, b]) => `(${a === null ? "NULL" : mysqlString(a)},${b === null ? "NULL" : mysqlString(b)})`);
        const dump = `-- MySQL dump 10.13\nINSERT INTO \`t\` (\`a\`, \`b\`) VALUES ${tuples.join(",")};\n`;
        const cut = cutSeed % (Buffer.byteLength(dump) + 1);
        expect(outcomes(readDump(dump, "t", [cut]).records)).toEqual(expected(data));
      }),
    );
  });

  it("pg_dump COPY blocks", () => {
    fc.assert(
      fc.property(rows, fc.nat(), (data, cutSeed) => {
        const lines = data.map(([a, b]) => `${copyField(a)}\t${copyField(b)}\n`);
        const dump = `-- PostgreSQL database dump\nCOPY public.t (a, b) FROM stdin;\n${lines.join("")}\\.\n`;
        const cut = cutSeed % (Buffer.byteLength(dump) + 1);
        expect(outcomes(readDump(dump, "t", [cut]).records)).toEqual(expected(data));
      }),
    );
  });
});
