import { describe, expect, it } from "vitest";
import { alreadyPostedProblem } from "../../../../src/import/write/already-posted-problem.js";

const STORED = {
  customer_id: "7",
  kind: "PURCHASE",
  status: "COMPLETED",
  amount: "10",
  currency: "EUR",
  occurred_at: "2024-03-01T10:00:00.000Z",
  description: "first",
};
const CUSTOMER = { field: "customerExternalId", value: "C2" };

describe("alreadyPostedProblem", () => {
  it.each<[string, Record<string, string | null>]>([
    ["nothing", {}],
    ["the description", { description: "corrected" }],
    ["no description any more", { description: null }],
  ])("lets a completed transaction change %s", (_case, change) => {
    expect(alreadyPostedProblem(STORED, { ...STORED, ...change }, CUSTOMER)).toBeNull();
  });

  it.each(["PENDING", "FAILED", "CANCELLED"])("lets a %s transaction change anything", (status) => {
    const before = { ...STORED, status };
    expect(alreadyPostedProblem(before, { ...before, amount: "11", currency: "USD", customer_id: "8", status: "COMPLETED" }, CUSTOMER)).toBeNull();
  });

  it.each<[string, Record<string, string>, string, string | null, RegExp]>([
    ["the amount", { amount: "11" }, "amount", "11", /amount \(10 → 11\)/],
    ["the currency", { currency: "USD" }, "currency", "USD", /currency \(EUR → USD\)/],
    ["the kind", { kind: "REFUND" }, "kind", "REFUND", /kind \(PURCHASE → REFUND\)/],
    ["the customer", { customer_id: "8" }, "customerExternalId", "C2", /change its customer\./],
    ["the time", { occurred_at: "2024-03-02T10:00:00.000Z" }, "occurredAt", "2024-03-02T10:00:00.000Z", /occurredAt \(2024-03-01T10:00:00.000Z → 2024-03-02/],
    ["the status", { status: "CANCELLED" }, "status", "CANCELLED", /status \(COMPLETED → CANCELLED\)/],
  ])("refuses a change of %s with ALREADY_POSTED", (_case, change, field, value, message) => {
    const p = alreadyPostedProblem(STORED, { ...STORED, ...change }, CUSTOMER);
    expect(p).toMatchObject({ code: "ALREADY_POSTED", field, value });
    expect(p!.message).toMatch(message);
    expect(p!.message).toMatch(/amendPostedTransactions/);
  });

  it("names every posted field that would change, the first as the field", () => {
    const p = alreadyPostedProblem(STORED, { ...STORED, amount: "11", customer_id: "8", description: "x" }, { field: "customerEmail", value: "b@x.io" });
    expect(p).toMatchObject({ field: "amount", value: "11" });
    expect(p!.message).toMatch(/amount \(10 → 11\), customer\./);
    expect(p!.message).not.toMatch(/description/);
  });
});
