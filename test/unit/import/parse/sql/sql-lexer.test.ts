import { describe, expect, it } from "vitest";
import { onlyValues, outcomes, readDump } from "./read-dump.js";

const MY = "-- MySQL dump 10.13\n";
const PG = "-- PostgreSQL database dump\nSET standard_conforming_strings = on;\n";
const my = (values: string): string => `${MY}INSERT INTO \`t\` (\`v\`) VALUES (${values});\n`;
const withByte = (before: string, byte: number, after: string): Buffer => {
  const [head, tail] = my("\u0001").split("\u0001") as [string, string];
  return Buffer.concat([Buffer.from(head + before), Buffer.from([byte]), Buffer.from(after + tail)]);
};
const pg = (values: string): string => `${PG}INSERT INTO public.t (v) VALUES (${values});\n`;

describe("MySQL literals", () => {
  it.each<[string, string, string | null]>([
    ["plain", "'abc'", "abc"],
    ["doubled quote", "'It''s'", "It's"],
    ["backslash quote", "'It\\'s'", "It's"],
    ["backslash double quote", "'say \\\"hi\\\"'", 'say "hi"'],
    ["backslash backslash", "'a\\\\b'", "a\\b"],
    ["newline, return, tab", "'a\\nb\\rc\\td'", "a\nb\rc\td"],
    ["backspace and Ctrl-Z", "'\\b\\Z'", "\b\u001a"],
    ["\\% and \\_ keep the backslash", "'50\\% \\_x'", "50\\% \\_x"],
    ["unknown escape is the letter", "'\\q'", "q"],
    ["double-quoted string", '"dq ""x"""', 'dq "x"'],
    ["UTF-8 text", "'李小龙 Müller'", "李小龙 Müller"],
    ["_binary introducer", "_binary 'bytes'", "bytes"],
    ["_binary with bytes that are not text", "_binary '\\0\\0'", "0x0000"],
    ["_utf8mb4 introducer glued", "_utf8mb4'text'", "text"],
    ["hex number", "0x414243", "ABC"],
    ["hex string", "X'4142'", "AB"],
    ["hex of binary bytes", "x'ff00'", "0xFF00"],
    ["bit string", "b'101'", "5"],
    ["NULL", "NULL", null],
    ["null in lower case", "null", null],
    ["integer kept as text", "007", "007"],
    ["negative decimal kept as text", "-12.50", "-12.50"],
    ["exponent", "1.5e-3", "1.5e-3"],
    ["long integer", "123456789012345678901234567890", "123456789012345678901234567890"],
    ["TRUE", "TRUE", "true"],
    ["empty string", "''", ""],
  ])("%s", (_name, literal, expected) => {
    expect(onlyValues(my(literal))).toEqual({ v: expected });
  });

  it("reads a string holding NUL (\\0) as binary data, in hex: PostgreSQL text cannot keep NUL", () => {
    expect(onlyValues(my("'a\\0b'"))).toEqual({ v: "0x610062" });
    expect(outcomes(readDump(withByte("'\\0", 0xff, "'"), "t").records)).toEqual([{ v: "0x00FF" }]);
  });

  it("fails a row whose text is not UTF-8 (and holds no NUL) with INVALID_ENCODING", () => {
    expect(outcomes(readDump(withByte("'Jos", 0xe9, "'"), "t").records)).toEqual([{ error: "INVALID_ENCODING", at: expect.stringMatching(/^byte \d+$/) }]);
  });
});

describe("PostgreSQL literals", () => {
  it.each<[string, string, string | null]>([
    ["standard string: backslash is literal", "'C:\\dir\\n'", "C:\\dir\\n"],
    ["doubled quote", "'It''s'", "It's"],
    ["E string escapes", "E'a\\nb\\tc\\\\d\\'e'", "a\nb\tc\\d'e"],
    ["E string octal and hex", "E'\\101\\x42\\x4'", "AB\u0004"],
    ["E string unicode", "E'caf\\u00e9 \\U0001F600'", "café 😀"],
    ["E string form feed", "E'\\f'", "\f"],
    ["cast after a value", "'2024-01-01'::date", "2024-01-01"],
    ["cast with a type of several words", "'09:00'::time with time zone", "09:00"],
    ["cast with a precision", "'1.50'::numeric(10,2)", "1.50"],
    ["NULL", "NULL", null],
    ["boolean", "false", "false"],
    ["negative number", "-3", "-3"],
  ])("%s", (_name, literal, expected) => {
    expect(onlyValues(pg(literal))).toEqual({ v: expected });
  });

  it("reads backslash escapes in plain strings when standard_conforming_strings is off", () => {
    const dump = "SET standard_conforming_strings = off;\nINSERT INTO t (v) VALUES ('a\\nb');\n";
    expect(onlyValues(dump)).toEqual({ v: "a\nb" });
  });

  it("reads double-quoted identifiers with doubled quotes", () => {
    const dump = `${PG}INSERT INTO "public"."t" ("First ""Name""", "e-mail") VALUES ('Ada', 'a@x.io');\n`;
    expect(onlyValues(dump)).toEqual({ 'First "Name"': "Ada", "e-mail": "a@x.io" });
  });

  it("reads MySQL backtick identifiers with doubled backticks", () => {
    const dump = `${MY}INSERT INTO \`shop\`.\`t\` (\`we\`\`ird\`) VALUES ('x');\n`;
    expect(onlyValues(dump)).toEqual({ "we`ird": "x" });
  });
});

describe("COPY blocks", () => {
  const copy = (lines: string): string => `${PG}COPY public.t (a, b) FROM stdin;\n${lines}\\.\n`;

  it.each<[string, string, (string | null)[]]>([
    ["plain fields", "x\ty\n", ["x", "y"]],
    ["\\N is NULL", "\\N\ty\n", [null, "y"]],
    ["an empty field is an empty string", "\ty\n", ["", "y"]],
    ["escapes", "a\\tb\\nc\td\\\\e\n", ["a\tb\nc", "d\\e"]],
    ["octal and hex escapes", "\\101\\x42\t\\v\\b\\f\\r\n", ["AB", "\u000b\b\f\r"]],
    ["N after text is text", "\\\\N\tN\n", ["\\N", "N"]],
    ["a raw carriage return before the newline is dropped", "x\ty\r\n", ["x", "y"]],
    ["UTF-8", "李\tMüller\n", ["李", "Müller"]],
  ])("%s", (_name, lines, expected) => {
    const { records } = readDump(copy(lines), "t");
    expect(outcomes(records)).toEqual([{ a: expected[0], b: expected[1] }]);
  });

  it("ends at \\. and reads statements after it", () => {
    const dump = `${copy("1\tx\n2\ty\n")}INSERT INTO t (a, b) VALUES ('3', 'z');\n`;
    expect(outcomes(readDump(dump, "t").records)).toEqual([
      { a: "1", b: "x" },
      { a: "2", b: "y" },
      { a: "3", b: "z" },
    ]);
  });

  it("counts the rows of other tables without reading them", () => {
    const dump = `${PG}COPY public.other (a) FROM stdin;\n1\n2\n3\n\\.\n${copy("1\tx\n").slice(PG.length)}`;
    const { records, tables } = readDump(dump, "t");
    expect(records).toHaveLength(1);
    expect(tables.map((t) => [t.name, t.rows])).toEqual([
      ["public.other", 3],
      ["public.t", 1],
    ]);
  });

  it("fails a line with another field count", () => {
    expect(outcomes(readDump(copy("1\tx\textra\n2\ty\n"), "t").records)).toEqual([
      { error: "MALFORMED_ROW", at: expect.stringMatching(/^byte \d+$/) },
      { a: "2", b: "y" },
    ]);
  });

  it("never reads COPY FROM a file", () => {
    const dump = `${PG}COPY t (a) FROM '/etc/passwd';\nINSERT INTO t (a) VALUES ('ok');\n`;
    expect(outcomes(readDump(dump, "t").records)).toEqual([{ a: "ok" }]);
  });
});
