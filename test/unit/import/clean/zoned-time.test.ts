import { describe, expect, it } from "vitest";
import { dateParts } from "../../../../src/import/clean/date-parts.js";
import { isValidTimeZone, wallClockToEpochMs } from "../../../../src/import/clean/zoned-time.js";

describe("isValidTimeZone", () => {
  it.each([["UTC"], ["utc"], ["Asia/Shanghai"], ["asia/shanghai"], ["Europe/Berlin"], ["America/New_York"], ["Etc/GMT-8"], ["+08:00"]])(
    "%s is a zone",
    (zone) => {
      expect(isValidTimeZone(zone)).toBe(true);
    },
  );

  it.each([["Mars/Olympus_Mons"], ["CST6CDT7"], ["Beijing"], ["GMT+25"]])("%s is not", (zone) => {
    expect(isValidTimeZone(zone)).toBe(false);
  });
});

describe("wallClockToEpochMs", () => {
  const at = (y: number, mo: number, d: number, h: number, mi: number) => {
    const parts = dateParts(y, mo, d);
    parts.hour = h;
    parts.minute = mi;
    return parts;
  };

  it.each<[ReturnType<typeof at>, string | undefined, string]>([
    [at(2024, 3, 5, 14, 30), undefined, "2024-03-05T14:30:00.000Z"],
    [at(2024, 3, 5, 14, 30), "Asia/Shanghai", "2024-03-05T06:30:00.000Z"],
    [at(2024, 3, 10, 2, 30), "America/New_York", "2024-03-10T07:30:00.000Z"],
    [at(2024, 11, 3, 1, 30), "America/New_York", "2024-11-03T05:30:00.000Z"],
    [at(2024, 3, 31, 2, 30), "Europe/Berlin", "2024-03-31T01:30:00.000Z"],
    [at(2024, 10, 27, 2, 30), "Europe/Berlin", "2024-10-27T00:30:00.000Z"],
    [at(2024, 4, 7, 2, 30), "Australia/Sydney", "2024-04-06T15:30:00.000Z"],
    [at(1900, 1, 1, 12, 0), "Asia/Shanghai", "1900-01-01T03:54:17.000Z"],
  ])("%j in %s => %s", (parts, zone, expected) => {
    expect(new Date(wallClockToEpochMs(parts, zone) ?? Number.NaN).toISOString()).toBe(expected);
  });

  it("gives null for an unknown zone", () => {
    expect(wallClockToEpochMs(at(2024, 3, 5, 0, 0), "Nowhere/Land")).toBeNull();
  });
});
