import { describe, expect, it } from "vitest";
import { XML_PARSER } from "../../../../../src/import/parse/xml/xml.parser.js";
import { fixture, plain, readRecords } from "../json/read-records.js";

const read = (name: string, options = {}) => readRecords(XML_PARSER, fixture("xml", name), options);

describe("XML_PARSER records", () => {
  it("reads child elements as text fields, with XPath-like locations", async () => {
    const { file, records } = await read("customers.xml");
    expect(file).toMatchObject({ format: "XML", encoding: "utf-8", delimiter: null, sheet: null });
    expect(file.headers).toEqual(["externalId", "firstName", "email", "phone", "city", "middleName", "company"]);
    expect(records.map((r) => [r.rowNumber, r.location])).toEqual([
      [1, "/customers/customer[1]"],
      [2, "/customers/customer[2]"],
      [3, "/customers/customer[3]"],
    ]);
    expect(plain(records[0])).toEqual({ externalId: "C-1", firstName: "Anna", email: "anna@example.com", phone: "0301234567" });
    expect(records[1]!.values.firstName).toBe("José & María");
    expect(records[1]!.values.city).toBe(`Zürich – € <HQ> "main" 'x'`);
    expect(plain(records[2])).toEqual({ externalId: "C-3", middleName: "", company: "李娜 有限公司" });
    expect(JSON.parse(records[0]!.raw[0]!)).toEqual(plain(records[0]));
  });

  it("reads attributes as @name, nested ones under their element", async () => {
    const { records } = await read("attributes.xml");
    expect(plain(records[0])).toEqual({
      "@id": "A-1",
      "@status": "active",
      "name.@first": "Anna",
      "name.@last": "Schmidt",
      "address.@type": "home",
      "address.@primary": "true",
      "address.street": "Hauptstraße 1",
      "address.city": "Berlin",
      amount: "12.50",
      "amount.@currency": "EUR",
    });
    expect(plain(records[1])).toEqual({ "@id": "A-2", "address.@type": "work", "address.city": "Paris" });
  });

  it("joins CDATA sections with the text around them", async () => {
    const { records } = await read("cdata.xml");
    expect(records[0]!.values.note).toBe('Likes <b>bold</b> & "quotes" ]]> end');
    expect(records[0]!.values.bio).toBe("Part one <two> part three");
  });

  it("reads repeated text elements as arrays and repeated structures by index", async () => {
    const { records } = await read("repeated.xml");
    expect(plain(records[0])).toEqual({
      externalId: "R-1",
      tag: ["vip", "newsletter", "b2b"],
      "phone.0.@type": "mobile",
      "phone.0.number": "+49 170 1",
      "phone.1.@type": "work",
      "phone.1.number": "+49 30 2",
      "note.#text": "first  last",
      "note.b": "bold",
    });
    expect(records[1]!.values.tag).toBe("solo");
  });

  it("uses local names and leaves namespace declarations out", async () => {
    const { records } = await read("namespaced.xml");
    expect(records.map((r) => r.location)).toEqual(["/customers/customer[1]", "/customers/customer[2]"]);
    expect(plain(records[0])).toEqual({ "@id": "NS-1", email: "ns1@example.com", phone: "+1 555 0100", "phone.@type": "string" });
  });

  it("keeps __proto__ and constructor as plain keys of a null-prototype object", async () => {
    const { records } = await read("proto-names.xml");
    expect(Object.getPrototypeOf(records[0]!.values)).toBeNull();
    expect(plain(records[0])).toEqual({ "@__proto__": "attr", ["__proto__"]: "p", constructor: "c", "prototype.x": "1" });
    expect(Object.hasOwn(records[0]!.values, "__proto__")).toBe(true);
  });

  it.each([
    ["customers.xml", "/customers/customer[1]"],
    ["nested-container.xml", "/export/transactions/transaction[1]"],
    ["mixed-siblings.xml", "/customers/customer[1]"],
    ["single-record.xml", "/customers/customer[1]"],
    ["root-record.xml", "/customer[1]"],
    ["batches.xml", "/export/batch[1]"],
  ])("detects the record element of %s", async (name, location) => {
    const { records } = await read(name);
    expect(records[0]?.location).toBe(location);
    expect(records.every((r) => r.error === undefined)).toBe(true);
  });

  it.each([
    ["c", ["/export/batch/c[1]", "/export/batch/c[2]", "/export/batch[2]/c[1]"]],
    ["batch/c", ["/export/batch/c[1]", "/export/batch/c[2]", "/export/batch[2]/c[1]"]],
    ["/export/batch", ["/export/batch[1]", "/export/batch[2]"]],
  ])("takes the records recordPath %s names", async (recordPath, locations) => {
    const { records } = await read("batches.xml", { recordPath });
    expect(records.map((r) => r.location)).toEqual(locations);
  });

  it("refuses a recordPath that matches nothing", async () => {
    await expect(read("customers.xml", { recordPath: "/customers/client" })).rejects.toMatchObject({ code: "NO_HEADER" });
  });

  it("gives no records for an empty root", async () => {
    const { file, records } = await read("empty-root.xml");
    expect(file.headers).toEqual([]);
    expect(records).toEqual([]);
  });

  it.each([
    ["utf16le-bom.xml", "utf-16le", ["Zoë 李娜", "Ørsted"]],
    ["latin1.xml", "windows-1252", ["Zoë Müller", "Ørsted"]],
  ])("decodes %s", async (name, encoding, names) => {
    const { file, records } = await read(name);
    expect(file.encoding).toBe(encoding);
    expect(records.map((r) => r.values.name)).toEqual(names);
  });
});

describe("XML_PARSER broken files", () => {
  it("fails a record with an undefined entity and reads on", async () => {
    const { records } = await read("undefined-entity.xml");
    expect(records.map((r) => [r.location, r.error?.code])).toEqual([
      ["/customers/customer[1]", undefined],
      ["/customers/customer[2]", "MALFORMED_ROW"],
      ["/customers/customer[3]", undefined],
    ]);
    expect(records[1]!.error?.message).toContain("undefined entity");
    expect(records[1]!.raw[0]).toContain("Caf&eacute;");
    expect(records[2]!.values.company).toBe("AT&T");
  });

  it.each([
    ["malformed.xml", ["M-1", "M-2"], "/customers/customer[3]", "unexpected close tag"],
    ["truncated.xml", ["T-1", "T-2"], "/customers/customer[3]", "ends inside this record"],
    ["truncated-between.xml", ["T-1"], "/customers", "ends before the closing </customers>"],
    ["trailing-garbage.xml", ["G-1"], "after the root element", "only one root"],
  ])("keeps the records before the break in %s and ends with one MALFORMED_ROW", async (name, ids, location, message) => {
    const { records } = await read(name);
    const last = records[records.length - 1]!;
    expect(records.slice(0, -1).map((r) => r.values.externalId)).toEqual(ids);
    expect(last).toMatchObject({ rowNumber: ids.length + 1, location, error: { code: "MALFORMED_ROW" } });
    expect(last.error?.message).toContain(message);
  });

  it.each([
    ["truncated-first.xml", "CORRUPT_FILE"],
    ["no-root.xml", "CORRUPT_FILE"],
    ["not-xml.xml", "CORRUPT_FILE"],
    ["unknown-encoding.xml", "UNKNOWN_ENCODING"],
  ])("cannot open %s: %s", async (name, code) => {
    await expect(read(name)).rejects.toMatchObject({ name: "FileFormatError", code });
  });
});
