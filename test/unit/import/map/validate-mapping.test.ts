import { describe, expect, it } from "vitest";
import type { ImportEntityName } from "../../../../src/import/fields/field-catalog.js";
import type { FieldMapping, MappingErrorCode } from "../../../../src/import/map/mapping-spec.js";
import { MAX_MAPPINGS, validateMapping } from "../../../../src/import/map/validate-mapping.js";

const HEADERS = ["ID", "Email", "Name", "Phone", "Tags", "Signed Up", "Type", "Amount", "When", "Customer", "__proto__", "address.city"];

const customerSpec = (...extra: FieldMapping[]): FieldMapping[] => [{ source: "Email", target: "email" }, ...extra];

describe("validateMapping: valid specs", () => {
  it.each<[string, ImportEntityName, FieldMapping[], readonly string[] | null]>([
    ["one identifying field", "CUSTOMER", [{ source: "Email", target: "email" }], HEADERS],
    ["name alone identifies a customer", "CUSTOMER", [{ source: "Name", target: "name" }], HEADERS],
    ["custom field with spaces and CJK", "CUSTOMER", customerSpec({ source: "Name", target: "customFields.会员 等级" }), HEADERS],
    [
      "one source feeding two targets",
      "CUSTOMER",
      customerSpec({ source: "Name", target: "name" }, { source: "Name", target: "customFields.raw_name" }),
      HEADERS,
    ],
    ["dotted JSON path source", "CUSTOMER", customerSpec({ source: "address.city", target: "city" }), HEADERS],
    ["a column literally named __proto__", "CUSTOMER", customerSpec({ source: "__proto__", target: "customFields.proto" }), HEADERS],
    ["headers unknown: any source", "CUSTOMER", [{ source: "whatever.path", target: "email" }], null],
    ["tags with split", "CUSTOMER", customerSpec({ source: "Tags", target: "tags", transform: { split: "|" } }), HEADERS],
    ["date with dateFormat", "CUSTOMER", customerSpec({ source: "Signed Up", target: "createdAt", transform: { dateFormat: "DD.MM.YYYY" } }), HEADERS],
    ["Chinese date format", "CUSTOMER", customerSpec({ source: "Signed Up", target: "createdAt", transform: { dateFormat: "YYYY年M月D日" } }), HEADERS],
    [
      "interaction with valueMap onto enum values",
      "INTERACTION",
      [
        { source: "Customer", target: "customerExternalId" },
        { source: "When", target: "occurredAt" },
        { source: "Type", target: "type", transform: { valueMap: { 电话: "CALL", "Meeting ": "meeting", x: "" } } },
      ],
      HEADERS,
    ],
    [
      "transaction with a constant currency",
      "TRANSACTION",
      [
        { source: "Email", target: "customerEmail" },
        { source: "Amount", target: "amount" },
        { source: "When", target: "occurredAt" },
        { source: "", target: "currency", transform: { default: "EUR" } },
      ],
      HEADERS,
    ],
    [
      "required field satisfied by a constant default",
      "INTERACTION",
      [
        { source: "Email", target: "customerEmail" },
        { source: "", target: "occurredAt", transform: { default: "2024-01-01" } },
      ],
      HEADERS,
    ],
  ])("%s", (_name, entity, mapping, headers) => {
    const result = validateMapping(entity, mapping, headers);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it.each([
    ["exact", "Email", "Email"],
    ["case-insensitive", "email", "Email"],
    ["trimmed", "  EMAIL ", "Email"],
    ["full-width", "ＥＭＡＩＬ", "Email"],
  ])("resolves a %s source to the exact header", (_name, source, header) => {
    const result = validateMapping("CUSTOMER", [{ source, target: "email" }], HEADERS);
    expect(result.ok && result.compiled.entries[0]!.source).toBe(header);
    expect(result.ok && result.compiled.mapping[0]).toEqual({ source: header, target: "email" });
  });

  it.each([
    ["Email", "email"],
    ["EMAIL", "email"],
    ["CustomerExternalID", "customerExternalId"],
  ])("accepts target %s as %s", (target, canonical) => {
    const entity: ImportEntityName = canonical === "email" ? "CUSTOMER" : "INTERACTION";
    const extra: FieldMapping[] = entity === "INTERACTION" ? [{ source: "When", target: "occurredAt" }] : [];
    const result = validateMapping(entity, [{ source: "ID", target }, ...extra], HEADERS);
    expect(result.ok && result.compiled.entries[0]!.target).toBe(canonical);
  });

  it("compiles lookup keys, the shared blank value and the guard flag", () => {
    const result = validateMapping(
      "CUSTOMER",
      [
        { source: "Email", target: "email", transform: { default: "none@example.com" } },
        { source: "Type", target: "customFields.kind", transform: { valueMap: { " VIP ": "gold" } } },
        { source: "__proto__", target: "customFields.p" },
      ],
      HEADERS,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const [email, kind, proto] = result.compiled.entries;
    expect(email!.blank).toEqual({ column: "Email", value: "none@example.com", transform: { default: "none@example.com" } });
    expect(Object.isFrozen(email!.blank)).toBe(true);
    expect([...kind!.valueMap!]).toEqual([["vip", "gold"]]);
    expect(kind).toMatchObject({ custom: true, key: "kind", kind: "text", guarded: false });
    expect(proto!.guarded).toBe(true);
  });
});

type Case = [string, ImportEntityName, unknown, readonly string[] | null, { code: MappingErrorCode; field: string[] }[]];

describe("validateMapping: invalid specs", () => {
  it.each<Case>([
    ["empty", "CUSTOMER", [], HEADERS, [{ code: "EMPTY_MAPPING", field: ["mapping"] }]],
    ["not a list", "CUSTOMER", { source: "Email" }, HEADERS, [{ code: "INVALID_ENTRY", field: ["mapping"] }]],
    ["entry not an object", "CUSTOMER", customerSpec("x" as unknown as FieldMapping), HEADERS, [{ code: "INVALID_ENTRY", field: ["mapping", "1"] }]],
    [
      "target not text",
      "CUSTOMER",
      customerSpec({ source: "Name", target: 3 } as unknown as FieldMapping),
      HEADERS,
      [{ code: "INVALID_ENTRY", field: ["mapping", "1"] }],
    ],
    [
      "unknown target",
      "CUSTOMER",
      customerSpec({ source: "Name", target: "nickname" }),
      HEADERS,
      [{ code: "UNKNOWN_TARGET", field: ["mapping", "1", "target"] }],
    ],
    [
      "field of another entity",
      "CUSTOMER",
      customerSpec({ source: "Amount", target: "amount" }),
      HEADERS,
      [{ code: "UNKNOWN_TARGET", field: ["mapping", "1", "target"] }],
    ],
    ...["__proto__", "constructor", "prototype", "", "a.b", " lead", "x".repeat(65), "tab\tkey"].map((key): Case => [
      `custom key ${JSON.stringify(key.slice(0, 10))}`,
      "CUSTOMER",
      customerSpec({ source: "Name", target: `customFields.${key}` }),
      HEADERS,
      [{ code: "UNKNOWN_TARGET", field: ["mapping", "1", "target"] }],
    ]),
    [
      "two sources on one target",
      "CUSTOMER",
      customerSpec({ source: "ID", target: "email" }),
      HEADERS,
      [{ code: "DUPLICATE_TARGET", field: ["mapping", "1", "target"] }],
    ],
    [
      "duplicate target spelled differently",
      "CUSTOMER",
      customerSpec({ source: "ID", target: "EMAIL" }),
      HEADERS,
      [{ code: "DUPLICATE_TARGET", field: ["mapping", "1", "target"] }],
    ],
    [
      "duplicate custom field",
      "CUSTOMER",
      customerSpec({ source: "ID", target: "customFields.a" }, { source: "Name", target: "customFields.a" }),
      HEADERS,
      [{ code: "DUPLICATE_TARGET", field: ["mapping", "2", "target"] }],
    ],
    ["unknown source", "CUSTOMER", [{ source: "E-mail", target: "email" }], HEADERS, [{ code: "UNKNOWN_SOURCE", field: ["mapping", "0", "source"] }]],
    [
      "ambiguous folded source",
      "CUSTOMER",
      [{ source: "email", target: "email" }],
      ["EMAIL", "Email"],
      [{ code: "AMBIGUOUS_SOURCE", field: ["mapping", "0", "source"] }],
    ],
    [
      "empty source without default",
      "CUSTOMER",
      customerSpec({ source: " ", target: "city" }),
      HEADERS,
      [{ code: "INVALID_SOURCE", field: ["mapping", "1", "source"] }],
    ],
    [
      "source too long",
      "CUSTOMER",
      customerSpec({ source: "x".repeat(1001), target: "city" }),
      null,
      [{ code: "INVALID_SOURCE", field: ["mapping", "1", "source"] }],
    ],
    ["customer with nothing identifying", "CUSTOMER", [{ source: "Tags", target: "tags" }], HEADERS, [{ code: "REQUIRED_FIELD_UNMAPPED", field: ["mapping"] }]],
    [
      "interaction without occurredAt",
      "INTERACTION",
      [{ source: "Email", target: "customerEmail" }],
      HEADERS,
      [{ code: "REQUIRED_FIELD_UNMAPPED", field: ["mapping"] }],
    ],
    [
      "interaction without a customer link",
      "INTERACTION",
      [{ source: "When", target: "occurredAt" }],
      HEADERS,
      [{ code: "REQUIRED_FIELD_UNMAPPED", field: ["mapping"] }],
    ],
    [
      "transaction missing amount, occurredAt and link",
      "TRANSACTION",
      [{ source: "Type", target: "kind" }],
      HEADERS,
      [
        { code: "REQUIRED_FIELD_UNMAPPED", field: ["mapping"] },
        { code: "REQUIRED_FIELD_UNMAPPED", field: ["mapping"] },
        { code: "REQUIRED_FIELD_UNMAPPED", field: ["mapping"] },
      ],
    ],
  ])("%s", (_name, entity, mapping, headers, expected) => {
    const result = validateMapping(entity, mapping as FieldMapping[], headers);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors.map(({ code, field }) => ({ code, field }))).toEqual(expected);
  });

  it.each<[string, string, unknown, string[]]>([
    ["not an object", "tags", "split", []],
    ["unknown key", "tags", { trim: true }, ["trim"]],
    ["dateFormat without a date token", "createdAt", { dateFormat: "HH:mm" }, ["dateFormat"]],
    ["dateFormat not text", "createdAt", { dateFormat: 5 }, ["dateFormat"]],
    ["dateFormat too long", "createdAt", { dateFormat: "YYYY".repeat(20) }, ["dateFormat"]],
    ["dateFormat on a text field", "city", { dateFormat: "YYYY-MM-DD" }, ["dateFormat"]],
    ["dateFormat on a custom field", "customFields.joined", { dateFormat: "YYYY-MM-DD" }, ["dateFormat"]],
    ["split on a non-list field", "city", { split: "," }, ["split"]],
    ["split empty", "tags", { split: "" }, ["split"]],
    ["valueMap not an object", "tags", { valueMap: ["a"] }, ["valueMap"]],
    ["valueMap with a number value", "tags", { valueMap: { a: 1 } }, ["valueMap"]],
    ["valueMap too large", "tags", { valueMap: Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`k${i}`, "v"])) }, ["valueMap"]],
    ["valueMap with a conflicting folded key", "tags", { valueMap: { VIP: "a", " vip": "b" } }, ["valueMap"]],
    ["default empty", "city", { default: "  " }, ["default"]],
    ["default longer than the field", "city", { default: "x".repeat(201) }, ["default"]],
    ["default not text", "city", { default: 7 }, ["default"]],
  ])("transform: %s", (_name, target, transform, key) => {
    const result = validateMapping("CUSTOMER", customerSpec({ source: "Name", target, transform } as FieldMapping), HEADERS);
    expect(result.ok ? [] : result.errors.map(({ code, field }) => ({ code, field }))).toEqual([
      { code: "INVALID_TRANSFORM", field: ["mapping", "1", "transform", ...key] },
    ]);
  });

  it.each([
    ["valueMap onto a non-value", { valueMap: { phone: "TELEPHONE" } }],
    ["default not an enum value", { default: "LUNCH" }],
  ])("enum transform: %s", (_name, transform) => {
    const result = validateMapping(
      "INTERACTION",
      [
        { source: "Email", target: "customerEmail" },
        { source: "When", target: "occurredAt" },
        { source: "Type", target: "type", transform },
      ],
      HEADERS,
    );
    expect(result.ok ? [] : result.errors.map((error) => error.code)).toEqual(["INVALID_TRANSFORM"]);
  });

  it("reports every problem at once", () => {
    const result = validateMapping(
      "TRANSACTION",
      [
        { source: "Nope", target: "amount" },
        { source: "Amount", target: "amount" },
        { source: "Type", target: "colour" },
        { source: "When", target: "occurredAt", transform: { split: "," } },
      ],
      HEADERS,
    );
    expect(result.ok ? [] : result.errors.map((error) => `${error.code} ${error.field.join(".")}`)).toEqual([
      "UNKNOWN_SOURCE mapping.0.source",
      "DUPLICATE_TARGET mapping.1.target",
      "UNKNOWN_TARGET mapping.2.target",
      "INVALID_TRANSFORM mapping.3.transform.split",
      "REQUIRED_FIELD_UNMAPPED mapping",
    ]);
  });

  it("suggests the field an alias names", () => {
    const result = validateMapping("CUSTOMER", [{ source: "Email", target: "e-mail" }], HEADERS);
    expect(result.ok ? "" : result.errors[0]!.message).toContain('"email"');
  });

  it("refuses an oversized spec without looking at its entries", () => {
    const entry = {
      get source(): string {
        throw new Error("read an entry");
      },
      target: "email",
    };
    const result = validateMapping(
      "CUSTOMER",
      Array.from({ length: MAX_MAPPINGS + 1 }, () => entry),
      HEADERS,
    );
    expect(result.ok ? [] : result.errors.map((error) => error.code)).toEqual(["TOO_MANY_MAPPINGS"]);
  });
});
