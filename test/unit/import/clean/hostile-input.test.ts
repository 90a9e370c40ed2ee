import { describe, expect, it } from "vitest";
import { cleanCountry } from "../../../../src/import/clean/clean-country.js";
import { cleanCurrency } from "../../../../src/import/clean/clean-currency.js";
import { cleanDate } from "../../../../src/import/clean/clean-date.js";
import { cleanEmail } from "../../../../src/import/clean/clean-email.js";
import { cleanEnum } from "../../../../src/import/clean/clean-enum.js";
import { cleanMoney } from "../../../../src/import/clean/clean-money.js";
import { cleanPhone } from "../../../../src/import/clean/clean-phone.js";
import type { CleanResult } from "../../../../src/import/clean/clean-result.js";
import { detectDateOrder, findDateOrderAmbiguity } from "../../../../src/import/clean/detect-date-order.js";
import { detectDecimalSeparator } from "../../../../src/import/clean/detect-decimal-separator.js";
import { splitFullName } from "../../../../src/import/clean/split-full-name.js";
import { splitTags } from "../../../../src/import/clean/split-tags.js";

// Cells that make backtracking regexes take quadratic time or worse; every cleaner must answer them.
// Not a speed measure (that is npm run bench): a linear cleaner takes milliseconds for all eight,
// a quadratic one billions of regex steps per cell, which the test's time limit catches however
// loaded the machine is.
const HOSTILE = [
  `1${" ".repeat(100_000)}x`,
  `${"(".repeat(50_000)}1`,
  `${",".repeat(50_000)}1`,
  `a@${"a-".repeat(50_000)}`,
  `${"1:".repeat(50_000)}`,
  `(${" ".repeat(50_000)}星期`,
  `${"a.".repeat(50_000)}@x.com`,
  "9".repeat(100_000),
];

const cleaners: [string, (text: string) => CleanResult<unknown> | unknown][] = [
  ["cleanDate", (t) => cleanDate(t, { timeZone: "Asia/Shanghai" })],
  ["cleanDate with a format", (t) => cleanDate(t, { format: "DD.MM.YYYY" })],
  ["cleanMoney", (t) => cleanMoney(t)],
  ["cleanPhone", (t) => cleanPhone(t, "CN")],
  ["cleanEmail", (t) => cleanEmail(t)],
  ["cleanCountry", (t) => cleanCountry(t)],
  ["cleanCurrency", (t) => cleanCurrency(t)],
  ["cleanEnum", (t) => cleanEnum(t, ["A", "B"])],
  ["splitTags", (t) => splitTags(t)],
  ["splitFullName", (t) => splitFullName(t)],
  ["detectDateOrder", (t) => detectDateOrder([t])],
  ["findDateOrderAmbiguity", (t) => findDateOrderAmbiguity([t])],
  ["detectDecimalSeparator", (t) => detectDecimalSeparator([t])],
];

describe("hostile input", () => {
  it.each(cleaners)("%s answers every hostile cell without catastrophic backtracking", { timeout: 5_000 }, (_name, clean) => {
    for (const text of HOSTILE) expect(() => clean(text)).not.toThrow();
  });
});
