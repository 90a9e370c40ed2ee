import { describe, expect, it } from "vitest";
import { checkRunAt, latestRunAt } from "../../../src/input/check-run-at.js";

const NOW = new Date("2026-12-06T22:00:00.000Z");
const PATH = ["input", "options", "runAt"];

describe("checkRunAt", () => {
  it.each([
    ["absent", undefined],
    ["null", null],
  ])("schedules nothing when runAt is %s", (_, runAt) => {
    expect(checkRunAt(runAt, NOW, PATH)).toEqual({ runAt: null, errors: [] });
  });

  it.each([
    ["a year in the past", "2025-12-06T22:00:00.000Z"],
    ["a second ago", "2026-12-06T21:59:59.000Z"],
    ["now", "2026-12-06T22:00:00.000Z"],
    ["in an hour", "2026-12-06T23:00:00.000Z"],
    ["exactly a year ahead", "2027-12-06T22:00:00.000Z"],
  ])("keeps a runAt %s as given", (_, at) => {
    expect(checkRunAt(new Date(at), NOW, PATH)).toEqual({ runAt: new Date(at), errors: [] });
  });

  it.each([
    ["a millisecond past a year", "2027-12-06T22:00:00.001Z"],
    ["two years ahead", "2028-12-06T22:00:00.000Z"],
  ])("refuses a runAt %s with INVALID_OPTION at its path", (_, at) => {
    expect(checkRunAt(new Date(at), NOW, PATH)).toEqual({
      runAt: null,
      errors: [{ field: PATH, message: "runAt can be at most a year ahead.", code: "INVALID_OPTION" }],
    });
  });
});

describe("latestRunAt", () => {
  it.each([
    ["2026-12-06T22:00:00.000Z", "2027-12-06T22:00:00.000Z"],
    // a leap day has no twin next year: JavaScript rolls it to 1 March, a day later, never earlier
    ["2028-02-29T12:00:00.000Z", "2029-03-01T12:00:00.000Z"],
    ["2027-03-01T00:00:00.000Z", "2028-03-01T00:00:00.000Z"],
  ])("is one calendar year after %s", (now, latest) => {
    expect(latestRunAt(new Date(now)).toISOString()).toBe(latest);
  });
});
