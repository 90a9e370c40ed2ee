import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.js";
import { RowPace, rowPaceOf, type PaceClock } from "../../../src/import/row-pace.js";

/** A clock that moves only when told to, or when the code under test sleeps. */
const fakeClock = () => {
  let now = 0;
  const slept: number[] = [];
  const clock: PaceClock = {
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
  return {
    clock,
    slept,
    advance: (ms: number) => {
      now += ms;
    },
    now: () => now,
  };
};

describe("RowPace (IMPORT_MAX_ROWS_PER_SECOND)", () => {
  it("lets one second of rows through at once, then makes each batch wait for its rows at the rate", () => {
    const { clock } = fakeClock();
    const pace = new RowPace(1000, clock);
    expect(pace.take(1000)).toBe(0);
    expect(pace.take(2000)).toBe(2000);
  });

  it("keeps the average at the rate over many batches, whatever their size", async () => {
    const c = fakeClock();
    const pace = new RowPace(500, c.clock);
    let rows = 0;
    for (const size of [2000, 2000, 137, 2000, 1, 2000, 1999]) {
      c.advance(40); // the batch's own work
      rows += size;
      await pace.after(size);
    }
    // the first second's allowance (500 rows) is the only credit given; the first batch's own 40 ms
    // ran with the bucket full, every later batch's work counts towards its wait (1 ms rounding each)
    const paced = ((rows - 500) / 500) * 1000 + 40;
    expect(c.now()).toBeGreaterThanOrEqual(paced);
    expect(c.now()).toBeLessThanOrEqual(paced + 7);
  });

  it("does not wait when the batches come slower than the rate", async () => {
    const c = fakeClock();
    const pace = new RowPace(2000, c.clock);
    for (let i = 0; i < 5; i++) {
      c.advance(1500);
      await pace.after(2000);
    }
    expect(c.slept).toEqual([]);
  });

  it("saves up no more than one second of rows while idle", () => {
    const c = fakeClock();
    const pace = new RowPace(100, c.clock);
    c.advance(60_000);
    expect(pace.take(100)).toBe(0);
    expect(pace.take(100)).toBe(1000);
  });

  it("waits in slices and ends the wait as soon as the process stops", async () => {
    const c = fakeClock();
    const pace = new RowPace(100, c.clock);
    let stopping = false;
    const waited = pace.after(2100, () => stopping);
    stopping = true;
    await waited;
    expect(c.slept).toEqual([250]);
    const d = fakeClock();
    const paced = new RowPace(100, d.clock);
    await paced.after(2100);
    expect(d.slept.reduce((a, b) => a + b, 0)).toBe(20_000);
    expect(Math.max(...d.slept)).toBe(250);
  });

  it("is off at 0 (the default) and refuses a negative or fractional setting", () => {
    expect(loadConfig({}).importMaxRowsPerSecond).toBe(0);
    expect(rowPaceOf(0)).toBeNull();
    expect(loadConfig({ IMPORT_MAX_ROWS_PER_SECOND: "5000" }).importMaxRowsPerSecond).toBe(5000);
    expect(rowPaceOf(5000)).toBeInstanceOf(RowPace);
    expect(() => loadConfig({ IMPORT_MAX_ROWS_PER_SECOND: "-1" })).toThrow(/IMPORT_MAX_ROWS_PER_SECOND must be a non-negative integer/);
    expect(() => loadConfig({ IMPORT_MAX_ROWS_PER_SECOND: "2.5" })).toThrow(/IMPORT_MAX_ROWS_PER_SECOND/);
  });
});
