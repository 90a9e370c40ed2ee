import { describe, expect, it } from "vitest";
import { cleanCustomerRow } from "../../../../src/import/clean/clean-customer-row.js";
import type { CleanCustomer, CleanOptions, RowProblem } from "../../../../src/import/clean/clean-record.js";
import { mappedRecord } from "./mapped-record.js";

const ok = (fields: Parameters<typeof mappedRecord>[0], options: CleanOptions = {}, custom = {}): CleanCustomer => {
  const result = cleanCustomerRow(mappedRecord(fields, custom), options);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.record;
};

const problems = (fields: Parameters<typeof mappedRecord>[0], options: CleanOptions = {}, custom = {}): readonly RowProblem[] => {
  const result = cleanCustomerRow(mappedRecord(fields, custom), options);
  if (result.ok) throw new Error("expected the row to fail");
  return result.problems;
};

describe("cleanCustomerRow", () => {
  it("cleans a full Chinese row", () => {
    const record = ok(
      {
        externalId: 10086,
        name: "欧阳娜娜",
        email: " NaNa@Example.COM ",
        phone: 13800138000,
        company: "北京某某科技有限公司",
        city: "北京",
        country: "中国",
        tags: "VIP、老客户；vip",
        createdAt: "2024年3月5日 14:30",
      },
      { defaultCountry: "CN", timeZone: "Asia/Shanghai" },
      { wechat: " nana_2024 ", empty: "   " },
    );
    expect(record).toEqual({
      externalId: "10086",
      firstName: "娜娜",
      lastName: "欧阳",
      email: "nana@example.com",
      phone: "+8613800138000",
      company: "北京某某科技有限公司",
      jobTitle: null,
      city: "北京",
      country: "CN",
      tags: ["VIP", "老客户"],
      createdAt: new Date("2024-03-05T06:30:00.000Z"),
      customFields: { wechat: "nana_2024" },
    });
  });

  it("cleans a US row", () => {
    expect(
      ok({ firstName: "John", lastName: "Smith", phone: "(555) 123-4567", country: "USA", createdAt: "03/05/2024 2:30 PM" }, { defaultCountry: "US" }),
    ).toMatchObject({ firstName: "John", lastName: "Smith", phone: "+15551234567", country: "US", createdAt: new Date("2024-03-05T14:30:00.000Z") });
  });

  it("cleans a German row with the column's date format and options", () => {
    expect(
      ok(
        { name: "Müller, Jürgen", phone: "030 1234567", country: "Deutschland", createdAt: { value: "05.03.2024", transform: { dateFormat: "DD.MM.YYYY" } } },
        { defaultCountry: "Deutschland", timeZone: "Europe/Berlin" },
      ),
    ).toMatchObject({ firstName: "Jürgen", lastName: "Müller", phone: "+49301234567", country: "DE", createdAt: new Date("2024-03-04T23:00:00.000Z") });
  });

  it("uses the column's detected day-month order", () => {
    const record = ok(
      { email: "a@b.fr", createdAt: { value: "03/05/2024", column: "Date d'inscription" } },
      { columnDateOrders: { "Date d'inscription": "DMY" } },
    );
    expect(record.createdAt).toEqual(new Date("2024-05-03T00:00:00.000Z"));
  });

  it("splits tags on the column's own separator", () => {
    expect(ok({ email: "a@b.com", tags: { value: "a, b|c", transform: { split: "|" } } }).tags).toEqual(["a, b", "c"]);
  });

  it.each<[string, string | null, string | null]>([
    ["John Smith", "John", "Smith"],
    ["Smith, John", "John", "Smith"],
    ["张三", "三", "张"],
    ["山田 太郎", "太郎", "山田"],
  ])("splits the full name %j", (name, firstName, lastName) => {
    expect(ok({ name })).toMatchObject({ firstName, lastName });
  });

  it("keeps given first and last names over the full name", () => {
    expect(ok({ name: "John Smith", firstName: "Johnny", lastName: null })).toMatchObject({ firstName: "Johnny", lastName: null });
  });

  it("gives null for every field not in the row", () => {
    expect(ok({ email: "a@b.com" })).toEqual({
      externalId: null,
      firstName: null,
      lastName: null,
      email: "a@b.com",
      phone: null,
      company: null,
      jobTitle: null,
      city: null,
      country: null,
      tags: null,
      createdAt: null,
      customFields: {},
    });
  });

  it("keeps a custom field named like an Object.prototype key as a plain key", () => {
    const record = ok({ email: "a@b.com" }, {}, JSON.parse('{"__proto__": "x", "constructor": "y"}'));
    expect(Object.keys(record.customFields).sort()).toEqual(["__proto__", "constructor"]);
  });

  it.each<[Parameters<typeof mappedRecord>[0]]>([
    [{ externalId: "C-1" }],
    [{ email: "a@b.com" }],
    [{ phone: "+8613800138000" }],
    [{ firstName: "A" }],
    [{ lastName: "B" }],
    [{ company: "Acme" }],
    [{ name: "Cher" }],
  ])("accepts %j alone as the customer's identity", (fields) => {
    expect(cleanCustomerRow(mappedRecord(fields), {}).ok).toBe(true);
  });

  describe("invalid", () => {
    it("reports every problem in the row in catalog order, each with its column, field and value", () => {
      expect(
        problems(
          { email: "not-an-email", phone: "12345", country: "Narnia", createdAt: "2024-02-30", tags: "x".repeat(101), city: "c".repeat(201) },
          { defaultCountry: "US" },
        ),
      ).toEqual([
        { code: "INVALID_EMAIL", field: "email", column: "Col email", value: "not-an-email", message: "email: not a valid email address (no @)" },
        { code: "INVALID_PHONE", field: "phone", column: "Col phone", value: "12345", message: "phone: not a phone number" },
        { code: "TOO_LONG", field: "city", column: "Col city", value: `${"c".repeat(200)}…`, message: "city: 201 characters, more than the 200 allowed" },
        { code: "INVALID_COUNTRY", field: "country", column: "Col country", value: "Narnia", message: expect.stringContaining("country: not a known country") },
        { code: "TOO_LONG", field: "tags", column: "Col tags", value: "x".repeat(101), message: expect.stringContaining("tags: a tag of 101 characters") },
        {
          code: "INVALID_DATE",
          field: "createdAt",
          column: "Col createdAt",
          value: "2024-02-30",
          message: expect.stringContaining("createdAt: not a real date"),
        },
      ]);
    });

    it("needs at least one identifying value", () => {
      expect(problems({ email: null, city: "Berlin" })).toEqual([
        {
          code: "REQUIRED",
          field: null,
          column: null,
          value: null,
          message: "A customer needs at least one of externalId, email, phone, firstName, lastName, company, name",
        },
      ]);
    });

    it("does not add REQUIRED when the identifying value is there but invalid", () => {
      expect(problems({ email: "bad" }).map((p) => p.code)).toEqual(["INVALID_EMAIL"]);
    });

    it("reports a custom field over 10,000 characters", () => {
      expect(problems({ email: "a@b.com" }, {}, { notes: "n".repeat(10_001) })).toEqual([
        expect.objectContaining({ code: "TOO_LONG", field: "customFields.notes", column: "Custom notes" }),
      ]);
    });

    it("fails a record the parser could not read with the parser's error", () => {
      const result = cleanCustomerRow(mappedRecord({ email: "a@b.com" }, {}, { code: "MALFORMED_ROW", message: "Unclosed quote", column: "Email" }), {});
      expect(result).toEqual({ ok: false, problems: [{ code: "MALFORMED_ROW", message: "Unclosed quote", column: "Email", field: null, value: null }] });
    });

    it("reports a name whose split parts are too long", () => {
      expect(problems({ name: `${"a".repeat(201)} b` })).toEqual([expect.objectContaining({ code: "TOO_LONG", field: "name" })]);
    });
  });
});
