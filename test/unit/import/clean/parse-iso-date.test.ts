import { describe, expect, it } from "vitest";
import { parseIsoDate } from "../../../../src/import/clean/parse-iso-date.js";

describe("parseIsoDate", () => {
  it.each<[string, Record<string, number | null>]>([
    ["2024-03-05", { year: 2024, month: 3, day: 5, hour: 0, offsetMinutes: null }],
    ["2024-03-05T14:30", { hour: 14, minute: 30, second: 0 }],
    ["2024-03-05 14:30:15", { hour: 14, minute: 30, second: 15 }],
    ["2024-03-05t14:30:15.5", { second: 15, millisecond: 500 }],
    ["2024-03-05T14:30:15.25Z", { millisecond: 250, offsetMinutes: 0 }],
    ["2024-03-05T14:30:15,123456z", { millisecond: 123, offsetMinutes: 0 }],
    ["2024-03-05T14:30:00+08:00", { offsetMinutes: 480 }],
    ["2024-03-05T14:30:00-0530", { offsetMinutes: -330 }],
    ["2024-03-05 14:30:00 +08", { offsetMinutes: 480 }],
    ["2024-13-45", { month: 13, day: 45 }],
  ])("%j => %j", (text, expected) => {
    expect(parseIsoDate(text)).toMatchObject(expected);
  });

  it.each([
    ["2024/03/05"],
    ["05-03-2024"],
    ["2024-3-5"],
    ["2024-03-05x"],
    ["2024-03-05 9:05"],
    ["2024-03-05 2:30 PM"],
    ["2024-03-05T14:30:00.Z"],
    ["2024-03-05T14:30:00+8"],
    ["2024-03-05T14:30:00+08:0"],
    ["2024-03-05 14:30 GMT"],
    ["2024-03-05T14:30Z "],
  ])("%j is left to the general reader", (text) => {
    expect(parseIsoDate(text)).toBeNull();
  });
});
