import { describe, expect, it } from "vitest";
import { flattenBatches } from "../../../../../src/import/parse/csv/flatten-batches.js";

describe("flattenBatches", () => {
  it("yields the items of each batch in order, skipping empty batches", async () => {
    async function* batches() {
      yield [1, 2];
      yield [];
      yield [3];
    }
    const items: number[] = [];
    for await (const item of flattenBatches(() => batches())) items.push(item);
    expect(items).toEqual([1, 2, 3]);
  });

  it("pulls a batch only when the previous one is used up, and closes the source on break", async () => {
    const events: string[] = [];
    async function* batches() {
      try {
        for (let i = 0; i < 3; i++) {
          events.push(`pull ${i}`);
          yield [i * 10, i * 10 + 1];
        }
      } finally {
        events.push("closed");
      }
    }
    for await (const item of flattenBatches(() => batches())) {
      events.push(`item ${item}`);
      if (item === 10) break;
    }
    expect(events).toEqual(["pull 0", "item 0", "item 1", "pull 1", "item 10", "closed"]);
  });
});
