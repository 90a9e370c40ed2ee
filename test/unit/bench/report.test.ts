import { describe, expect, it } from "vitest";
import { checkTargets, pageRateCheck, type ImportRow } from "../../../bench/report.js";
import { errorsCell, errorsText, type LoadResult } from "../../../bench/query-load.js";

const page = (rate: number, p99Ms: number, errors = 0, achievedRps = rate): LoadResult => ({
  name: "page",
  rate,
  seconds: 30,
  scheduled: rate * 30,
  ok: rate * 30 - errors,
  errors,
  achievedRps,
  p50Ms: 5,
  p90Ms: 9,
  p99Ms,
  maxMs: p99Ms + 10,
  errorSamples: [],
});

describe("bench report: the customers page's best rate", () => {
  it("names the highest rate that held p99 under 50 ms with no errors", () => {
    const check = pageRateCheck([page(200, 310, 2000, 128), page(50, 21), page(150, 64), page(100, 38)], 200);
    expect(check).toEqual({ target: expect.stringContaining("≥ 200 req/s"), measured: "100 req/s (p99 38 ms)", met: false });
  });

  it("does not count a rate with errors or one the server fell behind on", () => {
    expect(pageRateCheck([page(100, 30, 3), page(150, 40, 0, 120), page(50, 45)], 200)?.measured).toBe("50 req/s (p99 45 ms)");
  });

  it("is met only when the target rate itself holds, and says when none did", () => {
    expect(pageRateCheck([page(200, 49), page(100, 20)], 200)?.met).toBe(true);
    expect(pageRateCheck([page(150, 70), page(50, 60)], 200)).toMatchObject({ measured: "none of 50, 150 req/s", met: false });
    expect(pageRateCheck([], 200)).toBeNull();
  });
});

describe("bench report: import speed targets", () => {
  const row = (entity: string, ratio: number): ImportRow =>
    ({ entity, format: "CSV", rows: 1000, ratio, apiPeakMb: 200, workerPeakMb: 200, firstEventMs: 10 }) as unknown as ImportRow;

  it("hold customers to 0.75× and transactions to 0.65× of the psql ceiling", () => {
    const checks = checkTargets([row("CUSTOMER", 0.74), row("TRANSACTION", 0.66)], [], []);
    expect(checks.filter((c) => c.target.includes("psql ceiling")).map((c) => [c.target.split(" CSV")[0], c.met])).toEqual([
      ["CUSTOMER", false],
      ["TRANSACTION", true],
    ]);
  });
});

describe("bench report: errors shed by the request gate", () => {
  it("says how many of the errors were 503 OVERLOADED answers, and nothing more when none were", () => {
    const shedding = { ...page(100, 400, 59), shed: 40 };
    expect(errorsText(shedding)).toBe("59 errors (40 shed: 503 OVERLOADED)");
    expect(errorsCell(shedding)).toBe("59 (40 shed)");
    expect(errorsText({ ...page(100, 40, 3), shed: 0 })).toBe("3 errors");
    // a results file written before sheds were counted
    expect(errorsCell(page(100, 40, 3))).toBe("3");
  });

  it("still holds a rate with shed requests to the no-errors rule", () => {
    expect(pageRateCheck([{ ...page(100, 30, 5), shed: 5 }, page(50, 45)], 200)?.measured).toBe("50 req/s (p99 45 ms)");
  });
});
