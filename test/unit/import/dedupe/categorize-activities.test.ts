import { describe, expect, it } from "vitest";
import {
  activityLookups,
  categorizeActivities,
  indexActivities,
  matchReturnedActivities,
  normalizeActivityValue,
  plannedActivityFields,
  type ActivityDecision,
  type ActivityRules,
  type LinkedActivity,
  type StoredActivityValues,
} from "../../../../src/import/dedupe/categorize-activities.js";
import { problem } from "../../../../src/import/write/write-types.js";

interface Row {
  rowNumber: number;
  insert: string;
}
const COLUMNS = ["kind", "amount", "occurred_at", "description"];
const linked = (
  rowNumber: number,
  keys: { externalId?: string; contentKey?: string },
  values: Record<string, string | null>,
  customerId = "7",
): LinkedActivity<Row> => ({
  row: { rowNumber, insert: JSON.stringify({ ...values, external_id: keys.externalId ?? null }) },
  keys: { externalId: keys.externalId ?? null, contentKey: keys.contentKey ?? null, customerExternalId: "C1", customerEmail: null },
  customerId,
});
const stored = (
  id: string,
  identity: { external_id?: string; content_key?: string },
  values: Record<string, string | null>,
  customer_id = "7",
): StoredActivityValues => ({
  id,
  customer_id,
  external_id: identity.external_id ?? null,
  content_key: identity.content_key ?? null,
  plan_version: `v${id}`,
  ...values,
});

const SALE = { kind: "PURCHASE", amount: "10.50", occurred_at: "2024-03-05T10:00:00.000Z", description: "first" };
const STORED = indexActivities([
  stored("1", { external_id: "T1" }, { ...SALE, amount: "10.5000", occurred_at: "2024-03-05 10:00:00+00" }),
  stored("2", { content_key: "k.1" }, SALE),
]);
const rules = (mode: ActivityRules["mode"], guard: ActivityRules["guard"] = () => null): ActivityRules => ({ columns: COLUMNS, mode, guard });

const brief = (d: ActivityDecision<Row>) =>
  d.kind === "insert"
    ? [d.kind, d.linked.row.rowNumber]
    : d.kind === "unchanged"
      ? [d.kind, d.row.rowNumber, d.recordId]
      : d.kind === "update"
        ? [d.kind, d.row.rowNumber, d.recordId, d.version]
        : [d.kind, d.row.rowNumber, d.problem.code, d.problem.field];

describe("categorizeActivities", () => {
  it.each<[string, ActivityRules["mode"], LinkedActivity<Row>, unknown[]]>([
    ["a new external id inserts", "UPSERT", linked(1, { externalId: "T9" }, SALE), ["insert", 1]],
    ["a new content key inserts", "UPSERT", linked(1, { contentKey: "k.9" }, SALE), ["insert", 1]],
    ["the same values, spelled otherwise, are unchanged", "UPSERT", linked(1, { externalId: "T1" }, SALE), ["unchanged", 1, "1"]],
    ["a changed description updates", "UPSERT", linked(1, { externalId: "T1" }, { ...SALE, description: "second" }), ["update", 1, "1", "v1"]],
    ["a changed amount updates", "UPSERT", linked(1, { externalId: "T1" }, { ...SALE, amount: "11" }), ["update", 1, "1", "v1"]],
    ["another customer updates", "UPSERT", linked(1, { externalId: "T1" }, SALE, "8"), ["update", 1, "1", "v1"]],
    ["the content key finds its record", "UPSERT", linked(1, { contentKey: "k.1" }, SALE), ["unchanged", 1, "2"]],
    ["CREATE and the external id exists", "CREATE", linked(1, { externalId: "T1" }, SALE), ["skipped", 1, "EXISTS", "externalId"]],
    ["CREATE and the content exists", "CREATE", linked(1, { contentKey: "k.1" }, SALE), ["skipped", 1, "EXISTS", null]],
    ["UPDATE and no such external id", "UPDATE", linked(1, { externalId: "T9" }, SALE), ["skipped", 1, "NOT_FOUND", "externalId"]],
    ["UPDATE and no such content", "UPDATE", linked(1, { contentKey: "k.9" }, SALE), ["skipped", 1, "NOT_FOUND", null]],
    ["UPDATE and the record exists", "UPDATE", linked(1, { externalId: "T1" }, { ...SALE, kind: "REFUND" }), ["update", 1, "1", "v1"]],
    ["a row with neither identity inserts", "UPSERT", linked(1, {}, SALE), ["insert", 1]],
  ])("%s", (_, mode, l, expected) => {
    expect(categorizeActivities(rules(mode), [l], STORED).map(brief)).toEqual([expected]);
  });

  it("a guard refuses an update (failed) and sees both sides normalized, never an unchanged row", () => {
    const seen: unknown[] = [];
    const refuse = rules("UPSERT", (before, after) => {
      seen.push([before.amount, after.amount, before.occurred_at, after.occurred_at]);
      return problem("ALREADY_POSTED", "posted", "amount", after.amount);
    });
    const decisions = categorizeActivities(
      refuse,
      [linked(1, { externalId: "T1" }, SALE), linked(2, { externalId: "T1" }, { ...SALE, amount: "12.00" })],
      STORED,
    );
    expect(decisions.map(brief)).toEqual([
      ["unchanged", 1, "1"],
      ["failed", 2, "ALREADY_POSTED", "amount"],
    ]);
    expect(seen).toEqual([["10.5", "12", "2024-03-05T10:00:00.000Z", "2024-03-05T10:00:00.000Z"]]);
  });

  it("an update plans only the fields that change, with the values it writes", () => {
    const [d] = categorizeActivities(rules("UPSERT"), [linked(1, { externalId: "T1" }, { ...SALE, amount: "12.00", description: "x" }, "8")], STORED);
    expect(d!.kind).toBe("update");
    if (d!.kind !== "update") return;
    expect(d.values).toMatchObject({ amount: "12.00", customer_id: "8", external_id: "T1" });
    expect(plannedActivityFields(d)).toEqual([
      ["customer_id", "7", "8"],
      ["amount", "10.5", "12.00"],
      ["description", "first", "x"],
    ]);
  });
});

describe("normalizeActivityValue", () => {
  it.each<[string, unknown, string | null]>([
    ["amount", "10.5000", "10.5"],
    ["amount", "10.00", "10"],
    ["amount", "100", "100"],
    ["amount", "0.10", "0.1"],
    ["occurred_at", "2024-03-05 10:00:00+00", "2024-03-05T10:00:00.000Z"],
    ["occurred_at", new Date("2024-03-05T10:00:00Z"), "2024-03-05T10:00:00.000Z"],
    ["description", "  padded  ", "padded"],
    ["description", null, null],
    ["description", undefined, null],
  ])("%s %j is %j", (col, value, expected) => {
    expect(normalizeActivityValue(col, value)).toBe(expected);
  });
});

describe("matchReturnedActivities", () => {
  it("finds rows by identity, keyless rows by customer in turn, and leaves out rows not returned", () => {
    const sent = [
      linked(1, { externalId: "T1" }, SALE),
      linked(2, {}, SALE, "7"),
      linked(3, { contentKey: "k.2" }, SALE),
      linked(4, {}, SALE, "7"),
      linked(5, {}, SALE, "8"),
      linked(6, { externalId: "T6" }, SALE),
    ];
    const back = [
      { id: "100", customer_id: "7", external_id: "T1", content_key: null },
      { id: "101", customer_id: "7", external_id: null, content_key: null },
      { id: "102", customer_id: "7", external_id: null, content_key: null },
      { id: "103", customer_id: "7", external_id: null, content_key: "k.2" },
      { id: "104", customer_id: "8", external_id: null, content_key: null },
    ];
    expect(matchReturnedActivities(sent, back).map((m) => [m.linked.row.rowNumber, m.id])).toEqual([
      [1, "100"],
      [2, "101"],
      [3, "103"],
      [4, "102"],
      [5, "104"],
    ]);
  });

  it("looks stored records up by external id, and by content key only where a row has no external id", () => {
    expect(activityLookups([linked(1, { externalId: "T1", contentKey: "k.1" }, SALE), linked(2, { contentKey: "k.2" }, SALE), linked(3, {}, SALE)])).toEqual({
      externalIds: ["T1"],
      contentKeys: ["k.2"],
    });
  });
});
