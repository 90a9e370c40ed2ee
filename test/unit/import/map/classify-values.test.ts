import { describe, expect, it } from "vitest";
import { classifyValues, type ValueClass } from "../../../../src/import/map/classify-values.js";

describe("classifyValues", () => {
  it.each<[string, ValueClass]>([
    ["ada@example.com", "email"],
    ["Ada.Lovelace+crm@mail.example.co.uk", "email"],
    ["+86 138 0013 8000", "phone"],
    ["(415) 555-0100", "phone"],
    ["0049 30 1234567", "phone"],
    ["13800138000", "phone"],
    ["2024-01-05", "date"],
    ["2024-01-05T10:00:00Z", "date"],
    ["2024-01-05 10:00:00+08:00", "date"],
    ["05/01/2024", "date"],
    ["5.1.24", "date"],
    ["2024/1/5 9:30 PM", "date"],
    ["2024年1月5日", "date"],
    ["Jan 5, 2024", "date"],
    ["5 January 2024", "date"],
    ["¥88.00", "money"],
    ["$1,234.50", "money"],
    ["1.234,50 €", "money"],
    ["-$5.00", "money"],
    ["USD 12", "money"],
    ["88元", "money"],
    ["1,234.50", "decimal"],
    ["(12.00)", "decimal"],
    ["42", "integer"],
    ["USD", "currency"],
    ["¥", "currency"],
    ["人民币", "currency"],
    ["China", "country"],
    ["中国", "country"],
    ["Deutschland", "country"],
    ["DE", "countryCode"],
    ["yes", "boolean"],
    ["call", "interactionType"],
    ["outbound", "direction"],
    ["refund", "transactionKind"],
    ["已支付", "transactionStatus"],
    ["We talked about the renewal and the price for next year.", "longText"],
  ])("%j is %s", (value, kind) => {
    expect(classifyValues([value]).share[kind]).toBe(1);
  });

  it.each<[string, ValueClass]>([
    ["not an email@", "email"],
    ["2024-01-05", "phone"],
    ["12345", "phone"],
    ["$abc", "money"],
    ["de", "countryCode"],
    ["short text", "longText"],
  ])("%j is not %s", (value, kind) => {
    expect(classifyValues([value]).share[kind]).toBe(0);
  });

  it("counts shares over non-empty values only", () => {
    const profile = classifyValues(["a@x.com", "", "  ", "b@x.com", "nope", "c@x.com"]);
    expect(profile.size).toBe(4);
    expect(profile.share.email).toBe(0.75);
  });

  it("looks at a bounded number of values", () => {
    expect(classifyValues(Array.from({ length: 1000 }, () => "a@x.com")).size).toBe(50);
  });

  it("stays fast on hostile values", () => {
    const started = performance.now();
    classifyValues(Array.from({ length: 50 }, () => `${"1".repeat(10_000)}@`));
    classifyValues(Array.from({ length: 50 }, () => `$${"1,".repeat(5000)}x`));
    expect(performance.now() - started).toBeLessThan(200);
  });
});
