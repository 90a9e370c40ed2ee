import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { detectFormat } from "../../../../src/import/parse/detect-format.js";
import type { FileFormat } from "../../../../src/import/parse/parser.js";
import { fixture } from "./json/read-records.js";

const text = (content: string): Buffer => Buffer.from(content, "utf8");
const bytes = (...values: number[]): Buffer => Buffer.from(values);
const utf16le = (content: string, bom = true): Buffer => Buffer.concat([bom ? bytes(0xff, 0xfe) : Buffer.alloc(0), Buffer.from(content, "utf16le")]);
const utf16be = (content: string): Buffer => Buffer.concat([bytes(0xfe, 0xff), Buffer.from(content, "utf16le").swap16()]);

const ZIP = Buffer.concat([bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0x00), text("[Content_Types].xml")]);
const OLE = bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0);
const CSV = "externalId,email\nC-1,a@example.com\n";
const PRETTY = '{\n  "customers": [\n    {"id": 1}\n  ]\n}\n';
const NDJSON = '{"id": 1}\n{"id": 2}\n';

describe("detectFormat from content", () => {
  it.each<[string, Buffer, FileFormat]>([
    ["a ZIP archive", ZIP, "XLSX"],
    ["an OLE2 compound file, for the XLSX parser to explain", OLE, "XLSX"],
    ["an XML declaration", text('<?xml version="1.0"?><customers/>'), "XML"],
    ["a root element", text("\n  <customers><customer/></customers>"), "XML"],
    ["a comment before the root", text("<!-- export --><customers/>"), "XML"],
    ["a top-level array", text('[{"id": 1}]'), "JSON"],
    ["an empty array", text("[]"), "JSON"],
    ["a pretty-printed object", text(PRETTY), "JSON"],
    ["one object per line", text(NDJSON), "NDJSON"],
    ["one object per line after a BOM and blank lines", Buffer.concat([bytes(0xef, 0xbb, 0xbf), text(`\n\n${NDJSON}`)]), "NDJSON"],
    ["a single one-line object", text('{"id": 1, "tags": ["a"]}\n'), "JSON"],
    ["one-line objects with braces inside strings", text('{"n": "}\\n{"}\n{"n": 2}\n'), "NDJSON"],
    ["an object longer than the head, on many lines", text('{\n "a": "' + "x".repeat(100) + '"'), "JSON"],
    ["comma-separated text", text(CSV), "CSV"],
    ["text that starts with a bracket but is no JSON", text("[id],[name]\n1,2\n"), "CSV"],
    ["text that starts with a brace but is no JSON", text("{id};{name}\n1;2\n"), "CSV"],
    ["UTF-16LE JSON with a BOM", utf16le('[{"name": "Zoë"}]'), "JSON"],
    ["UTF-16BE XML with a BOM", utf16be('<?xml version="1.0" encoding="UTF-16"?><a/>'), "XML"],
    ["UTF-16LE CSV without a BOM", utf16le(CSV, false), "CSV"],
    ["UTF-16LE NDJSON with a BOM", utf16le(NDJSON), "NDJSON"],
    ["Latin-1 text", Buffer.from("name;city\nZoë;Besançon\n", "latin1"), "CSV"],
    ["UTF-8 text with a stray NUL", text("name;city\nZoë;Besan\u0000çon\n"), "CSV"],
    ["a mysqldump header", text("-- MySQL dump 10.13  Distrib 8.0.36\n--\n"), "SQL"],
    ["a MariaDB dump header", text("-- MariaDB dump 10.19  Distrib 10.11.6-MariaDB\n"), "SQL"],
    ["a pg_dump header", text("--\n-- PostgreSQL database dump\n--\n"), "SQL"],
    ["a bare INSERT", text("INSERT INTO customers (email) VALUES ('a@x.io');\n"), "SQL"],
    ["a comment, then a COPY block", text("-- data\nCOPY public.t (a) FROM stdin;\n1\n\\.\n"), "SQL"],
    ["SET, then CREATE TABLE", text("SET NAMES utf8mb4;\nCREATE TABLE t (a int);\n"), "SQL"],
    ["CSV whose first cell says INSERT", text("action,email\nINSERT INTO,a@x.io\n"), "CSV"],
    ["CSV starting with a statement word but holding none", text("set,size\nSET 1,2\n"), "CSV"],
  ])("%s is %s", (_case, head, format) => {
    expect(detectFormat(head, "upload")).toEqual({ format });
  });

  it("reads plain text named .sql as SQL, and refuses a dump named .csv", () => {
    expect(detectFormat(text("USE crm;\n"), "dump.sql")).toEqual({ format: "SQL" });
    expect(() => detectFormat(text("-- MySQL dump 10.13\n"), "dump.csv")).toThrow(expect.objectContaining({ code: "FORMAT_MISMATCH" }));
  });

  it.each<[string, Buffer, string]>([
    ["a PNG image", bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), "PNG"],
    ["a PDF", text("%PDF-1.7\n%âãÏÓ\n"), "PDF"],
    ["a gzip archive", bytes(0x1f, 0x8b, 0x08, 0x00), "gzip"],
    ["a JPEG", bytes(0xff, 0xd8, 0xff, 0xe0), "JPEG"],
    ["binary bytes", bytes(0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x03, 0x04, 0x00, 0x05, 0x80, 0x00), "binary"],
    ["binary bytes with one zero", bytes(0x41, 0x42, 0x00, 0xc3, 0x28, 0xff, 0x43, 0x44), "binary"],
    ["an HTML page", text("<!DOCTYPE html>\n<html><body><table></table></body></html>"), "HTML"],
    ["an XML Spreadsheet 2003", text('<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>'), "XML Spreadsheet 2003"],
  ])("refuses %s with UNSUPPORTED_FORMAT", (_case, head, mention) => {
    expect(() => detectFormat(head, "upload.bin")).toThrow(expect.objectContaining({ code: "UNSUPPORTED_FORMAT", message: expect.stringContaining(mention) }));
  });

  it.each([
    ["nothing", Buffer.alloc(0)],
    ["whitespace", text(" \r\n\t\n")],
    ["a BOM alone", bytes(0xef, 0xbb, 0xbf)],
    ["a UTF-16 BOM and spaces", utf16le("   ")],
  ])("calls %s an EMPTY_FILE", (_case, head) => {
    expect(() => detectFormat(head, "empty.csv")).toThrow(expect.objectContaining({ code: "EMPTY_FILE" }));
  });
});

describe("detectFormat against the file name", () => {
  it.each<[string, Buffer, FileFormat]>([
    ["customers.csv", text(CSV), "CSV"],
    ["customers.TSV", text("a\tb\n1\t2\n"), "CSV"],
    ["customers.txt", text(CSV), "CSV"],
    ["customers.txt", text(NDJSON), "NDJSON"],
    ["customers.xlsx", ZIP, "XLSX"],
    ["customers.xls", OLE, "XLSX"],
    ["customers.xls", ZIP, "XLSX"],
    ["customers.json", text(PRETTY), "JSON"],
    ["customers.json", text(NDJSON), "NDJSON"],
    ["customers.ndjson", text(NDJSON), "NDJSON"],
    ["customers.jsonl", text('{"id": 1}'), "NDJSON"],
    ["customers.json", text('{"id": 1}'), "JSON"],
    ["customers.ndjson", text('[{"id": 1}]'), "JSON"],
    ["customers.xml", text("<customers/>"), "XML"],
    ["no-extension", text(CSV), "CSV"],
    ["archive.2024.export", text(NDJSON), "NDJSON"],
  ])("accepts %s holding %s", (name, head, format) => {
    expect(detectFormat(head, name)).toEqual({ format });
  });

  it.each<[string, Buffer, string]>([
    ["customers.csv", ZIP, "The file is named .csv but its content is an XLSX workbook"],
    ["customers.txt", ZIP, "named .txt but its content is an XLSX workbook"],
    ["customers.json", OLE, "named .json but its content is a legacy Excel (.xls)"],
    ["customers.xlsx", text(CSV), "named .xlsx but its content is plain text (CSV)"],
    ["customers.json", text(CSV), "named .json but its content is plain text (CSV)"],
    ["customers.csv", text(PRETTY), "named .csv but its content is JSON"],
    ["customers.xml", text(NDJSON), "named .xml but its content is NDJSON"],
    ["customers.csv", text("<customers/>"), "named .csv but its content is XML"],
    ["customers.json", text("<customers/>"), "named .json but its content is XML"],
  ])("refuses %s with other content", (name, head, message) => {
    expect(() => detectFormat(head, name)).toThrow(expect.objectContaining({ code: "FORMAT_MISMATCH", message: expect.stringContaining(message) }));
  });
});

describe("detectFormat against the declared format", () => {
  it.each<[FileFormat, Buffer, string, FileFormat]>([
    ["XLSX", ZIP, "export.bin", "XLSX"],
    ["JSON", text(PRETTY), "customers.csv", "JSON"],
    ["JSON", text(NDJSON), "customers.json", "NDJSON"],
    ["NDJSON", text('{"id": 1}'), "customers.json", "NDJSON"],
    ["CSV", text(CSV), "customers.txt", "CSV"],
  ])("takes declared %s when the content agrees", (declared, head, name, format) => {
    expect(detectFormat(head, name, declared)).toEqual({ format });
  });

  it.each<[FileFormat, Buffer]>([
    ["CSV", ZIP],
    ["XLSX", text(CSV)],
    ["XML", text(PRETTY)],
    ["CSV", text(NDJSON)],
    ["JSON", text("<customers/>")],
  ])("refuses declared %s when the content is something else", (declared, head) => {
    expect(() => detectFormat(head, "upload", declared)).toThrow(
      expect.objectContaining({ code: "FORMAT_MISMATCH", message: expect.stringContaining(`The format given is ${declared}`) }),
    );
  });
});

describe("detectFormat on the fixtures", () => {
  it.each<[string, string, FileFormat]>([
    ["json", "array.json", "JSON"],
    ["json", "wrapped.json", "JSON"],
    ["json", "utf16le-bom.json", "JSON"],
    ["json", "utf16le-no-bom.json", "JSON"],
    ["json", "customers.ndjson", "NDJSON"],
    ["json", "ndjson-broken-line.ndjson", "NDJSON"],
    ["json", "utf16le-bom.ndjson", "NDJSON"],
    ["xml", "customers.xml", "XML"],
    ["xml", "namespaced.xml", "XML"],
    ["xml", "billion-laughs.xml", "XML"],
    ["xml", "utf16le-bom.xml", "XML"],
    ["xml", "latin1.xml", "XML"],
    ["sql", "mysqldump-crm.sql", "SQL"],
    ["sql", "pg_dump-crm.sql", "SQL"],
  ])("%s/%s is %s", (folder, name, format) => {
    const head = readFileSync(fixture(folder as "json" | "xml" | "sql", name)).subarray(0, 64 * 1024);
    expect(detectFormat(head, name)).toEqual({ format });
  });
});
