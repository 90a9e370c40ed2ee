import { describe, expect, it } from "vitest";
import { dateToExcelSerial, excelSerialToDate } from "../../../../../src/import/parse/xlsx/xlsx-serial-date.js";

const utc = (iso: string) => new Date(`${iso}Z`);

describe("excelSerialToDate, 1900 system", () => {
  it.each([
    [1, "1900-01-01T00:00:00"],
    [31, "1900-01-31T00:00:00"],
    [59, "1900-02-28T00:00:00"],
    [60, "1900-03-01T00:00:00"], // Excel's 29 February 1900, a day that never was
    [61, "1900-03-01T00:00:00"],
    [0.5, "1899-12-31T12:00:00"], // a time of day alone
    [25569, "1970-01-01T00:00:00"],
    [45292, "2024-01-01T00:00:00"],
    [45292.75, "2024-01-01T18:00:00"],
    [45351, "2024-02-29T00:00:00"],
    [2958465, "9999-12-31T00:00:00"],
    [44927.000011574, "2023-01-01T00:00:01"], // rounded to the millisecond
  ])("%d is %s", (serial, iso) => {
    expect(excelSerialToDate(serial, false)).toEqual(utc(iso));
  });

  it.each([-1, 2958466, Number.NaN, Number.POSITIVE_INFINITY])("%d is no date", (serial) => {
    expect(excelSerialToDate(serial, false)).toBeNull();
  });
});

describe("excelSerialToDate, 1904 system", () => {
  it.each([
    [0, "1904-01-01T00:00:00"],
    [1, "1904-01-02T00:00:00"],
    [43830, "2024-01-01T00:00:00"],
    [43830.25, "2024-01-01T06:00:00"],
  ])("%d is %s", (serial, iso) => {
    expect(excelSerialToDate(serial, true)).toEqual(utc(iso));
  });

  it("rejects serials past 9999", () => {
    expect(excelSerialToDate(2957004, true)).toBeNull();
  });
});

describe("dateToExcelSerial", () => {
  it.each([
    ["1900-01-01T00:00:00", 1],
    ["1900-02-28T00:00:00", 59],
    ["1900-03-01T00:00:00", 61],
    ["2024-01-01T18:00:00", 45292.75],
  ])("%s is %d", (iso, serial) => {
    expect(dateToExcelSerial(utc(iso))).toBeCloseTo(serial, 9);
  });

  it.each(["1899-12-31T00:00:00", "1850-06-01T00:00:00"])("%s has no serial", (iso) => {
    expect(dateToExcelSerial(utc(iso))).toBeNull();
  });

  it("has no serial for an invalid date", () => {
    expect(dateToExcelSerial(new Date(Number.NaN))).toBeNull();
  });

  it("round-trips to the millisecond", () => {
    for (let i = 0; i < 2000; i++) {
      const time = Date.UTC(1900, 2, 1) + Math.floor(Math.random() * (Date.UTC(9999, 0, 1) - Date.UTC(1900, 2, 1)));
      const date = new Date(time);
      expect(excelSerialToDate(dateToExcelSerial(date)!, false)).toEqual(date);
    }
  });
});
