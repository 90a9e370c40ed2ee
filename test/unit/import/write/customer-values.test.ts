import { describe, expect, it } from "vitest";
import { CUSTOMER_TEXT_COLUMN_NAMES } from "../../../../src/entities/customer-columns.js";
import type { CustomerRow } from "../../../../src/entities/customer.repository.js";
import {
  changedCustomerFields,
  customerValuesOf,
  mergeCustomerValues,
  sameCustomerValues,
  type GivenCustomer,
} from "../../../../src/import/write/customer-values.js";
import { NO_FIELD_POLICIES, type FieldPolicies } from "../../../../src/import/write/field-policies.js";

const STORED: CustomerRow = {
  id: "1",
  external_id: "A",
  first_name: "Ann",
  last_name: "Lee",
  email: "ann@x.io",
  phone: null,
  company: "Acme",
  job_title: null,
  city: "Oslo",
  country: "NO",
  tags: ["vip"],
  custom_fields: { tier: "gold" },
  created_at: "2024-01-01 10:00:00+00",
  updated_at: "2024-01-02 10:00:00+00",
  name_key: "ann lee",
};
const nothing: GivenCustomer = {
  external_id: null,
  first_name: null,
  last_name: null,
  email: null,
  phone: null,
  company: null,
  job_title: null,
  city: null,
  country: null,
  tags: null,
  custom_fields: {},
  created_at: null,
  name_key: null,
};
const policies = (columns: FieldPolicies["columns"], custom: FieldPolicies["custom"] = {}): FieldPolicies => ({ columns, custom });

describe("customer values", () => {
  it("reads every text column of the list, and tags, custom fields and created_at", () => {
    const v = customerValuesOf(STORED);
    for (const c of CUSTOMER_TEXT_COLUMN_NAMES) expect(v[c]).toBe(STORED[c]);
    expect(v).toMatchObject({ tags: ["vip"], custom_fields: { tier: "gold" }, created_at: "2024-01-01T10:00:00.000Z", name_key: "ann lee" });
  });

  it.each<[string, Partial<GivenCustomer>, FieldPolicies, [string, unknown, unknown][]]>([
    ["a row that gives nothing changes nothing", {}, NO_FIELD_POLICIES, []],
    ["the same values change nothing", { first_name: "Ann", city: "Oslo", tags: ["vip"], custom_fields: { tier: "gold" } }, NO_FIELD_POLICIES, []],
    ["a new city overwrites", { city: "Bergen" }, NO_FIELD_POLICIES, [["city", "Oslo", "Bergen"]]],
    ["KEEP_EXISTING keeps the city", { city: "Bergen" }, policies({ city: "KEEP_EXISTING" }), []],
    [
      "FILL_BLANK fills the phone only",
      { phone: "+4712345678", city: "Bergen" },
      policies({ phone: "FILL_BLANK", city: "FILL_BLANK" }),
      [["phone", null, "+4712345678"]],
    ],
    ["APPEND adds new tags", { tags: ["new", "vip"] }, policies({ tags: "APPEND" }), [["tags", ["vip"], ["vip", "new"]]]],
    ["tags overwrite", { tags: ["new"] }, NO_FIELD_POLICIES, [["tags", ["vip"], ["new"]]]],
    [
      "a custom field by its key",
      { custom_fields: { tier: "silver", source: "fair" } },
      policies({}, { tier: "KEEP_EXISTING" }),
      [["custom_fields.source", null, "fair"]],
    ],
    [
      "created_at given",
      { created_at: "2023-05-01T00:00:00.000Z" },
      NO_FIELD_POLICIES,
      [["created_at", "2024-01-01T10:00:00.000Z", "2023-05-01T00:00:00.000Z"]],
    ],
  ])("%s", (_, given, p, changed) => {
    const before = customerValuesOf(STORED);
    const after = mergeCustomerValues(before, { ...nothing, ...given }, p);
    expect(changedCustomerFields(before, after)).toEqual(changed);
    expect(sameCustomerValues(before, after)).toBe(changed.length === 0);
  });

  it("keeps the row's name key when the names are the row's, and derives it when they merge with stored ones", () => {
    const before = customerValuesOf(STORED);
    expect(
      mergeCustomerValues(before, { ...nothing, first_name: "Ann", last_name: "Lee", company: "Acme", name_key: "from row" }, NO_FIELD_POLICIES).name_key,
    ).toBe("from row");
    const derived = mergeCustomerValues(before, { ...nothing, last_name: "Berg", name_key: "ignored" }, NO_FIELD_POLICIES);
    expect(derived.name_key).not.toBe("ignored");
    expect(derived.name_key).toMatch(/berg/);
    expect(sameCustomerValues(before, derived)).toBe(false);
  });
});
