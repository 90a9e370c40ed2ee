import { describe, expect, it } from "vitest";
import { cleanCurrency } from "../../../../src/import/clean/clean-currency.js";
import type { CellValue } from "../../../../src/import/parse/parser.js";

describe("cleanCurrency", () => {
  it.each<[CellValue, string]>([
    ["USD", "USD"],
    ["usd", "USD"],
    [" eur ", "EUR"],
    ["CNY", "CNY"],
    ["JPY", "JPY"],
    ["chf", "CHF"],
    ["$", "USD"],
    ["US$", "USD"],
    ["US $", "USD"],
    ["美元", "USD"],
    ["美金", "USD"],
    ["US Dollar", "USD"],
    ["dollars", "USD"],
    ["¥", "CNY"],
    ["￥", "CNY"],
    ["元", "CNY"],
    ["人民币", "CNY"],
    ["人民幣", "CNY"],
    ["RMB", "CNY"],
    ["rmb", "CNY"],
    ["CN¥", "CNY"],
    ["yuan", "CNY"],
    ["Chinese Yuan", "CNY"],
    ["円", "JPY"],
    ["日元", "JPY"],
    ["JP¥", "JPY"],
    ["yen", "JPY"],
    ["Japanese Yen", "JPY"],
    ["€", "EUR"],
    ["欧元", "EUR"],
    ["Euro", "EUR"],
    ["ユーロ", "EUR"],
    ["£", "GBP"],
    ["英镑", "GBP"],
    ["British Pound", "GBP"],
    ["sterling", "GBP"],
    ["HK$", "HKD"],
    ["港币", "HKD"],
    ["港元", "HKD"],
    ["NT$", "TWD"],
    ["新台币", "TWD"],
    ["₹", "INR"],
    ["Rs.", "INR"],
    ["₩", "KRW"],
    ["韩元", "KRW"],
    ["₽", "RUB"],
    ["R$", "BRL"],
    ["kr", "SEK"],
    ["Schweizer Franken", "CHF"],
    ["dollar canadien", "CAD"],
    ["Dólar estadounidense", "USD"],
  ])("%j => %s", (value, expected) => {
    expect(cleanCurrency(value)).toEqual({ ok: true, value: expected });
  });

  it.each<[CellValue]>([[null], [""], ["   "]])("%j is empty", (value) => {
    expect(cleanCurrency(value)).toEqual({ ok: true, value: null });
  });

  it.each<[CellValue]>([["XYZ"], ["US"], ["dollarz"], ["CNH"], ["123"], ["€€"]])("%j is INVALID_CURRENCY", (value) => {
    expect(cleanCurrency(value)).toMatchObject({ ok: false, code: "INVALID_CURRENCY" });
  });
});
