import { describe, expect, it } from "vitest";
import { customerFieldSet, customerFieldsGiven, fieldsOfSet } from "../../../../src/import/write/field-sources.js";

const NONE = {
  externalId: null,
  firstName: null,
  lastName: null,
  email: null,
  phone: null,
  company: null,
  jobTitle: null,
  city: null,
  country: null,
  tags: null,
  customFields: {},
  createdAt: null,
};

describe("customer field sets", () => {
  it("lists the given fields in stored order: named fields, tags, custom fields in the record's order, createdAt", () => {
    const row = {
      ...NONE,
      externalId: "x1",
      lastName: "Li",
      country: "DE",
      tags: ["a"],
      customFields: { tier: "gold", 'odd [key], "q"': "1" },
      createdAt: new Date("2020-01-02T00:00:00Z"),
    };
    expect(customerFieldsGiven(row)).toEqual(["externalId", "lastName", "country", "tags", "customFields.tier", 'customFields.odd [key], "q"', "createdAt"]);
    expect(fieldsOfSet(customerFieldSet(row))).toEqual(customerFieldsGiven(row));
  });

  it("gives rows with the same fields one key whatever their values, and rows with other fields another", () => {
    const a = { ...NONE, email: "a@example.com", company: "A", customFields: { tier: "gold" } };
    const b = { ...NONE, email: "b@example.com", company: "B", customFields: { tier: "silver" } };
    expect(customerFieldSet(a)).toBe(customerFieldSet(b));
    expect(customerFieldSet({ ...a, company: null })).not.toBe(customerFieldSet(a));
    expect(customerFieldSet({ ...a, customFields: {} })).not.toBe(customerFieldSet(a));
    expect(customerFieldSet({ ...a, customFields: { region: "EU" } })).not.toBe(customerFieldSet(a));
    // an empty tag list is given (it clears the tags); null is not
    expect(fieldsOfSet(customerFieldSet({ ...NONE, tags: [] }))).toEqual(["tags"]);
    expect(fieldsOfSet(customerFieldSet(NONE))).toEqual([]);
  });

  it("refuses a key it did not make", () => {
    expect(() => fieldsOfSet("x")).toThrow(/not a customer field set/);
    expect(() => fieldsOfSet("-1")).toThrow(/not a customer field set/);
  });
});
