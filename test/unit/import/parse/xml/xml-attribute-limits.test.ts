import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MAX_ATTRIBUTES_PER_ELEMENT } from "../../../../../src/import/parse/xml/feed-xml.js";
import { XML_PARSER } from "../../../../../src/import/parse/xml/xml.parser.js";
import { plain, readRecords } from "../json/read-records.js";

const scratch = mkdtempSync(join(tmpdir(), "xml-attributes-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const write = (name: string, content: string): string => {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
};
const attributes = (n: number, value = "x") => Array.from({ length: n }, (_, i) => `a${i}="${value}"`).join(" ");
const file = (middle: string) => `<customers><customer id="1"><name>Ann</name></customer>${middle}<customer id="3"><name>Cy</name></customer></customers>`;

describe("XML attributes count toward the record limits", () => {
  it("a record element with more attributes than allowed fails alone as RECORD_TOO_LARGE", async () => {
    const path = write("many.xml", file(`<customer ${attributes(MAX_ATTRIBUTES_PER_ELEMENT + 1)}><name>Bo</name></customer>`));
    const { records } = await readRecords(XML_PARSER, path);
    expect(records.map((r) => r.error?.code ?? "ok")).toEqual(["ok", "RECORD_TOO_LARGE", "ok"]);
    expect(records[1]!.error!.message).toContain(`more than ${MAX_ATTRIBUTES_PER_ELEMENT} attributes`);
    expect(plain(records[2])).toEqual({ "@id": "3", name: "Cy" });
  });

  it("so does a child element of a record with too many attributes", async () => {
    const path = write("child.xml", file(`<customer id="2"><name ${attributes(MAX_ATTRIBUTES_PER_ELEMENT + 1)}>Bo</name></customer>`));
    const { records } = await readRecords(XML_PARSER, path);
    expect(records.map((r) => r.error?.code ?? "ok")).toEqual(["ok", "RECORD_TOO_LARGE", "ok"]);
  });

  it("the attribute count allowed is read", async () => {
    const path = write("at-cap.xml", file(`<customer ${attributes(MAX_ATTRIBUTES_PER_ELEMENT)}><name>Bo</name></customer>`));
    const { records } = await readRecords(XML_PARSER, path);
    expect(records.map((r) => r.error?.code ?? "ok")).toEqual(["ok", "ok", "ok"]);
    expect(plain(records[1])["@a999"]).toBe("x");
  });

  it("a record element whose attribute values exceed the record size fails as RECORD_TOO_LARGE", async () => {
    const path = write("long.xml", file(`<customer ${attributes(10, "v".repeat(200))}><name>Bo</name></customer>`));
    const { records } = await readRecords(XML_PARSER, path, { maxRecordBytes: 1000 });
    expect(records.map((r) => r.error?.code ?? "ok")).toEqual(["ok", "RECORD_TOO_LARGE", "ok"]);
  });

  it("a record whose own attributes and content together exceed the record size fails, though neither does alone", async () => {
    const path = write("together.xml", file(`<customer a="${"v".repeat(600)}"><name>${"n".repeat(600)}</name></customer>`));
    const { records } = await readRecords(XML_PARSER, path, { maxRecordBytes: 1000 });
    expect(records.map((r) => r.error?.code ?? "ok")).toEqual(["ok", "RECORD_TOO_LARGE", "ok"]);
  });

  it("a root element with a great many attributes is read past; its records import", async () => {
    const path = write("root.xml", `<customers ${attributes(50_000)}><customer id="1"><name>Ann</name></customer></customers>`);
    const { records } = await readRecords(XML_PARSER, path, { recordPath: "customer" });
    expect(records.map((r) => plain(r))).toEqual([{ "@id": "1", name: "Ann" }]);
  });
});
