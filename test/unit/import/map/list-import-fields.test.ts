import { describe, expect, it } from "vitest";
import { IMPORT_FIELDS, type ImportEntityName } from "../../../../src/import/fields/field-catalog.js";
import { listImportFields } from "../../../../src/import/map/list-import-fields.js";

describe("listImportFields", () => {
  it.each<[ImportEntityName, string, Partial<ReturnType<typeof listImportFields>[number]>]>([
    ["CUSTOMER", "email", { type: "EMAIL", required: false, maxLength: 320, enumValues: null }],
    ["CUSTOMER", "tags", { type: "TAGS", required: false }],
    ["INTERACTION", "occurredAt", { type: "DATE", required: true }],
    ["INTERACTION", "type", { type: "ENUM", enumValues: ["CALL", "EMAIL", "MEETING", "NOTE", "CHAT", "SMS", "VISIT", "OTHER"] }],
    ["TRANSACTION", "amount", { type: "MONEY", required: true, maxLength: null }],
  ])("%s %s", (entity, name, expected) => {
    expect(listImportFields(entity).find((field) => field.name === name)).toMatchObject(expected);
  });

  it.each<[ImportEntityName, string, boolean]>([
    ["CUSTOMER", "firstName", true],
    ["CUSTOMER", "city", false],
    ["TRANSACTION", "customerEmail", true],
    ["TRANSACTION", "amount", false],
  ])("%s %s tells the one-of rule: %s", (entity, name, mentioned) => {
    const field = listImportFields(entity).find((item) => item.name === name)!;
    expect(field.description.includes("At least one of")).toBe(mentioned);
  });

  it.each(Object.keys(IMPORT_FIELDS) as ImportEntityName[])("%s lists every catalog field in order", (entity) => {
    expect(listImportFields(entity).map((field) => field.name)).toEqual(IMPORT_FIELDS[entity].map((field) => field.name));
  });

  it("hands out copies, not the catalog's arrays", () => {
    const [first] = listImportFields("CUSTOMER");
    expect(first!.aliases).not.toBe(IMPORT_FIELDS.CUSTOMER[0]!.aliases);
  });
});
