import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { unstorableTextProblems } from "../../../../src/import/clean/unstorable-text-problems.js";
import { mappedRecord } from "./mapped-record.js";

describe("unstorableTextProblems (property)", () => {
  it("agrees with what UTF-8 can carry: a string fails exactly when encoding it loses a code unit", () => {
    const units = fc.oneof(fc.constantFrom(0xd800, 0xdbff, 0xdc00, 0xdfff, 0xd83d, 0xde00, 0x41, 0xe9), fc.integer({ min: 1, max: 0xffff }));
    fc.assert(
      fc.property(fc.array(units, { maxLength: 12 }), (codes) => {
        const text = String.fromCharCode(...codes);
        const roundTrips = Buffer.from(text, "utf8").toString("utf8") === text;
        expect(unstorableTextProblems(mappedRecord({ firstName: text })).length === 0).toBe(roundTrips);
      }),
    );
  });
});
