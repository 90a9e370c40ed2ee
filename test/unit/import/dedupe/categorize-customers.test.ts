import { describe, expect, it } from "vitest";
import type { PossibleDuplicateRow } from "../../../../src/entities/duplicate-candidate.repository.js";
import {
  categorizeCustomers,
  customerLookupKeys,
  indexCustomers,
  splitInsertedCustomers,
  unmatchedCustomerRows,
  wantedCustomerKeys,
  type CustomerDecision,
  type CustomerRules,
  type KeyedCustomer,
  type KeyedRow,
} from "../../../../src/import/dedupe/categorize-customers.js";

const row = (rowNumber: number, keys: { externalId?: string; email?: string; phone?: string }): KeyedRow => ({
  rowNumber,
  keys: { externalId: keys.externalId ?? null, email: keys.email ?? null, phone: keys.phone ?? null },
});
const customer = (id: string, external_id: string | null, email: string | null = null, phone: string | null = null): KeyedCustomer => ({
  id,
  external_id,
  email,
  phone,
});
const dup = (r: number, id: string): PossibleDuplicateRow => ({
  r,
  id,
  score: 0.75,
  same_phone: true,
  email_local: 0,
  name_match: 0.5,
  same_company: false,
  same_city: false,
});

const STORED = [customer("1", "A", "a@x.io", "+100"), customer("2", "B", "b@x.io", "+200"), customer("3", null, "c@x.io", "+100")];
const KEYS = ["externalId", "email", "phone"] as const;
const INDEX = indexCustomers(STORED, [...KEYS]);
const UPSERT: CustomerRules = { mode: "UPSERT", matchOn: ["externalId", "email"], possibleDuplicates: "WARN" };

/** A decision as [kind, row number, code or target id or duplicate id]. */
const brief = (d: CustomerDecision<KeyedRow, KeyedCustomer>) =>
  d.kind === "insert"
    ? [d.kind, d.row.rowNumber, d.duplicate?.id ?? null]
    : d.kind === "write"
      ? [d.kind, d.row.rowNumber, d.target.id, d.intoDuplicate]
      : [d.kind, d.row.rowNumber, d.problem.code, d.problem.field];

describe("categorizeCustomers: keys and modes", () => {
  it.each<[string, CustomerRules, KeyedRow, unknown[]]>([
    ["a new row inserts", UPSERT, row(1, { externalId: "N", email: "n@x.io" }), ["insert", 1, null]],
    ["a row without keys inserts", UPSERT, row(1, {}), ["insert", 1, null]],
    ["the external id finds its customer", UPSERT, row(1, { externalId: "A" }), ["write", 1, "1", false]],
    ["the email finds its customer", UPSERT, row(1, { email: "b@x.io" }), ["write", 1, "2", false]],
    ["both keys on one customer", UPSERT, row(1, { externalId: "A", email: "a@x.io" }), ["write", 1, "1", false]],
    ["keys on two customers", UPSERT, row(1, { externalId: "A", email: "b@x.io" }), ["failed", 1, "CONFLICT", null]],
    ["a new external id with another's email", UPSERT, row(1, { externalId: "N", email: "a@x.io" }), ["write", 1, "1", false]],
    [
      "matched on external id only, the email another's",
      { ...UPSERT, matchOn: ["externalId"] },
      row(1, { externalId: "A", email: "b@x.io" }),
      ["failed", 1, "CONFLICT", "email"],
    ],
    ["matched on phone, the phone's first holder wins", { ...UPSERT, matchOn: ["phone"] }, row(1, { phone: "+100" }), ["write", 1, "1", false]],
    [
      "matched on phone, the external id another's",
      { ...UPSERT, matchOn: ["phone"] },
      row(1, { phone: "+200", externalId: "A" }),
      ["failed", 1, "CONFLICT", "externalId"],
    ],
    ["CREATE and the customer exists", { ...UPSERT, mode: "CREATE" }, row(1, { externalId: "A" }), ["skipped", 1, "EXISTS", null]],
    ["CREATE and a new row", { ...UPSERT, mode: "CREATE" }, row(1, { externalId: "N" }), ["insert", 1, null]],
    ["UPDATE and no customer", { ...UPSERT, mode: "UPDATE" }, row(1, { externalId: "N" }), ["skipped", 1, "NOT_FOUND", null]],
    ["UPDATE and the customer exists", { ...UPSERT, mode: "UPDATE" }, row(1, { email: "c@x.io" }), ["write", 1, "3", false]],
  ])("%s", (_, rules, r, expected) => {
    expect(categorizeCustomers(rules, [r], INDEX, new Map(), new Map()).map(brief)).toEqual([expected]);
  });

  it("refuses a unique value an earlier row of the batch claimed, and only for the later row", () => {
    const rows = [row(1, { externalId: "N", email: "n@x.io" }), row(2, { externalId: "M", email: "n@x.io" }), row(3, { externalId: "N" })];
    expect(categorizeCustomers(UPSERT, rows, INDEX, new Map(), new Map()).map(brief)).toEqual([
      ["insert", 1, null],
      ["failed", 2, "CONFLICT", "email"],
      ["failed", 3, "CONFLICT", "externalId"],
    ]);
  });

  it("a refused row claims nothing", () => {
    const rows = [row(1, { externalId: "A", email: "b@x.io" }), row(2, { externalId: "A" })];
    expect(categorizeCustomers(UPSERT, rows, INDEX, new Map(), new Map()).map(brief)).toEqual([
      ["failed", 1, "CONFLICT", null],
      ["write", 2, "1", false],
    ]);
  });
});

describe("categorizeCustomers: possible duplicates", () => {
  const fuzzy = new Map([
    [1, dup(1, "2")],
    [2, dup(2, "2")],
  ]);
  const targets = new Map([["2", STORED[1]!]]);
  const rows = [row(1, { externalId: "N" }), row(2, { externalId: "M" })];

  it.each<[string, CustomerRules, unknown[][]]>([
    [
      "WARN inserts beside the look-alike",
      { ...UPSERT, possibleDuplicates: "WARN" },
      [
        ["insert", 1, "2"],
        ["insert", 2, "2"],
      ],
    ],
    [
      "SKIP skips",
      { ...UPSERT, possibleDuplicates: "SKIP" },
      [
        ["skipped", 1, "POSSIBLE_DUPLICATE", null],
        ["skipped", 2, "POSSIBLE_DUPLICATE", null],
      ],
    ],
    [
      "MERGE merges the first row only",
      { ...UPSERT, possibleDuplicates: "MERGE" },
      [
        ["write", 1, "2", true],
        ["skipped", 2, "POSSIBLE_DUPLICATE", null],
      ],
    ],
    [
      "MERGE in CREATE mode does not merge",
      { ...UPSERT, mode: "CREATE", possibleDuplicates: "MERGE" },
      [
        ["skipped", 1, "POSSIBLE_DUPLICATE", null],
        ["skipped", 2, "POSSIBLE_DUPLICATE", null],
      ],
    ],
  ])("%s", (_, rules, expected) => {
    expect(categorizeCustomers(rules, rows, INDEX, fuzzy, targets).map(brief)).toEqual(expected);
  });

  it("MERGE does not merge into a customer another row of the batch matches exactly", () => {
    const batch = [row(1, { externalId: "N" }), row(2, { externalId: "B" })];
    const decisions = categorizeCustomers({ ...UPSERT, possibleDuplicates: "MERGE" }, batch, INDEX, new Map([[1, dup(1, "2")]]), targets);
    expect(decisions.map(brief)).toEqual([
      ["skipped", 1, "POSSIBLE_DUPLICATE", null],
      ["write", 2, "2", false],
    ]);
    expect(decisions[0]!.kind === "skipped" && decisions[0]!.problem.message).toMatch(/another row of the batch writes that customer/);
  });

  it("MERGE skips a row whose look-alike is gone, and names it by its global id", () => {
    const [d] = categorizeCustomers({ ...UPSERT, possibleDuplicates: "MERGE" }, [row(1, { externalId: "N" })], INDEX, new Map([[1, dup(1, "9")]]), targets);
    expect(d!.kind).toBe("skipped");
    if (d!.kind !== "skipped") return;
    expect(d.problem.message).toMatch(/no longer there to merge into/);
    expect(Buffer.from(d.problem.value!, "base64url").toString()).toBe("Customer:9");
  });

  it("a row that matches a customer exactly ignores its look-alike", () => {
    const decisions = categorizeCustomers(
      { ...UPSERT, possibleDuplicates: "SKIP" },
      [row(1, { externalId: "A" })],
      INDEX,
      new Map([[1, dup(1, "2")]]),
      targets,
    );
    expect(decisions.map(brief)).toEqual([["write", 1, "1", false]]);
  });
});

describe("splitInsertedCustomers", () => {
  const rows = [row(1, { externalId: "A" }), row(2, { email: "b@x.io" }), row(3, {}), row(4, { externalId: "D", email: "d@x.io" })];

  it.each<[string, { id: string; external_id: string | null; email: string | null }[], [number, string][], number[]]>([
    [
      "every row inserted",
      [
        { id: "10", external_id: "A", email: null },
        { id: "11", external_id: null, email: "b@x.io" },
        { id: "12", external_id: null, email: null },
        { id: "13", external_id: "D", email: "d@x.io" },
      ],
      [
        [1, "10"],
        [2, "11"],
        [3, "12"],
        [4, "13"],
      ],
      [],
    ],
    ["some taken: the keyed ones are left to look up, a keyless one is dropped", [{ id: "11", external_id: null, email: "b@x.io" }], [[2, "11"]], [1, 4]],
    ["none inserted", [], [], [1, 2, 4]],
  ])("%s", (_, created, inserted, left) => {
    const split = splitInsertedCustomers(rows, created);
    expect(split.inserted.map((i) => [i.row.rowNumber, i.id])).toEqual(inserted);
    expect(split.left.map((r) => r.rowNumber)).toEqual(left);
  });

  it("throws when the insert returns rows out of the batch's order", () => {
    expect(() =>
      splitInsertedCustomers(rows, [
        { id: "13", external_id: "D", email: "d@x.io" },
        { id: "10", external_id: "A", email: null },
      ]),
    ).toThrow(/order other than the batch's/);
  });
});

describe("lookups", () => {
  it.each<[string[], string[]]>([
    [
      ["externalId", "email"],
      ["externalId", "email"],
    ],
    [["phone"], ["externalId", "email", "phone"]],
    [["email"], ["externalId", "email"]],
  ])("matching on %j looks up by %j", (matchOn, keys) => {
    expect(customerLookupKeys(matchOn)).toEqual(keys);
  });

  it("wants each key's values the rows give, and indexes the first holder of a value", () => {
    const rows = [row(1, { externalId: "A", phone: "+100" }), row(2, { email: "z@x.io" })];
    expect(wantedCustomerKeys(rows, ["externalId", "email"])).toEqual({ externalId: ["A"], email: ["z@x.io"], phone: [] });
    expect(wantedCustomerKeys(rows, [...KEYS])).toEqual({ externalId: ["A"], email: ["z@x.io"], phone: ["+100"] });
    expect(INDEX.phone.get("+100")!.id).toBe("1");
    expect(indexCustomers(STORED, ["externalId"]).email.size).toBe(0);
    expect(unmatchedCustomerRows(rows, INDEX, ["externalId", "email"]).map((r) => r.rowNumber)).toEqual([2]);
    expect(unmatchedCustomerRows([row(3, { phone: "+200" })], INDEX, ["externalId", "email"]).map((r) => r.rowNumber)).toEqual([3]);
    expect(unmatchedCustomerRows([row(3, { phone: "+200" })], INDEX, [...KEYS])).toEqual([]);
  });
});
