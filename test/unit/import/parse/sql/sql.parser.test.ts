import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { ParseOptions } from "../../../../../src/import/parse/parser.js";
import { SQL_PARSER } from "../../../../../src/import/parse/sql/sql.parser.js";
import { readRecords } from "../json/read-records.js";

const scratch = mkdtempSync(join(tmpdir(), "sql-parser-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const fixture = (name: string): string => fileURLToPath(new URL(`../../../../fixtures/sql/${name}`, import.meta.url));
const write = (name: string, content: string | Buffer): string => {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
};
const open = (path: string, options: ParseOptions) => SQL_PARSER.open({ path, fileName: path, options });

describe("SQL_PARSER on mysqldump and pg_dump files", () => {
  it("lists the tables of a mysqldump file and reads the one asked for", async () => {
    const { file, records } = await readRecords(SQL_PARSER, fixture("mysqldump-crm.sql"), { table: "orders", listTables: true });
    expect(file).toMatchObject({ format: "SQL", encoding: "UTF-8", table: "orders" });
    expect(file.tables).toEqual([
      { name: "customers", columns: ["id", "external_id", "first_name", "last_name", "email", "phone", "country", "notes", "created_at"], estimatedRows: 4 },
      { name: "orders", columns: ["id", "order_ref", "customer_ref", "amount", "currency", "ordered_at", "status"], estimatedRows: 3 },
    ]);
    expect(file.headers).toEqual(file.tables![1]!.columns);
    expect(records.map((r) => [r.rowNumber, r.values.order_ref, r.values.amount])).toEqual([
      [1, "O-1001", "120.50"],
      [2, "O-1002", "-15.00"],
      [3, "O-1003", "88.00"],
    ]);
  });

  it("picks the first hinted table that holds rows, by its name without schema", async () => {
    const file = await open(fixture("pg_dump-crm.sql"), { tableHints: ["transactions", "payments"] });
    expect(file.table).toBe("public.payments");
    expect(file.tables?.map((t) => [t.name, t.estimatedRows])).toEqual([
      ["public.customers", 4],
      ["public.payments", 3],
    ]);
  });

  it("reads a table named without its schema and without a scan", async () => {
    const { file, records } = await readRecords(SQL_PARSER, fixture("pg_dump-crm.sql"), { table: "customers" });
    expect(file.tables).toBeUndefined();
    expect(file.headers).toContain("First Name");
    expect(records.map((r) => r.values.external_id)).toEqual(["C-001", "C-002", "C-003", "C-004"]);
  });

  it.each<[string, ParseOptions, RegExp]>([
    ["a table the dump lacks", { table: "invoices" }, /no table "invoices"\. Tables found: customers, orders\./],
    ["a table the dump lacks, listing", { table: "invoices", listTables: true }, /no table "invoices"\. Tables found: customers, orders\./],
    ["no hint and two tables with rows", { tableHints: ["notes"] }, /choose one with options\.table\. Tables found: customers, orders\./],
  ])("throws TABLE_NOT_FOUND for %s", async (_name, options, message) => {
    await expect(open(fixture("mysqldump-crm.sql"), options)).rejects.toMatchObject({ code: "TABLE_NOT_FOUND", message: expect.stringMatching(message) });
  });

  it("takes the only table with rows when no hint matches", async () => {
    const path = write("one.sql", "CREATE TABLE empty (a int);\nINSERT INTO stuff (a) VALUES (1),(2);\n");
    const file = await open(path, { tableHints: ["customers"] });
    expect(file.table).toBe("stuff");
  });

  it("throws TABLE_NOT_FOUND for a dump without data and EMPTY_FILE for an empty one", async () => {
    await expect(open(write("schema.sql", "CREATE TABLE customers (a int);\n"), {})).rejects.toMatchObject({ code: "TABLE_NOT_FOUND" });
    await expect(open(write("blank.sql", "  \n"), {})).rejects.toMatchObject({ code: "EMPTY_FILE" });
  });

  it("reads the encoding a dump declares with SET NAMES, and a UTF-16 dump by its BOM", async () => {
    const latin1 = Buffer.concat([
      Buffer.from("-- MySQL dump\n/*!40101 SET NAMES latin1 */;\nINSERT INTO `t` (n) VALUES ('Jos"),
      Buffer.from([0xe9]),
      Buffer.from("');\n"),
    ]);
    const { file, records } = await readRecords(SQL_PARSER, write("latin1.sql", latin1), { table: "t" });
    expect(file.encoding).toBe("windows-1252");
    expect(records[0]!.values.n).toBe("José");
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("INSERT INTO t (n) VALUES ('李');\n", "utf16le")]);
    const read16 = await readRecords(SQL_PARSER, write("utf16.sql", utf16), { table: "t" });
    expect(read16.records[0]!.values.n).toBe("李");
  });

  it("gives a stable row number to every row, failed ones included, for resuming", async () => {
    const path = write("resume.sql", "INSERT INTO t (a) VALUES ('1'),(now()),('3');\nCOPY t (a) FROM stdin;\n4\n\\.\n");
    const { records } = await readRecords(SQL_PARSER, path, { table: "t" });
    expect(records.map((r) => [r.rowNumber, r.error?.code ?? r.values.a])).toEqual([
      [1, "1"],
      [2, "MALFORMED_ROW"],
      [3, "3"],
      [4, "4"],
    ]);
  });
});
