import { describe, expect, it } from "vitest";
import { fieldsFor, type ImportEntityName } from "../../../../src/import/fields/field-catalog.js";
import { applyMapping } from "../../../../src/import/map/apply-mapping.js";
import type { CompiledMapping, FieldMapping } from "../../../../src/import/map/mapping-spec.js";
import { validateMapping } from "../../../../src/import/map/validate-mapping.js";
import type { CellValue, SourceRecord } from "../../../../src/import/parse/parser.js";

const compile = (mapping: FieldMapping[], entity: ImportEntityName = "CUSTOMER"): CompiledMapping => {
  const result = validateMapping(entity, mapping, null);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.compiled;
};

const record = (values: Record<string, CellValue>, extra: Partial<SourceRecord> = {}): SourceRecord => ({
  rowNumber: 7,
  location: "line 8",
  values: Object.assign(Object.create(null) as Record<string, CellValue>, values),
  raw: Object.values(values).map(String),
  ...extra,
});

const valueOf = (mapping: FieldMapping, values: Record<string, CellValue>): CellValue | undefined => {
  const mapped = applyMapping(record(values), compile([{ source: "id", target: "externalId" }, mapping]));
  const key = mapping.target.replace(/^customFields\./, "");
  return (mapping.target.startsWith("customFields.") ? mapped.custom : mapped.fields)[key]?.value;
};

const TYPE_MAP = { valueMap: { "Phone Call": "CALL", mtg: "MEETING", "1": "NOTE" } };

describe("applyMapping", () => {
  it.each<[string, FieldMapping, Record<string, CellValue>, CellValue]>([
    ["plain value", { source: "Mail", target: "email" }, { Mail: " A@B.CO " }, " A@B.CO "],
    ["number stays a number", { source: "n", target: "customFields.n" }, { n: 42 }, 42],
    ["date stays a date", { source: "d", target: "createdAt" }, { d: new Date(0) }, new Date(0)],
    ["missing column is null", { source: "Mail", target: "email" }, {}, null],
    ["empty text is null", { source: "Mail", target: "email" }, { Mail: "" }, null],
    ["whitespace is null", { source: "Mail", target: "email" }, { Mail: " \t\u3000\u00a0" }, null],
    ["empty list is null", { source: "t", target: "tags" }, { t: [] }, null],
    ["default for a missing cell", { source: "c", target: "city", transform: { default: "Berlin" } }, {}, "Berlin"],
    ["default for a blank cell", { source: "c", target: "city", transform: { default: "Berlin" } }, { c: "  " }, "Berlin"],
    ["default not used when given", { source: "c", target: "city", transform: { default: "Berlin" } }, { c: "Paris" }, "Paris"],
    ["constant entry", { source: "", target: "city", transform: { default: "Rome" } }, { "": "ignored" }, "Rome"],
    ["dotted JSON path key", { source: "address.city", target: "city" }, { "address.city": "Lyon" }, "Lyon"],
    ["XML attribute key", { source: "@id", target: "customFields.xml_id" }, { "@id": "x9" }, "x9"],
    [
      "__proto__ key",
      { source: "__proto__", target: "customFields.p" },
      JSON.parse('{"__proto__": "proto value"}') as Record<string, CellValue>,
      "proto value",
    ],
    ["constructor key present", { source: "constructor", target: "customFields.c" }, { constructor: "c value" }, "c value"],
  ])("%s", (_name, mapping, values, expected) => {
    expect(valueOf(mapping, values)).toEqual(expected);
  });

  it.each<[string, FieldMapping, Record<string, CellValue>, CellValue]>([
    ["N/A is null", { source: "Mail", target: "email" }, { Mail: "N/A" }, null],
    ["NULL is the default", { source: "c", target: "city", transform: { default: "Berlin" } }, { c: " NULL " }, "Berlin"],
    ["- is the default of a custom field", { source: "s", target: "customFields.segment", transform: { default: "B2B" } }, { s: "-" }, "B2B"],
    ["无 is null", { source: "c", target: "country" }, { c: "无" }, null],
    ["a list of markers is null", { source: "t", target: "tags" }, { t: ["N/A", " ", "-"] }, null],
    ["a list with a value stays", { source: "t", target: "tags" }, { t: ["vip", "N/A"] }, ["vip", "N/A"]],
    ["NA stays in a country column (Namibia)", { source: "c", target: "country" }, { c: "NA" }, "NA"],
    ["NA is blank in an email column", { source: "Mail", target: "email", transform: { default: "x@y.co" } }, { Mail: "NA" }, "x@y.co"],
    ["the surname Null stays", { source: "n", target: "lastName" }, { n: "Null" }, "Null"],
    ["a marker inside a value stays", { source: "c", target: "company" }, { c: "N/A Holdings" }, "N/A Holdings"],
  ])("blank marker: %s", (_name, mapping, values, expected) => {
    expect(valueOf(mapping, values)).toEqual(expected);
  });

  it("a valueMap entry for a marker wins over the marker", () => {
    const compiled = compile(
      [
        { source: "e", target: "customerEmail" },
        { source: "when", target: "occurredAt" },
        { source: "dir", target: "direction", transform: { valueMap: { "n/a": "INBOUND" } } },
      ],
      "INTERACTION",
    );
    expect(applyMapping(record({ dir: " N/A " }), compiled).fields["direction"]!.value).toBe("INBOUND");
    expect(applyMapping(record({ dir: "NULL" }), compiled).fields["direction"]!.value).toBeNull();
  });

  it.each<[string, CellValue, CellValue]>([
    ["exact key", "mtg", "MEETING"],
    ["case-insensitive", "PHONE CALL", "CALL"],
    ["trimmed", "  phone call ", "CALL"],
    ["number cell", 1, "NOTE"],
    ["unmatched passes through unchanged", " Lunch ", " Lunch "],
    ["list element-wise", ["mtg", "other"], ["MEETING", "other"]],
  ])("valueMap: %s", (_name, cell, expected) => {
    const compiled = compile(
      [
        { source: "e", target: "customerEmail" },
        { source: "when", target: "occurredAt" },
        { source: "kind", target: "type", transform: TYPE_MAP },
      ],
      "INTERACTION",
    );
    expect(applyMapping(record({ kind: cell }), compiled).fields["type"]!.value).toEqual(expected);
  });

  it("a constructor key missing from a plain object does not reach the prototype", () => {
    const compiled = compile([
      { source: "constructor", target: "email" },
      { source: "toString", target: "city" },
    ]);
    const plain: SourceRecord = { rowNumber: 1, location: "$[0]", values: {}, raw: [] };
    const mapped = applyMapping(plain, compiled);
    expect(mapped.fields["email"]!.value).toBeNull();
    expect(mapped.fields["city"]!.value).toBeNull();
  });

  it("splits catalog fields (a plain object) from custom fields (a null-prototype object: any key)", () => {
    const compiled = compile([
      { source: "Name", target: "name" },
      { source: "Name", target: "customFields.raw_name" },
      { source: "Tier", target: "customFields.__tier" },
    ]);
    const mapped = applyMapping(record({ Name: "Ada", Tier: "gold" }), compiled);
    expect(Object.keys(mapped.fields)).toEqual(["name"]);
    expect(Object.getPrototypeOf(mapped.custom)).toBeNull();
    expect({ ...mapped.fields }).toEqual({ name: { column: "Name", value: "Ada", transform: undefined } });
    expect({ ...mapped.custom }).toEqual({
      raw_name: { column: "Name", value: "Ada", transform: undefined },
      __tier: { column: "Tier", value: "gold", transform: undefined },
    });
  });

  it("carries the transform for the cleaners", () => {
    const compiled = compile([
      { source: "id", target: "externalId" },
      { source: "joined", target: "createdAt", transform: { dateFormat: "DD.MM.YYYY" } },
      { source: "tags", target: "tags", transform: { split: "|" } },
    ]);
    const mapped = applyMapping(record({ joined: "05.01.2024", tags: "a|b" }), compiled);
    expect(mapped.fields["createdAt"]).toEqual({ column: "joined", value: "05.01.2024", transform: { dateFormat: "DD.MM.YYYY" } });
    expect(mapped.fields["tags"]!.transform).toEqual({ split: "|" });
  });

  it("keeps the record's position, raw cells and error", () => {
    const error = { code: "MALFORMED_ROW", message: "unclosed quote" } as const;
    const source = record({ id: "1" }, { error });
    const mapped = applyMapping(source, compile([{ source: "id", target: "externalId" }]));
    expect(mapped).toMatchObject({ rowNumber: 7, location: "line 8", raw: ["1"], error });
    expect("error" in applyMapping(record({ id: "1" }), compile([{ source: "id", target: "externalId" }]))).toBe(false);
  });

  it("reports the resolved header as the column", () => {
    const result = validateMapping("CUSTOMER", [{ source: "e-mail ", target: "email" }], ["E-Mail"]);
    if (!result.ok) throw new Error("invalid");
    expect(applyMapping(record({ "E-Mail": "x@y.z" }), result.compiled).fields["email"]).toMatchObject({ column: "E-Mail", value: "x@y.z" });
  });

  it("keys a row's fields by catalog names that no plain object inherits (MappedRecord.fields is a plain object)", () => {
    for (const entity of ["CUSTOMER", "INTERACTION", "TRANSACTION"] as const) {
      expect(
        fieldsFor(entity)
          .map((f) => f.name)
          .filter((name) => name in Object.prototype),
      ).toEqual([]);
    }
    const mapped = applyMapping(record({ id: "E-1" }), compile([{ source: "id", target: "externalId" }]));
    expect(mapped.fields["email"]).toBeUndefined();
  });
});
