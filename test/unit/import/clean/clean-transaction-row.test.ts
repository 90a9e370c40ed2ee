import { describe, expect, it } from "vitest";
import type { CleanOptions, CleanTransaction, RowProblem } from "../../../../src/import/clean/clean-record.js";
import { cleanTransactionRow } from "../../../../src/import/clean/clean-transaction-row.js";
import { mappedRecord } from "./mapped-record.js";

type Fields = Parameters<typeof mappedRecord>[0];
const BASE: Fields = { customerExternalId: "C-1", occurredAt: "2024-03-05" };

const ok = (fields: Fields, options: CleanOptions = {}): CleanTransaction => {
  const result = cleanTransactionRow(mappedRecord({ ...BASE, ...fields }), options);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.record;
};

const problems = (fields: Fields, options: CleanOptions = {}, base: Fields = BASE): readonly RowProblem[] => {
  const result = cleanTransactionRow(mappedRecord({ ...base, ...fields }), options);
  if (result.ok) throw new Error("expected the row to fail");
  return result.problems;
};

describe("cleanTransactionRow", () => {
  it("cleans a full row", () => {
    expect(
      ok(
        {
          externalId: "SO-1",
          customerEmail: "A@B.com",
          kind: "购买",
          status: "已支付",
          amount: "¥1,234.50",
          occurredAt: "2024/03/05 14:30",
          description: " 年费 ",
        },
        { timeZone: "Asia/Shanghai" },
      ),
    ).toEqual({
      externalId: "SO-1",
      customerExternalId: "C-1",
      customerEmail: "a@b.com",
      kind: "PURCHASE",
      status: "COMPLETED",
      amount: "1234.50",
      currency: "CNY",
      occurredAt: new Date("2024-03-05T06:30:00.000Z"),
      description: "年费",
    });
  });

  it.each<[Fields, CleanOptions, Partial<CleanTransaction>]>([
    [{ amount: "12.00", currency: "usd" }, {}, { amount: "12.00", currency: "USD", kind: "PURCHASE", status: "COMPLETED" }],
    [{ amount: "1.234,50 €" }, {}, { amount: "1234.50", currency: "EUR" }],
    [{ amount: "88元" }, {}, { amount: "88", currency: "CNY" }],
    [{ amount: "12" }, { defaultCurrency: "EUR" }, { amount: "12", currency: "EUR" }],
    [{ amount: "12" }, { defaultCurrency: "人民币" }, { amount: "12", currency: "CNY" }],
    [{ amount: "$12", currency: "CAD" }, {}, { amount: "12", currency: "CAD" }],
    [{ amount: "¥1000", currency: "JPY" }, {}, { amount: "1000", currency: "JPY" }],
    [{ amount: "EUR 12", currency: "€" }, { defaultCurrency: "USD" }, { currency: "EUR" }],
    [{ amount: "1,234", currency: "EUR" }, { decimalSeparator: "," }, { amount: "1.234" }],
    [{ amount: "1.234", currency: "EUR" }, { decimalSeparator: "," }, { amount: "1234" }],
    [{ amount: 1234.5, currency: "EUR" }, {}, { amount: "1234.5" }],
    [{ amount: "-12.00", currency: "EUR" }, {}, { amount: "12.00", kind: "REFUND" }],
    [{ amount: "(12.00)", currency: "EUR" }, {}, { amount: "12.00", kind: "REFUND" }],
    [{ amount: -5, currency: "EUR" }, {}, { amount: "5", kind: "REFUND" }],
    [{ amount: "-12", currency: "EUR", kind: "refund" }, {}, { amount: "12", kind: "REFUND" }],
    [{ amount: "12", currency: "EUR", kind: "退款" }, {}, { amount: "12", kind: "REFUND" }],
    [{ amount: "-0.00", currency: "EUR" }, {}, { amount: "0.00", kind: "PURCHASE" }],
    [{ amount: "12", currency: "EUR", kind: "payment", status: "pending" }, {}, { kind: "PAYMENT", status: "PENDING" }],
  ])("%j with %j => %j", (fields, options, expected) => {
    expect(ok(fields, options)).toMatchObject(expected);
  });

  describe("invalid", () => {
    it("needs amount, occurredAt and a customer link", () => {
      expect(problems({ amount: "", occurredAt: null }, { defaultCurrency: "EUR" }, {}).map((p) => [p.code, p.field])).toEqual([
        ["REQUIRED", "amount"],
        ["REQUIRED", "occurredAt"],
        ["REQUIRED", null],
      ]);
    });

    it("needs a currency from somewhere", () => {
      expect(problems({ amount: "12" })).toEqual([
        { code: "REQUIRED", field: "currency", column: null, value: null, message: expect.stringContaining("currency: not given") },
      ]);
    });

    it("reports an unknown default currency", () => {
      expect(problems({ amount: "12" }, { defaultCurrency: "XYZ" })).toEqual([expect.objectContaining({ code: "INVALID_CURRENCY", field: "currency" })]);
    });

    it("reports a currency column that disagrees with the amount", () => {
      expect(problems({ amount: "€12", currency: "USD" })).toEqual([
        {
          code: "INVALID_CURRENCY",
          field: "currency",
          column: "Col currency",
          value: "USD",
          message: "currency: USD disagrees with the amount's currency (EUR)",
        },
      ]);
    });

    it("reports a negative amount whose kind is not a refund", () => {
      expect(problems({ amount: "-12", currency: "EUR", kind: "purchase" })).toEqual([
        expect.objectContaining({
          code: "INVALID_NUMBER",
          field: "amount",
          value: "-12",
          message: expect.stringContaining("negative, but the kind is PURCHASE"),
        }),
      ]);
    });

    it("reports every problem at once, in catalog order", () => {
      const fields = { customerEmail: "x", kind: "gift", status: "lost", amount: "12.345678", currency: "XYZ", occurredAt: "soon" };
      expect(problems(fields, {}, {}).map((p) => [p.code, p.field])).toEqual([
        ["INVALID_EMAIL", "customerEmail"],
        ["INVALID_ENUM", "kind"],
        ["INVALID_ENUM", "status"],
        ["INVALID_NUMBER", "amount"],
        ["INVALID_CURRENCY", "currency"],
        ["INVALID_DATE", "occurredAt"],
      ]);
    });
  });
});

describe("cleanTransactionRow with a column's decimal mark", () => {
  const amount = (text: string) => ({ value: text, column: "Total" });

  it.each<[string, CleanOptions, string]>([
    ["1.005", { columnDecimalSeparators: { Total: "." } }, "1.005"],
    ["10.125", { columnDecimalSeparators: { Total: "." } }, "10.125"],
    ["1,234.50", { columnDecimalSeparators: { Total: "." } }, "1234.50"],
    ["1.005", { columnDecimalSeparators: { Total: "," } }, "1005"],
    ["1,005", { columnDecimalSeparators: { Total: "," } }, "1.005"],
    ["1.005", { columnDecimalSeparators: { Other: "." } }, "1005"],
    ["1.005", {}, "1005"],
    // the caller's decimalSeparator wins over what the column showed
    ["1.005", { decimalSeparator: ",", columnDecimalSeparators: { Total: "." } }, "1005"],
    ["1,005", { decimalSeparator: ".", columnDecimalSeparators: { Total: "," } }, "1005"],
  ])("%s with %j is %s", (text, options, expected) => {
    expect(ok({ amount: amount(text), currency: "KWD" }, options).amount).toBe(expected);
  });
});
