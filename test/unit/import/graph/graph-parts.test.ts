import { describe, expect, it } from "vitest";
import { memberFormat } from "../../../../src/import/graph/graph-container.js";
import { graphPartsCursorOf, partLabel } from "../../../../src/import/graph/judge-graph-parts.js";
import type { InspectedPart } from "../../../../src/import/read/inspect-graph-parts.js";
import { guessPartEntity } from "../../../../src/services/import-graph-parts.service.js";

const part = (headers: string[], rows: string[][] = []): InspectedPart => ({
  format: "CSV",
  encoding: "UTF-8",
  delimiter: ",",
  headers,
  sample: rows.map((r, i) => ({ rowNumber: i + 1, location: `line ${i + 2}`, raw: r, values: Object.fromEntries(headers.map((h, j) => [h, r[j] ?? null])) })),
  complete: true,
});

describe("guessPartEntity", () => {
  it.each([
    ["customers.csv", "CUSTOMER"],
    ["export/Clients.xlsx", "CUSTOMER"],
    ["Contacts", "CUSTOMER"],
    ["orders.csv", "TRANSACTION"],
    ["customer_orders.csv", "TRANSACTION"],
    ["Payments", "TRANSACTION"],
    ["notes.ndjson", "INTERACTION"],
    ["customer-notes.json", "INTERACTION"],
    ["Calls", "INTERACTION"],
  ])("%s holds %s by its name", (name, entity) => {
    expect(guessPartEntity(name, part(["x"]))).toBe(entity);
  });

  it("tells by the columns when the name says nothing: a link column makes a child, customer fields customers", () => {
    expect(guessPartEntity("Sheet2", part(["customerExternalId", "amount", "currency", "date"], [["C1", "10", "EUR", "2024-01-01"]]))).toBe("TRANSACTION");
    expect(guessPartEntity("Sheet3", part(["customer email", "subject", "type", "date"], [["a@example.com", "Hi", "call", "2024-01-01"]]))).toBe("INTERACTION");
    // an email of its own is no link: customers
    expect(guessPartEntity("Sheet1", part(["email", "first name", "phone"], [["a@example.com", "Ana", "+4930123456"]]))).toBe("CUSTOMER");
  });

  it("is null when neither the name nor the columns tell", () => {
    expect(guessPartEntity("misc.csv", part(["alpha", "beta"], [["1", "2"]]))).toBeNull();
  });
});

describe("memberFormat", () => {
  it.each([
    ["a/customers.CSV", "CSV"],
    ["t.tsv", "CSV"],
    ["book.xlsx", "XLSX"],
    ["x.json", "JSON"],
    ["x.jsonl", "NDJSON"],
    ["x.ndjson", "NDJSON"],
    ["x.xml", "XML"],
    ["README", null],
    ["dump.sql", null],
    ["x.pdf", null],
  ])("%s reads as %s", (name, format) => {
    expect(memberFormat(name)).toBe(format);
  });
});

describe("graphPartsCursorOf", () => {
  it.each([
    [null, { part: 0, offset: 0 }],
    [["2", "1500"], { part: 2, offset: 1500 }],
    [["x", "1"], { part: 0, offset: 0 }],
    [["-1", "3"], { part: 0, offset: 0 }],
  ])("%j is %j", (key, cursor) => {
    expect(graphPartsCursorOf(key)).toEqual(cursor);
  });
});

describe("partLabel", () => {
  it.each([
    [{ sheet: "Orders" }, 'sheet "Orders"'],
    [{ file: "orders.csv" }, "orders.csv"],
    [{ file: "book.xlsx", sheet: "Notes" }, "book.xlsx Notes"],
  ])("%j is %s", (p, label) => {
    expect(partLabel(p)).toBe(label);
  });
});
