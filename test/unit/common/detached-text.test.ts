import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { detachedText } from "../../../src/common/detached-text.js";
import { lookupCountry } from "../../../src/import/clean/lookup-country.js";
import { lookupCurrency } from "../../../src/import/clean/lookup-currency.js";

// A forced collection makes the measure the live heap, not whatever garbage is pending.
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;
const liveHeap = (): number => {
  collectGarbage();
  return process.memoryUsage().heapUsed;
};

const CHUNK_CHARS = 8 * 1024 * 1024;

/** Cells of 20 to 59 characters cut from one 8 MB chunk (a parser's read), each handed to `keep`; the chunk is then dropped. */
const keepCellsOfAChunk = (keep: (cell: string) => unknown): void => {
  const line = "Somewhere over the rainbow, far away; ";
  const chunk = line.repeat(Math.floor(CHUNK_CHARS / line.length));
  for (let i = 0; i < 200; i++) keep(chunk.slice(i * 97, i * 97 + 20 + (i % 40)));
};

describe("detachedText", () => {
  it("is the same text", () => {
    fc.assert(fc.property(fc.string({ unit: "binary" }), (text) => detachedText(text) === text));
  });

  it("does not keep the string it was cut from", () => {
    const kept: string[] = [];
    const before = liveHeap();
    keepCellsOfAChunk((cell) => kept.push(detachedText(cell)));
    expect(liveHeap() - before).toBeLessThan(CHUNK_CHARS / 4);
    expect(kept).toHaveLength(200);
  });

  it("a cell only cut from its chunk keeps the chunk (the case it exists for)", () => {
    const kept: string[] = [];
    const before = liveHeap();
    keepCellsOfAChunk((cell) => kept.push(cell));
    expect(liveHeap() - before).toBeGreaterThan(CHUNK_CHARS / 2);
    expect(kept).toHaveLength(200);
  });
});

describe("the lookups' remembered cells", () => {
  it("do not keep the parser's chunk they were cut from", () => {
    for (const lookup of [lookupCountry, lookupCurrency]) {
      lookup("warm up the tables"); // built once, on first use: not part of the measure
      const before = liveHeap();
      keepCellsOfAChunk(lookup);
      expect(liveHeap() - before, lookup.name).toBeLessThan(CHUNK_CHARS / 4);
      expect(lookup("Somewhere over the r")).toBeNull();
    }
  });
});
