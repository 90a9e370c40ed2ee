import { describe, expect, it } from "vitest";
import { cleanMoney } from "../../../../src/import/clean/clean-money.js";
import { parseJsonValue } from "../../../../src/import/parse/json/parse-json-value.js";
import type { CellValue } from "../../../../src/import/parse/parser.js";
import { numericValue } from "../../../../src/import/parse/xlsx/xlsx-cell-value.js";

const read = (value: CellValue, decimalSeparator?: string): [string, string | null] | string => {
  const result = cleanMoney(value, { decimalSeparator });
  if (!result.ok) return `${result.code}: ${result.message}`;
  return result.value === null ? "empty" : [result.value.amount, result.value.currency];
};

describe("cleanMoney", () => {
  describe("valid text", () => {
    it.each<[string, string, string | null]>([
      ["12", "12", null],
      ["1234.5", "1234.5", null],
      ["1,234.50", "1234.50", null],
      ["1.234,50", "1234.50", null],
      ["1 234,50", "1234.50", null],
      ["1\u00a0234,50", "1234.50", null],
      ["1\u202f234,50", "1234.50", null],
      ["1'234.50", "1234.50", null],
      ["1’234.50", "1234.50", null],
      ["1,234,567.89", "1234567.89", null],
      ["1.234.567,89", "1234567.89", null],
      ["1.234.567", "1234567", null],
      ["1,234", "1234", null],
      ["1.234", "1234", null],
      ["0.125", "0.125", null],
      ["12,5", "12.5", null],
      ["12,50", "12.50", null],
      ["1234,5678", "1234.5678", null],
      [".5", "0.5", null],
      [",5", "0.5", null],
      ["007", "7", null],
      ["0.00", "0.00", null],
      ["-0.00", "0.00", null],
      ["12.", "12", null],
      ["12,-", "12", null],
      ["-12", "-12", null],
      ["−12", "-12", null],
      ["+12", "12", null],
      ["12-", "-12", null],
      ["- 12", "-12", null],
      ["(12.00)", "-12.00", null],
      ["( 1,234.00 )", "-1234.00", null],
      ["$12", "12", "USD"],
      ["$ 1,234.50", "1234.50", "USD"],
      ["-$12.50", "-12.50", "USD"],
      ["$-12.50", "-12.50", "USD"],
      ["$(12.00)", "-12.00", "USD"],
      ["($12.00)", "-12.00", "USD"],
      ["US$12", "12", "USD"],
      ["USD 12.00", "12.00", "USD"],
      ["12.00 USD", "12.00", "USD"],
      ["$12 CAD", "12", "CAD"],
      ["CA$12", "12", "CAD"],
      ["HK$ 100", "100", "HKD"],
      ["¥1,234.50", "1234.50", "CNY"],
      ["￥88", "88", "CNY"],
      ["CN¥88", "88", "CNY"],
      ["RMB 88", "88", "CNY"],
      ["88元", "88", "CNY"],
      ["88.00 元", "88.00", "CNY"],
      ["人民币 88", "88", "CNY"],
      ["１２３．４５元", "123.45", "CNY"],
      ["JP¥1,000", "1000", "JPY"],
      ["1,000円", "1000", "JPY"],
      ["1.234,50 €", "1234.50", "EUR"],
      ["€1,234.50", "1234.50", "EUR"],
      ["€ -3,50", "-3.50", "EUR"],
      ["EUR 12", "12", "EUR"],
      ["12 eur", "12", "EUR"],
      ["£3.99", "3.99", "GBP"],
      ["₹1,23,456.00", "123456.00", "INR"],
      ["Rs. 1,500", "1500", "INR"],
      ["Rs.50", "50", "INR"],
      ["CHF 1'234.50", "1234.50", "CHF"],
      ["1 234,50 zł", "1234.50", "PLN"],
      ["₩50,000", "50000", "KRW"],
      ["R$ 1.234,56", "1234.56", "BRL"],
      ["999999999999999.9999", "999999999999999.9999", null],
      // as Intl.NumberFormat prints them: bidi marks, symbols outside the curated list
      ["\u200f\u200e-1,234.50 \u200f\u20aa", "-1234.50", "ILS"],
      ["\u200e-1,234.50", "-1234.50", null],
      ["(\u061c1,234.50 AED)", "-1234.50", "AED"],
      ["-1 234 567,50 Ft", "-1234567.50", "HUF"],
      ["Rp 1.234.567,50", "1234567.50", "IDR"],
      ["RM 1,234.50", "1234.50", "MYR"],
      ["1 234,50 $US", "1234.50", "USD"],
      ["1 234,50 $ AU", "1234.50", "AUD"],
      ["E£1,234.50", "1234.50", "EGP"],
      ["1 234,50 lei", "1234.50", "RON"],
      ["-1'234'567.50 CHF", "-1234567.50", "CHF"],
      ["12 345 678 901 234,5678", "12345678901234.5678", null],
      ["12,34,56,78,90,12,345.50", "123456789012345.50", null],
    ])("%j => %s %s", (value, amount, currency) => {
      expect(read(value)).toEqual([amount, currency]);
    });
  });

  describe("with the decimal separator given", () => {
    it.each<[string, string, string]>([
      ["1,234", ",", "1.234"],
      ["1.234", ".", "1.234"],
      ["1.234", ",", "1234"],
      ["1,234", ".", "1234"],
      ["1.234,50", ",", "1234.50"],
      ["1,234.50", ".", "1234.50"],
      ["1 234,5", ",", "1234.5"],
      ["12", ",", "12"],
    ])("%j with %j => %s", (value, separator, amount) => {
      expect(read(value, separator)).toEqual([amount, null]);
    });

    it.each<[string, string]>([
      ["1,234.50", ","],
      ["1.234,50", "."],
      ["12,34", "."],
      ["1,234,5", ","],
    ])("%j with %j is INVALID_NUMBER", (value, separator) => {
      expect(cleanMoney(value, { decimalSeparator: separator })).toMatchObject({ ok: false, code: "INVALID_NUMBER" });
    });
  });

  describe("numbers from spreadsheets", () => {
    it.each<[number, string]>([
      [12, "12"],
      [1234.5, "1234.5"],
      [-12.5, "-12.5"],
      [0, "0"],
      [-0, "0"],
      [13.200000000000001, "13.2"],
      [0.1 + 0.2, "0.3"],
      [1234.5678, "1234.5678"],
      [123456789012345, "123456789012345"],
      [1004.9999999999999, "1005"],
      [0.0001, "0.0001"],
    ])("%d => %s", (value, amount) => {
      expect(read(value)).toEqual([amount, null]);
    });

    it.each<[number, string]>([
      [0.12345, "more than 4 decimal places"],
      [1e16, "more than 15 digits before the decimal point"],
      [1e-5, "more than 4 decimal places"],
      [5e-324, "more than 4 decimal places"],
      [12345678901234567890, "more than 15 significant digits, which a number cell cannot hold exactly"],
      // within an ulp of 1e15: read as binary noise around 1000000000000000, too long
      [999999999999999.9, "more than 15 digits before the decimal point"],
      // a 17-digit double: the digit after the 15th was lost, it is not binary noise
      [1234567890123.4568, "more than 15 significant digits, which a number cell cannot hold exactly"],
      [123456789012345.5, "more than 15 significant digits, which a number cell cannot hold exactly"],
      [Number.NaN, "not a finite number"],
      [Number.POSITIVE_INFINITY, "not a finite number"],
    ])("%d is INVALID_NUMBER: %s", (value, why) => {
      expect(read(value)).toEqual(`INVALID_NUMBER: not an amount: ${why}`);
    });
  });

  // what the JSON and XLSX readers hand on for numbers a double cannot hold
  describe("numbers that underflow or lose digits on the way in", () => {
    it.each<[string, string]>([
      ["1e-400", "exponent notation"],
      ["-1E-400", "exponent notation"],
      ["1e400", "exponent notation"],
      ["0.00001", "more than 4 decimal places"],
      ["12345678901234567890", "more than 15 digits"],
      ["1234567890123.45678", "more than 4 decimal places"],
    ])("JSON %s is INVALID_NUMBER: %s", (source, why) => {
      const parsed = parseJsonValue(`{"amount": ${source}}`, true);
      const value = parsed.ok ? (parsed.value as { amount: CellValue }).amount : null;
      const result = cleanMoney(value);
      expect(result).toMatchObject({ ok: false, code: "INVALID_NUMBER" });
      expect(result.ok ? "" : result.message).toContain(why);
    });

    it.each<[string]>([["1E-400"], ["4.9E-324"], ["1E+400"], ["12345678901234567890"], ["0.00001"]])("XLSX %s is INVALID_NUMBER", (raw) => {
      expect(cleanMoney(numericValue(raw, 0, false))).toMatchObject({ ok: false, code: "INVALID_NUMBER" });
    });

    it.each<[string, string]>([
      ["0.1", "0.1"],
      ["-0", "0"],
      ["0e5", "0"],
      ["2.5e3", "2500"],
    ])("JSON %s => %s", (source, amount) => {
      const parsed = parseJsonValue(`{"amount": ${source}}`, true);
      expect(read(parsed.ok ? (parsed.value as { amount: CellValue }).amount : null)).toEqual([amount, null]);
    });
  });

  describe("empty", () => {
    it.each<[CellValue]>([[null], [""], ["  "], ["-"], ["—"]])("%j is empty", (value) => {
      expect(cleanMoney(value)).toEqual({ ok: true, value: null });
    });
  });

  describe("invalid", () => {
    it.each<[CellValue, string, string]>([
      ["abc", "INVALID_NUMBER", "no digits"],
      ["N/A", "INVALID_NUMBER", "no digits"],
      ["12.34567", "INVALID_NUMBER", "more than 4 decimal places"],
      ["1234567890123456", "INVALID_NUMBER", "more than 15 digits"],
      ["1.2E+5", "INVALID_NUMBER", "exponent notation"],
      ["1e-400", "INVALID_NUMBER", "exponent notation"],
      ["1e400", "INVALID_NUMBER", "exponent notation"],
      ["-1E-5", "INVALID_NUMBER", "exponent notation"],
      ["12345678901234567890", "INVALID_NUMBER", "more than 15 digits"],
      ["0.00001", "INVALID_NUMBER", "more than 4 decimal places"],
      ["12 L", "INVALID_CURRENCY", "not known"],
      ["5 k", "INVALID_CURRENCY", "not known"],
      ["1,2,3", "INVALID_NUMBER", "digit grouping"],
      ["12,34,5", "INVALID_NUMBER", "digit grouping"],
      ["1,234.567.89", "INVALID_NUMBER", "mixes separators"],
      ["1.234 567", "INVALID_NUMBER", "mixes separators"],
      ["12..5", "INVALID_NUMBER", "not a number"],
      ["12 34", "INVALID_NUMBER", "digit grouping"],
      ["1/2", "INVALID_NUMBER", "not a number"],
      ["--12", "INVALID_NUMBER", "more than one sign"],
      ["-12-", "INVALID_NUMBER", "more than one sign"],
      ["(12", "INVALID_NUMBER", "unbalanced parentheses"],
      ["(-12)", "INVALID_NUMBER", "sign inside parentheses"],
      ["12 apples", "INVALID_NUMBER", "text around the number"],
      ["12 XYZ", "INVALID_CURRENCY", "not known"],
      ["€12 USD", "INVALID_CURRENCY", "two different currencies"],
      [true, "INVALID_NUMBER", "not a number"],
      [new Date(0), "INVALID_NUMBER", "not a number"],
    ])("%j is %s: %s", (value, code, why) => {
      const result = cleanMoney(value);
      expect(result).toMatchObject({ ok: false, code });
      expect(result.ok ? "" : result.message).toContain(why);
    });
  });

  // Read alone, one "." or "," before exactly three digits is a thousands group; only the
  // column's decimal separator (decided from its other values) makes it a decimal point.
  describe("ambiguous alone, decided by the column's separator", () => {
    it.each<[string, string, string, string]>([
      ["1,234", "1234", "1.234", "1234"],
      ["1.234", "1234", "1234", "1.234"],
      ["1.005", "1005", "1005", "1.005"],
      ["12,345", "12345", "12.345", "12345"],
      ["-123.456", "-123456", "-123456", "-123.456"],
      ["$1,005", "1005", "1.005", "1005"],
      ["1,005 €", "1005", "1.005", "1005"],
    ])("%j alone => %s; with ',' => %s; with '.' => %s", (value, alone, comma, dot) => {
      expect(read(value)[0]).toBe(alone);
      expect(read(value, ",")[0]).toBe(comma);
      expect(read(value, ".")[0]).toBe(dot);
    });
  });

  it("keeps every code a shared symbol may stand for", () => {
    const result = cleanMoney("$12");
    expect(result.ok && result.value?.currencies).toContain("CAD");
    const euro = cleanMoney("€12");
    expect(euro.ok && euro.value?.currencies).toEqual(["EUR"]);
  });
});
