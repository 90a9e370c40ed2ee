import { readdir } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SharedStringTable } from "../../../../../src/import/parse/xlsx/shared-string-table.js";
import { scratchDir } from "./xlsx-fixture.js";

const PAGE = 64 * 1024;

function sampleStrings(count: number): string[] {
  const pool = ["", "a", "Müller", "客户 😀", "x".repeat(200), "y".repeat(PAGE - 3), "z".repeat(PAGE * 2 + 17)];
  return Array.from({ length: count }, (_, i) => (i % 97 === 0 ? pool[(i / 97) % pool.length]! : `value ${i} ${"é".repeat(i % 40)}`));
}

async function build(strings: readonly string[], budget: number, dir: string): Promise<SharedStringTable> {
  const table = new SharedStringTable(budget, dir);
  for (let i = 0; i < strings.length; i++) {
    table.add(strings[i]!);
    if (i % 1000 === 0) await table.flush();
  }
  await table.finish();
  return table;
}

describe("SharedStringTable", () => {
  let scratch: Awaited<ReturnType<typeof scratchDir>>;
  beforeAll(async () => {
    scratch = await scratchDir();
  });
  afterAll(() => scratch.remove());

  it.each([
    ["all in memory", 64 * 1024 * 1024],
    ["spilled after one page", PAGE],
    ["spilled from the start", 1],
  ])("returns every string by index: %s", async (_, budget) => {
    const strings = sampleStrings(20_000);
    const table = await build(strings, budget, scratch.dir);
    expect(table.size).toBe(strings.length);
    expect(table.spilled).toBe(budget < 10 * 1024 * 1024);
    // in order, in reverse, and at random: every access pattern finds the same strings
    for (let i = 0; i < strings.length; i++) expect(table.get(i)).toBe(strings[i]);
    for (let i = strings.length - 1; i >= 0; i -= 7) expect(table.get(i)).toBe(strings[i]);
    for (let n = 0; n < 5000; n++) {
      const i = Math.floor(Math.random() * strings.length);
      expect(table.get(i)).toBe(strings[i]);
    }
    await table.close();
  });

  it.each([-1, 0.5, 3, Number.NaN])("has nothing at index %d of a 3-string table", async (index) => {
    const table = await build(["a", "b", "c"], PAGE, scratch.dir);
    expect(table.get(index)).toBeUndefined();
    await table.close();
  });

  it("leaves no temporary file behind once closed", async () => {
    const { dir, remove } = await scratchDir();
    const table = await build(sampleStrings(5000), 1, dir);
    expect(table.spilled).toBe(true);
    // on POSIX the spill file is unlinked as soon as it is open
    expect(await readdir(dir)).toEqual([]);
    await table.close();
    await table.close();
    expect(await readdir(dir)).toEqual([]);
    await remove();
  });
});
