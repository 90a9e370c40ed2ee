import { describe, expect, it } from "vitest";
import { cleanCustomerRow } from "../../../../src/import/clean/clean-customer-row.js";
import { cleanInteractionRow } from "../../../../src/import/clean/clean-interaction-row.js";
import type { CleanOptions, RowCleanResult } from "../../../../src/import/clean/clean-record.js";
import { cleanTransactionRow } from "../../../../src/import/clean/clean-transaction-row.js";
import type { FieldKind, ImportEntityName } from "../../../../src/import/fields/field-catalog.js";
import { applyMapping } from "../../../../src/import/map/apply-mapping.js";
import type { FieldMapping } from "../../../../src/import/map/mapping-spec.js";
import { validateMapping } from "../../../../src/import/map/validate-mapping.js";
import type { CellValue } from "../../../../src/import/parse/parser.js";

// A blank marker in a cell must behave exactly as an empty cell, in every kind of field, through
// the real mapping and the row cleaners: a default applies, a required field is REQUIRED.
const MARKERS = [
  "N/A",
  "n/a",
  "#N/A",
  "NULL",
  "null",
  "nil",
  "none",
  "None",
  "(none)",
  "(blank)",
  "-",
  "--",
  "—",
  "–",
  ".",
  "?",
  "无",
  "空",
  "なし",
  "없음",
  " N/A ",
  "Ｎ／Ａ",
];

const CLEANERS: Record<ImportEntityName, (record: ReturnType<typeof applyMapping>, options: CleanOptions) => RowCleanResult<unknown>> = {
  CUSTOMER: cleanCustomerRow,
  INTERACTION: cleanInteractionRow,
  TRANSACTION: cleanTransactionRow,
};

interface Field {
  readonly entity: ImportEntityName;
  readonly target: string;
  readonly kind: FieldKind;
  /** A default for the column, and where its cleaned value shows in the record. */
  readonly fallback: string;
  readonly read: (record: Record<string, unknown>) => unknown;
  readonly cleaned: unknown;
}

const BASES: Record<ImportEntityName, Record<string, CellValue>> = {
  CUSTOMER: { externalId: "C-1" },
  INTERACTION: { customerExternalId: "C-1", occurredAt: "2024-03-05" },
  TRANSACTION: { customerExternalId: "C-1", occurredAt: "2024-03-05", amount: "12" },
};
const OPTIONS: CleanOptions = { defaultCurrency: "USD" };

const field = (entity: ImportEntityName, target: string, kind: FieldKind, fallback: string, cleaned: unknown): Field => ({
  entity,
  target,
  kind,
  fallback,
  cleaned,
  read: (record) => (target.startsWith("customFields.") ? (record["customFields"] as Record<string, unknown>)[target.slice(13)] : record[target]),
});

const FIELDS: readonly Field[] = [
  field("CUSTOMER", "company", "text", "Acme", "Acme"),
  field("CUSTOMER", "email", "email", "a@b.co", "a@b.co"),
  field("CUSTOMER", "phone", "phone", "+14155550100", "+14155550100"),
  field("CUSTOMER", "createdAt", "date", "2024-01-02", new Date("2024-01-02T00:00:00.000Z")),
  field("CUSTOMER", "country", "country", "DE", "DE"),
  field("CUSTOMER", "tags", "tags", "vip", ["vip"]),
  field("CUSTOMER", "customFields.segment", "text", "B2B", "B2B"),
  field("TRANSACTION", "amount", "money", "7.50", "7.50"),
  field("TRANSACTION", "currency", "currency", "EUR", "EUR"),
  field("TRANSACTION", "kind", "enum", "REFUND", "REFUND"),
  field("TRANSACTION", "status", "enum", "PENDING", "PENDING"),
  field("TRANSACTION", "occurredAt", "date", "2024-01-02", new Date("2024-01-02T00:00:00.000Z")),
  field("TRANSACTION", "description", "text", "fee", "fee"),
  field("INTERACTION", "type", "enum", "CALL", "CALL"),
  field("INTERACTION", "direction", "enum", "INBOUND", "INBOUND"),
  field("INTERACTION", "subject", "text", "hello", "hello"),
  field("INTERACTION", "occurredAt", "date", "2024-01-02", new Date("2024-01-02T00:00:00.000Z")),
];

const clean = (item: Field, cell: CellValue, fallback?: string): RowCleanResult<unknown> => {
  const values: Record<string, CellValue> = { ...BASES[item.entity], [item.target]: cell };
  const mapping: FieldMapping[] = Object.keys(values).map((source) => ({
    source,
    target: source,
    ...(source === item.target && fallback !== undefined ? { transform: { default: fallback } } : {}),
  }));
  const compiled = validateMapping(item.entity, mapping, null);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
  const record = { rowNumber: 2, location: "line 3", values, raw: Object.values(values).map(String) };
  return CLEANERS[item.entity](applyMapping(record, compiled.compiled), OPTIONS);
};

const CASES = FIELDS.flatMap((item) => MARKERS.map((marker) => [`${item.entity} ${item.target} (${item.kind})`, marker, item] as const));

describe("blank markers through the row cleaners", () => {
  it.each(CASES)("%s: %j is an empty cell", (_name, marker, item) => {
    expect(clean(item, marker)).toEqual(clean(item, ""));
  });

  it.each(CASES)("%s: %j takes the default", (_name, marker, item) => {
    const result = clean(item, marker, item.fallback);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(item.read(result.record as Record<string, unknown>)).toEqual(item.cleaned);
  });

  it.each([
    ["TRANSACTION amount", FIELDS.find((f) => f.entity === "TRANSACTION" && f.target === "amount")!],
    ["TRANSACTION occurredAt", FIELDS.find((f) => f.entity === "TRANSACTION" && f.target === "occurredAt")!],
    ["INTERACTION occurredAt", FIELDS.find((f) => f.entity === "INTERACTION" && f.target === "occurredAt")!],
  ])("a required %s holding only a marker is REQUIRED", (_name, item) => {
    for (const marker of MARKERS) {
      expect(clean(item, marker)).toEqual({
        ok: false,
        problems: [expect.objectContaining({ code: "REQUIRED", field: item.target, column: item.target })],
      });
    }
  });

  it("a currency marker with no other currency is REQUIRED, not a guess", () => {
    const values = { customerExternalId: "C-1", occurredAt: "2024-03-05", amount: "12", currency: "N/A" };
    const compiled = validateMapping(
      "TRANSACTION",
      Object.keys(values).map((source) => ({ source, target: source })),
      null,
    );
    if (!compiled.ok) throw new Error("mapping");
    const result = cleanTransactionRow(applyMapping({ rowNumber: 2, location: "line 3", values, raw: [] }, compiled.compiled), {});
    expect(result).toEqual({ ok: false, problems: [expect.objectContaining({ code: "REQUIRED", field: "currency" })] });
  });

  it("a customer whose only identifying value is a marker is REQUIRED", () => {
    const compiled = validateMapping(
      "CUSTOMER",
      [
        { source: "mail", target: "email" },
        { source: "city", target: "city" },
      ],
      null,
    );
    if (!compiled.ok) throw new Error("mapping");
    const result = cleanCustomerRow(applyMapping({ rowNumber: 2, location: "line 3", values: { mail: "N/A", city: "Paris" }, raw: [] }, compiled.compiled), {});
    expect(result).toEqual({ ok: false, problems: [expect.objectContaining({ code: "REQUIRED", field: null })] });
  });

  describe("NA where it can be a value", () => {
    it.each<[string, string, unknown]>([
      ["country", "NA", "NA"],
      ["country", "N/A", null],
      ["company", "NA", "NA"],
      ["lastName", "Na", "Na"],
      ["tags", "NA", ["NA"]],
      ["lastName", "Null", "Null"],
      ["lastName", "NULL", null],
      ["email", "NA", null],
      ["phone", "NA", null],
      ["country", "EU", "INVALID_COUNTRY"],
      ["country", "EMEA", "INVALID_COUNTRY"],
      ["country", "UK", "GB"],
    ])("customer %s %j => %j", (target, cell, expected) => {
      const result = clean(field("CUSTOMER", target, "text", "", null), cell);
      if (typeof expected === "string" && expected.startsWith("INVALID_")) {
        expect(result).toEqual({ ok: false, problems: [expect.objectContaining({ code: expected, field: target, value: cell })] });
      } else {
        if (!result.ok) throw new Error(JSON.stringify(result.problems));
        expect((result.record as Record<string, unknown>)[target]).toEqual(expected);
      }
    });
  });
});
