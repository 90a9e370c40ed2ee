import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { outcomes, readDump } from "./read-dump.js";

const fixture = (name: string): Buffer => readFileSync(fileURLToPath(new URL(`../../../../fixtures/sql/${name}`, import.meta.url)));
const MY = "-- MySQL dump 10.13\n";
const PG = "-- PostgreSQL database dump\n";

describe("statements that are no data", () => {
  it.each<[string, string]>([
    ["a -- comment holding an INSERT", `${MY}-- INSERT INTO \`t\` VALUES ('no');\n`],
    ["a # comment (MySQL)", `${MY}# INSERT INTO \`t\` VALUES ('no');\n`],
    ["a /* */ comment", `${MY}/* INSERT INTO \`t\` VALUES ('no'); */\n`],
    ["a MySQL conditional comment", `${MY}/*!40101 INSERT INTO \`t\` VALUES ('no') */;\n`],
    ["a nested PostgreSQL comment", `${PG}/* a /* b */ INSERT INTO t VALUES ('no'); */\n`],
    ["a string holding a semicolon and INSERT", `${MY}SELECT 'x; INSERT INTO \`t\` VALUES (1)';\n`],
    ["a procedure under DELIMITER", `${MY}DELIMITER ;;\nCREATE PROCEDURE p()\nBEGIN\n  SET @a = 1;\n  INSERT INTO \`t\` VALUES ('no');\nEND ;;\nDELIMITER ;\n`],
    [
      "a dollar-quoted function body",
      `${PG}CREATE FUNCTION f() RETURNS void AS $body$\nBEGIN\n  INSERT INTO t VALUES ('no');\nEND;\n$body$ LANGUAGE plpgsql;\n`,
    ],
    ["a $$ body with a $ inside", `${PG}DO $$ BEGIN PERFORM '$'; INSERT INTO t VALUES ('no'); END $$;\n`],
    ["psql meta-commands", `${PG}\\connect crm\n\\restrict abc\n`],
    [
      "SET, LOCK, DROP, ALTER",
      `${MY}SET NAMES utf8mb4;\nLOCK TABLES \`t\` WRITE;\nDROP TABLE IF EXISTS \`t\`;\nALTER TABLE \`t\` DISABLE KEYS;\nUNLOCK TABLES;\n`,
    ],
    ["INSERT ... SELECT of another table", `${MY}INSERT INTO \`u\` SELECT * FROM \`t\`;\n`],
  ])("skips %s", (_name, dump) => {
    expect(readDump(`${dump}INSERT INTO t (v) VALUES ('yes');\n`, "t").records.map((r) => ({ ...r.values }))).toEqual([{ v: "yes" }]);
  });

  it("takes columns from CREATE TABLE, not from its keys and constraints", () => {
    const dump = `${MY}CREATE TABLE \`t\` (\n  \`id\` int NOT NULL,\n  \`price\` decimal(10,2) DEFAULT '0.00',\n  name varchar(10),\n  PRIMARY KEY (\`id\`),\n  UNIQUE KEY \`u\` (\`name\`),\n  KEY \`k\` (\`price\`),\n  CONSTRAINT \`c\` FOREIGN KEY (\`id\`) REFERENCES \`x\` (\`id\`)\n) ENGINE=InnoDB;\nINSERT INTO \`t\` VALUES (1,9.50,'a');\n`;
    const { records, tables } = readDump(dump, "t");
    expect(tables[0]!.columns).toEqual(["id", "price", "name"]);
    expect(outcomes(records)).toEqual([{ id: "1", price: "9.50", name: "a" }]);
  });

  it("names the columns of a table it knows only from INSERTs without a column list", () => {
    expect(outcomes(readDump(`${MY}INSERT INTO \`t\` VALUES (1,'a');\n`, "t").records)).toEqual([{ "column 1": "1", "column 2": "a" }]);
  });

  it("reads REPLACE, INSERT IGNORE, ON DUPLICATE KEY UPDATE and OVERRIDING SYSTEM VALUE", () => {
    const dump = `${MY}REPLACE INTO \`t\` (v) VALUES ('a');\nINSERT IGNORE INTO \`t\` (v) VALUES ('b') ON DUPLICATE KEY UPDATE v = VALUES(v);\n`;
    const pg = `${PG}INSERT INTO public.t (v) OVERRIDING SYSTEM VALUE VALUES ('c');\nINSERT INTO t (v) VALUES ('d') ON CONFLICT DO NOTHING;\n`;
    expect(outcomes(readDump(dump, "t").records)).toEqual([{ v: "a" }, { v: "b" }]);
    expect(outcomes(readDump(pg, "t").records)).toEqual([{ v: "c" }, { v: "d" }]);
  });
});

describe("broken rows fail alone, with their byte offset", () => {
  it.each<[string, string]>([
    ["a function call", "NOW()"],
    ["an expression", "1 + 2"],
    ["a sub-select", "(SELECT 1)"],
    ["an unknown word", "CURRENT_USER"],
  ])("%s", (_name, value) => {
    const dump = `${MY}INSERT INTO \`t\` (a, b) VALUES ('1', ${value}),('2','ok');\n`;
    const start = Buffer.from(dump).indexOf("('1'");
    expect(outcomes(readDump(dump, "t").records)).toEqual([
      { error: "MALFORMED_ROW", at: `byte ${start}` },
      { a: "2", b: "ok" },
    ]);
  });

  it("fails a row with too few or too many values", () => {
    const dump = `${MY}INSERT INTO \`t\` (a, b) VALUES ('1'),('2','x','y'),('3','z');\n`;
    expect(outcomes(readDump(dump, "t").records).map((o) => (o as { error?: string }).error ?? o)).toEqual([
      "MALFORMED_ROW",
      "MALFORMED_ROW",
      { a: "3", b: "z" },
    ]);
  });

  it("fails the statement whose rows cannot be followed, then reads the next", () => {
    const dump = `${MY}INSERT INTO \`t\` (a) VALUES 'x', 'y';\nINSERT INTO \`t\` (a) VALUES ('ok');\n`;
    expect(outcomes(readDump(dump, "t").records).map((o) => (o as { error?: string }).error ?? o)).toEqual(["MALFORMED_ROW", { a: "ok" }]);
  });

  it("fails a row left open by an unterminated string at the end of the file", () => {
    const dump = `${MY}INSERT INTO \`t\` (a) VALUES ('ok'),('never closed);\n`;
    expect(outcomes(readDump(dump, "t").records).map((o) => (o as { error?: string }).error ?? o)).toEqual([{ a: "ok" }, "MALFORMED_ROW"]);
  });

  it("fails a row over the record limit with RECORD_TOO_LARGE and reads the rows after it", () => {
    const big = "x".repeat(5000);
    const dump = `${MY}INSERT INTO \`t\` (a) VALUES ('small'),('${big}'),('after');\nCOPY t (a) FROM stdin;\n${big}\nlast\n\\.\n`;
    const { records } = readDump(dump, "t", [], 1000);
    expect(outcomes(records).map((o) => (o as { error?: string }).error ?? o)).toEqual([
      { a: "small" },
      "RECORD_TOO_LARGE",
      { a: "after" },
      "RECORD_TOO_LARGE",
      { a: "last" },
    ]);
    expect(records.map((r) => r.rowNumber)).toEqual([1, 2, 3, 4, 5]);
  });

  it("fails rows whose bytes are not UTF-8 with INVALID_ENCODING", () => {
    const dump = Buffer.concat([Buffer.from(`${MY}INSERT INTO \`t\` (a) VALUES ('`), Buffer.from([0xff, 0xfe]), Buffer.from("'),('ok');\n")]);
    expect(outcomes(readDump(dump, "t").records).map((o) => (o as { error?: string }).error ?? o)).toEqual(["INVALID_ENCODING", { a: "ok" }]);
  });
});

describe("chunk boundaries", () => {
  const small = Buffer.from(
    `${MY}/*!40101 SET NAMES utf8mb4 */;\nCREATE TABLE \`t\` (\`a\` text, \`b\` blob);\n-- comment; 'quote\nINSERT INTO \`t\` VALUES ('It''s \\'x\\' \\\\ \\n 李',_binary 'b'),(-1.5e3,0x41),(NULL,X'4243'),(b'11','--'),('/*','*/');\n`,
  );
  const whole = readDump(small, "t");
  const pgWhole = readDump(fixture("pg_dump-crm.sql"), "customers");
  const myWhole = readDump(fixture("mysqldump-crm.sql"), "customers");

  it("reads the small dump the same with a cut at every byte", () => {
    expect(outcomes(whole.records)).toEqual([
      { a: "It's 'x' \\ \n 李", b: "b" },
      { a: "-1.5e3", b: "A" },
      { a: null, b: "BC" },
      { a: "3", b: "--" },
      { a: "/*", b: "*/" },
    ]);
    for (let cut = 1; cut < small.length; cut++) expect(readDump(small, "t", [cut]), `cut at ${cut}`).toEqual(whole);
  });

  it("reads the small dump the same one byte at a time", () => {
    expect(
      readDump(
        small,
        "t",
        Array.from({ length: small.length - 1 }, (_, i) => i + 1),
      ),
    ).toEqual(whole);
  });

  it.each([
    ["pg_dump-crm.sql", pgWhole, "customers"],
    ["mysqldump-crm.sql", myWhole, "customers"],
  ] as const)("reads %s the same with a cut at every byte", (name, expected, table) => {
    const bytes = fixture(name);
    expect(expected.records).toHaveLength(4);
    for (let cut = 1; cut < bytes.length; cut++) expect(readDump(bytes, table, [cut]), `cut at ${cut}`).toEqual(expected);
  });
});
