import { describe, expect, it } from "vitest";
import type { ImportFixRow } from "../../../src/entities/import-fix.repository.js";
import { cellKey, fixedValues, foldFixes } from "../../../src/import/retry-failed-rows.js";
import { decodeSourceValues, encodeSourceValues } from "../../../src/import/report/source-values.js";

const fix = (kind: ImportFixRow["kind"], detail: Record<string, unknown>): ImportFixRow => ({ kind, detail }) as unknown as ImportFixRow;

describe("source values kept with a failed row", () => {
  it("round-trip text, numbers, booleans, nulls, lists and dates, and keys such as __proto__", () => {
    const values: Record<string, any> = Object.create(null);
    Object.assign(values, { Email: "a@x.io", Amount: 12.5, Active: true, Empty: null, Tags: ["a", 1], When: new Date("2024-03-05T10:00:00.000Z") });
    values["__proto__"] = "kept";
    const back = decodeSourceValues(encodeSourceValues(values));
    expect(Object.getPrototypeOf(back)).toBeNull();
    expect({ ...back }).toEqual({ ...values });
    expect(back.When).toBeInstanceOf(Date);
    expect(back["__proto__"]).toBe("kept");
  });

  it("encode a record without dates as plain JSON", () => {
    expect(encodeSourceValues({ a: "1", b: "" })).toBe('{"a":"1","b":""}');
  });
});

describe("fixes applied at a retry", () => {
  const fixes = foldFixes([
    fix("MAP_VALUES", {
      column: "Country",
      mappings: [
        { from: "Atlantis", to: "DE" },
        { from: null, to: "FR" },
      ],
    }),
    fix("SKIP_ROWS", { rows: [4, 5] }),
    fix("PATCH_ROWS", {
      patches: [
        { row: 5, values: { Email: "b@x.io" } },
        { row: 7, values: { Country: "Atlantis" } },
      ],
    }),
    fix("MAP_VALUES", { column: "Country", mappings: [{ from: "Atlantis", to: "AT" }] }),
  ]);

  it("map values by their trimmed text (an empty cell as null), the later map winning; patches come after the maps", () => {
    expect(fixedValues({ Country: " Atlantis " }, 1, fixes)).toEqual({ Country: "AT" });
    expect(fixedValues({ Country: "" }, 2, fixes)).toEqual({ Country: "FR" });
    expect(fixedValues({ Country: "Narnia" }, 3, fixes)).toEqual({ Country: "Narnia" });
    expect(fixedValues({ Country: "DE", Email: "bad" }, 7, fixes)).toEqual({ Country: "Atlantis", Email: "bad" });
  });

  it("a patch takes a row back from the skipped ones", () => {
    expect([...fixes.skips]).toEqual([4]);
  });

  it("reads a cell as a value map compares it", () => {
    expect([cellKey(null), cellKey(undefined), cellKey("  "), cellKey(" x "), cellKey(3), cellKey(false)]).toEqual([null, null, null, "x", "3", "false"]);
  });
});
