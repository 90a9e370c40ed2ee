import { describe, expect, it } from "vitest";
import { compileDateFormat, matchDateFormat } from "../../../../src/import/clean/date-format.js";

describe("compileDateFormat", () => {
  it.each<[string]>([
    ["YYYY-MM-DD"],
    ["DD.MM.YYYY"],
    ["MM/DD/YY"],
    ["YYYY年M月D日"],
    ["YYYYMMDD"],
    ["yyyy-MM-dd HH:mm:ss"],
    ["MMM D, YYYY h:mm A"],
    ["D. MMMM YYYY"],
    ["YYYY-MM-DDTHH:mm:ss.SSSZ"],
    ["[Date:] DD/MM/YYYY"],
  ])("%j compiles", (pattern) => {
    expect(compileDateFormat(pattern).ok).toBe(true);
  });

  it.each<[string, string]>([
    ["HH:mm", "needs a year, a month and a day"],
    ["YYYY-MM", "needs a year, a month and a day"],
    ["MM/DD", "needs a year, a month and a day"],
    ["YYYY-MM-DD YYYY", "names a part twice"],
    ["DD.MM.YYYY hh:mm", "needs A for AM/PM"],
  ])("%j is refused: %s", (pattern, why) => {
    const result = compileDateFormat(pattern);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.message).toContain(why);
  });

  it("reads packed digits by exact width", () => {
    const result = compileDateFormat("YYYYMMDD");
    if (!result.ok) throw new Error(result.message);
    expect(matchDateFormat(result.format, "20240305")).toMatchObject({ year: 2024, month: 3, day: 5 });
    expect(matchDateFormat(result.format, "2024035")).toBeNull();
  });
});
