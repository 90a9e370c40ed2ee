import { describe, expect, it } from "vitest";
import { detectColumnReadings } from "../../../../src/import/clean/detect-column-readings.js";
import type { CompiledMapping, FieldMapping } from "../../../../src/import/map/mapping-spec.js";
import { validateMapping } from "../../../../src/import/map/validate-mapping.js";
import type { SourceRecord } from "../../../../src/import/parse/parser.js";

const HEADERS = ["Customer", "Paid", "Total", "Note"];
const MAPPING: FieldMapping[] = [
  { source: "Customer", target: "customerExternalId" },
  { source: "Paid", target: "occurredAt" },
  { source: "Total", target: "amount" },
  { source: "Note", target: "description" },
];

const compile = (mapping: FieldMapping[] = MAPPING): CompiledMapping => {
  const checked = validateMapping("TRANSACTION", mapping, HEADERS);
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  return checked.compiled;
};

const sample = (rows: [paid: string, total: string][]): SourceRecord[] =>
  rows.map(([paid, total], i) => ({
    rowNumber: i + 1,
    location: `line ${i + 2}`,
    values: Object.assign(Object.create(null), { Customer: "c1", Paid: paid, Total: total, Note: "1,234" }),
    raw: [],
  }));

describe("detectColumnReadings", () => {
  it("decides each column from its values and warns of nothing when every column is decided", () => {
    expect(
      detectColumnReadings(
        compile(),
        sample([
          ["25/03/2024", "1,234.50"],
          ["03/04/2024", "1.005"],
        ]),
        {},
      ),
    ).toEqual({
      columnDateOrders: { Paid: "DMY" },
      columnDecimalSeparators: { Total: "." },
      warnings: [],
    });
  });

  it("names the column, the value and the reading chosen for what it cannot decide", () => {
    const readings = detectColumnReadings(
      compile(),
      sample([
        ["03/04/2024", "1,234"],
        ["05/06/2024", "2,000"],
      ]),
      {},
    );
    expect(readings.columnDateOrders).toEqual({});
    expect(readings.columnDecimalSeparators).toEqual({});
    expect(readings.warnings).toEqual([
      { code: "AMBIGUOUS_DATE_ORDER", column: "Paid", message: expect.stringMatching(/"Paid".*"03\/04\/2024".*month first.*dateFormat/) },
      { code: "AMBIGUOUS_DECIMAL_SEPARATOR", column: "Total", message: expect.stringMatching(/"Total".*"1,234".*thousands separator.*decimalSeparator/) },
    ]);
  });

  it.each<[string, { dateFormat?: string; decimalSeparator?: string }, FieldMapping[], string[]]>([
    ["the import's dateFormat", { dateFormat: "DD/MM/YYYY" }, MAPPING, ["AMBIGUOUS_DECIMAL_SEPARATOR"]],
    [
      "the column's dateFormat",
      {},
      MAPPING.map((m) => (m.source === "Paid" ? { ...m, transform: { dateFormat: "MM/DD/YYYY" } } : m)),
      ["AMBIGUOUS_DECIMAL_SEPARATOR"],
    ],
    ["the import's decimalSeparator", { decimalSeparator: "," }, MAPPING, ["AMBIGUOUS_DATE_ORDER"]],
    ["both", { dateFormat: "DD/MM/YYYY", decimalSeparator: "." }, MAPPING, []],
  ])("%s silences the warning it settles", (_name, options, mapping, codes) => {
    const readings = detectColumnReadings(compile(mapping), sample([["03/04/2024", "1,234"]]), options);
    expect(readings.warnings.map((w) => w.code)).toEqual(codes);
  });

  it("leaves a column's mark to the caller's decimalSeparator without detecting one", () => {
    expect(detectColumnReadings(compile(), sample([["2024-03-04", "1,234.50"]]), { decimalSeparator: "," }).columnDecimalSeparators).toEqual({});
  });

  it("reads only the mapped date and amount columns, never a text column or a constant", () => {
    const mapping: FieldMapping[] = [...MAPPING.filter((m) => m.source !== "Total"), { source: "", target: "amount", transform: { default: "1,234" } }];
    expect(detectColumnReadings(compile(mapping), sample([["2024-03-04", "1,234"]]), {})).toEqual({
      columnDateOrders: { Paid: "YMD" },
      columnDecimalSeparators: {},
      warnings: [],
    });
  });
});
