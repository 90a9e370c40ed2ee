import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createContentKeyCounter } from "../../../../src/import/dedupe/content-key-counter.js";

// few distinct values, so files hold many identical rows
const transaction = fc.record({
  externalId: fc.constant(null),
  customerExternalId: fc.constantFrom("C1", "C2", null),
  customerEmail: fc.constantFrom("a@x.io", null),
  occurredAt: fc.constantFrom(new Date("2024-01-01T00:00:00Z"), new Date("2024-01-02T00:00:00Z")),
  kind: fc.constantFrom("PURCHASE", "REFUND"),
  amount: fc.constantFrom("1", "1.5", "2"),
  currency: fc.constantFrom("EUR", "USD"),
});
type Row = Parameters<ReturnType<typeof createContentKeyCounter>["keyOf"]>[0];
const keysOf = (rows: readonly Row[]) => {
  const counter = createContentKeyCounter();
  return rows.map((r) => counter.keyOf(r));
};

describe("content keys of a file (properties)", () => {
  it("are distinct within a file, and the same when it is judged again", () => {
    fc.assert(
      fc.property(fc.array(transaction, { maxLength: 60 }), (rows) => {
        const keys = keysOf(rows);
        expect(new Set(keys).size).toBe(rows.length);
        expect(keysOf(rows)).toEqual(keys);
      }),
    );
  });

  it("of a file that goes on (a longer export) begin with the keys of the shorter one", () => {
    fc.assert(
      fc.property(fc.array(transaction, { maxLength: 40 }), fc.array(transaction, { maxLength: 40 }), (before, after) => {
        expect(keysOf([...before, ...after]).slice(0, before.length)).toEqual(keysOf(before));
      }),
    );
  });

  it("of two rows are equal across files exactly when their content and their ordinal among identical rows are", () => {
    fc.assert(
      fc.property(fc.array(transaction, { minLength: 1, maxLength: 30 }), fc.array(transaction, { minLength: 1, maxLength: 30 }), (a, b) => {
        const ordinals = (rows: readonly Row[]) => {
          const seen = new Map<string, number>();
          return rows.map((r) => {
            const content = JSON.stringify([r.customerExternalId ?? `e:${r.customerEmail}`, r.occurredAt.toISOString(), r.kind, r.amount, r.currency]);
            const n = (seen.get(content) ?? 0) + 1;
            seen.set(content, n);
            return `${content}#${n}`;
          });
        };
        const [ka, kb, oa, ob] = [keysOf(a), keysOf(b), ordinals(a), ordinals(b)];
        for (let i = 0; i < a.length; i++) {
          for (let j = 0; j < b.length; j++) expect(ka[i] === kb[j]).toBe(oa[i] === ob[j]);
        }
      }),
    );
  });
});
