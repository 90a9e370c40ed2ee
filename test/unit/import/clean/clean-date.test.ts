import { describe, expect, it } from "vitest";
import { type DateCleanOptions, cleanDate } from "../../../../src/import/clean/clean-date.js";
import type { CellValue } from "../../../../src/import/parse/parser.js";

const iso = (value: CellValue, options?: DateCleanOptions): string | null => {
  const result = cleanDate(value, options);
  if (!result.ok) throw new Error(`${JSON.stringify(value)}: ${result.code} ${result.message}`);
  return result.value === null ? null : result.value.toISOString();
};

describe("cleanDate", () => {
  describe("text in common layouts (UTC)", () => {
    it.each<[string, string]>([
      ["2024-03-05", "2024-03-05T00:00:00.000Z"],
      ["2024-03-05T14:30", "2024-03-05T14:30:00.000Z"],
      ["2024-03-05T14:30:15", "2024-03-05T14:30:15.000Z"],
      ["2024-03-05T14:30:15.123456Z", "2024-03-05T14:30:15.123Z"],
      ["2024-03-05T14:30:00+08:00", "2024-03-05T06:30:00.000Z"],
      // local mean time, as a zone database prints Juneau before 1867
      ["1867-10-07T23:59:59+15:02", "1867-10-07T08:57:59.000Z"],
      ["2024-03-05T14:30:00-0500", "2024-03-05T19:30:00.000Z"],
      ["2024-03-05 14:30:00 +08", "2024-03-05T06:30:00.000Z"],
      ["2024-03-05t14:30:00z", "2024-03-05T14:30:00.000Z"],
      ["2024-3-5", "2024-03-05T00:00:00.000Z"],
      ["2024/03/05", "2024-03-05T00:00:00.000Z"],
      ["2024/3/5 9:05", "2024-03-05T09:05:00.000Z"],
      ["2024.03.05", "2024-03-05T00:00:00.000Z"],
      ["2024. 3. 5.", "2024-03-05T00:00:00.000Z"],
      ["05.03.2024", "2024-03-05T00:00:00.000Z"],
      ["5.3.2024", "2024-03-05T00:00:00.000Z"],
      ["05.03.2024 14:30", "2024-03-05T14:30:00.000Z"],
      ["05.03.24", "2024-03-05T00:00:00.000Z"],
      ["03/05/2024", "2024-03-05T00:00:00.000Z"],
      ["3/5/24", "2024-03-05T00:00:00.000Z"],
      ["25/03/2024", "2024-03-25T00:00:00.000Z"],
      ["03/25/2024", "2024-03-25T00:00:00.000Z"],
      ["03-05-2024", "2024-03-05T00:00:00.000Z"],
      ["2024年3月5日", "2024-03-05T00:00:00.000Z"],
      ["2024年03月05日", "2024-03-05T00:00:00.000Z"],
      ["2024年3月5日 14:30", "2024-03-05T14:30:00.000Z"],
      ["2024年3月5日14时30分", "2024-03-05T14:30:00.000Z"],
      ["2024年3月5日 下午2点30分", "2024-03-05T14:30:00.000Z"],
      ["2024年3月5日 上午9点", "2024-03-05T09:00:00.000Z"],
      ["2024年3月5日 14時30分15秒", "2024-03-05T14:30:15.000Z"],
      ["2024年3月5日(火)", "2024-03-05T00:00:00.000Z"],
      ["2024年3月5日 星期二", "2024-03-05T00:00:00.000Z"],
      ["２０２４年３月５日", "2024-03-05T00:00:00.000Z"],
      ["2024년 3월 5일", "2024-03-05T00:00:00.000Z"],
      ["5 Mar 2024", "2024-03-05T00:00:00.000Z"],
      ["5 March 2024", "2024-03-05T00:00:00.000Z"],
      ["March 5, 2024", "2024-03-05T00:00:00.000Z"],
      ["March 5th, 2024", "2024-03-05T00:00:00.000Z"],
      ["Mar 5 2024 2:30 PM", "2024-03-05T14:30:00.000Z"],
      ["05-Mar-2024", "2024-03-05T00:00:00.000Z"],
      ["05-MAR-24", "2024-03-05T00:00:00.000Z"],
      ["2024-Mar-05", "2024-03-05T00:00:00.000Z"],
      ["Tue, 05 Mar 2024 14:30:00 GMT", "2024-03-05T14:30:00.000Z"],
      ["Tue, 05 Mar 2024 14:30:00 +0100", "2024-03-05T13:30:00.000Z"],
      ["Tue Mar 05 2024 14:30:00 GMT+0800 (China Standard Time)", "2024-03-05T06:30:00.000Z"],
      ["Sept 5, 2024", "2024-09-05T00:00:00.000Z"],
      ["5. März 2024", "2024-03-05T00:00:00.000Z"],
      ["Dienstag, 5. März 2024", "2024-03-05T00:00:00.000Z"],
      ["5 mars 2024", "2024-03-05T00:00:00.000Z"],
      ["1er mars 2024", "2024-03-01T00:00:00.000Z"],
      ["5 déc. 2024", "2024-12-05T00:00:00.000Z"],
      ["5 de marzo de 2024", "2024-03-05T00:00:00.000Z"],
      ["2024-03-05 2:30 PM", "2024-03-05T14:30:00.000Z"],
      ["2024-03-05 2:30pm", "2024-03-05T14:30:00.000Z"],
      ["2024-03-05 12:15 AM", "2024-03-05T00:15:00.000Z"],
      ["2024-03-05 12:15 PM", "2024-03-05T12:15:00.000Z"],
      ["2024-03-05 2 p.m.", "2024-03-05T14:00:00.000Z"],
      ["03/05/2024 14:30:00 UTC", "2024-03-05T14:30:00.000Z"],
      ["2024/03/05 14:30 GMT+8", "2024-03-05T06:30:00.000Z"],
      ["20240305", "2024-03-05T00:00:00.000Z"],
      ["202403051430", "2024-03-05T14:30:00.000Z"],
      ["20240305143015", "2024-03-05T14:30:15.000Z"],
      // as Intl prints them: Danish clocks with dots, Russian and Polish months, weekdays
      ["1.1.2011, 00.00", "2011-01-01T00:00:00.000Z"],
      ["5. mar. 2024 kl. 14.30.15", "2024-03-05T14:30:15.000Z"],
      ["5 марта 2024 г.", "2024-03-05T00:00:00.000Z"],
      ["вторник, 5 марта 2024 г.", "2024-03-05T00:00:00.000Z"],
      ["5 мар. 2024 г., 14:30", "2024-03-05T14:30:00.000Z"],
      ["wtorek, 5 marca 2024", "2024-03-05T00:00:00.000Z"],
      ["terça-feira, 5 de março de 2024", "2024-03-05T00:00:00.000Z"],
      ["martedì 5 marzo 2024", "2024-03-05T00:00:00.000Z"],
      ["dinsdag 5 maart 2024", "2024-03-05T00:00:00.000Z"],
      ["tisdag 5 mars 2024", "2024-03-05T00:00:00.000Z"],
      ["2024년 3월 5일 화요일", "2024-03-05T00:00:00.000Z"],
      // Japanese eras (Reiwa 1 = 2019, Heisei 1 = 1989, Showa 1 = 1926); 元年 is year 1
      ["令和6年3月5日", "2024-03-05T00:00:00.000Z"],
      ["令和元年5月1日", "2019-05-01T00:00:00.000Z"],
      ["令和６年３月５日（火）", "2024-03-05T00:00:00.000Z"],
      ["令和6年3月5日 14時30分", "2024-03-05T14:30:00.000Z"],
      ["平成31年4月30日", "2019-04-30T00:00:00.000Z"],
      ["平成元年1月8日", "1989-01-08T00:00:00.000Z"],
      ["昭和64年1月7日", "1989-01-07T00:00:00.000Z"],
      ["大正15年12月24日", "1926-12-24T00:00:00.000Z"],
      ["R6/3/5", "2024-03-05T00:00:00.000Z"],
      ["H31.04.30", "2019-04-30T00:00:00.000Z"],
      ["令和6/3/5", "2024-03-05T00:00:00.000Z"],
      // Minguo (ROC) years: 民國1年 = 1912
      ["民國113年3月5日", "2024-03-05T00:00:00.000Z"],
      ["中華民國113年3月5日", "2024-03-05T00:00:00.000Z"],
      ["民國113/03/05", "2024-03-05T00:00:00.000Z"],
      ["民國113/3/5 14:30", "2024-03-05T14:30:00.000Z"],
      ["民國前1年12月31日", "1911-12-31T00:00:00.000Z"],
    ])("%j => %s", (value, expected) => {
      expect(iso(value)).toBe(expected);
    });
  });

  describe("day-month order", () => {
    it.each<[string, DateCleanOptions["order"], string]>([
      ["03/05/2024", "DMY", "2024-05-03T00:00:00.000Z"],
      ["03/05/2024", "MDY", "2024-03-05T00:00:00.000Z"],
      ["03/05/2024", undefined, "2024-03-05T00:00:00.000Z"],
      ["05.03.2024", "MDY", "2024-05-03T00:00:00.000Z"],
      ["24/03/05", "YMD", "2024-03-05T00:00:00.000Z"],
      // a three-digit year first is a Minguo year, read only in a year-first column
      ["113/03/05", "YMD", "2024-03-05T00:00:00.000Z"],
      ["113-3-5", "YMD", "2024-03-05T00:00:00.000Z"],
      ["2024-03-05", "DMY", "2024-03-05T00:00:00.000Z"],
    ])("%j with %s => %s", (value, order, expected) => {
      expect(iso(value, { order })).toBe(expected);
    });

    it.each<[string, DateCleanOptions["order"]]>([
      ["113/03/05", undefined],
      ["113/03/05", "DMY"],
      ["201/03/05", "YMD"],
    ])("%j with %s is not guessed to be a Minguo date", (value, order) => {
      expect(cleanDate(value, { order })).toMatchObject({ ok: false, code: "INVALID_DATE" });
    });

    it("honours the column's order over a value that contradicts it", () => {
      expect(cleanDate("25/03/2024", { order: "MDY" })).toMatchObject({ ok: false, code: "INVALID_DATE" });
    });
  });

  describe("explicit formats", () => {
    it.each<[string, string, string]>([
      ["05.03.2024", "DD.MM.YYYY", "2024-03-05T00:00:00.000Z"],
      ["5.3.2024", "DD.MM.YYYY", "2024-03-05T00:00:00.000Z"],
      ["05.03.2024 14:30", "DD.MM.YYYY", "2024-03-05T14:30:00.000Z"],
      ["03/05/2024", "DD/MM/YYYY", "2024-05-03T00:00:00.000Z"],
      ["03/05/2024", "MM/DD/YYYY", "2024-03-05T00:00:00.000Z"],
      ["03/05/24", "MM/DD/YY", "2024-03-05T00:00:00.000Z"],
      ["03/05/95", "MM/DD/YY", "1995-03-05T00:00:00.000Z"],
      ["2024年03月05日", "YYYY年MM月DD日", "2024-03-05T00:00:00.000Z"],
      ["2024年3月5日 14:30", "YYYY年M月D日 HH:mm", "2024-03-05T14:30:00.000Z"],
      ["20240305", "YYYYMMDD", "2024-03-05T00:00:00.000Z"],
      ["20240305143000", "YYYYMMDDHHmmss", "2024-03-05T14:30:00.000Z"],
      ["2024-03-05T14:30:00.250+0800", "YYYY-MM-DDTHH:mm:ss.SSSZ", "2024-03-05T06:30:00.250Z"],
      ["Mar 5, 2024 2:30 PM", "MMM D, YYYY h:mm A", "2024-03-05T14:30:00.000Z"],
      ["5. März 2024", "D. MMMM YYYY", "2024-03-05T00:00:00.000Z"],
      ["05/03/2024 2:30 pm", "dd/MM/yyyy h:mm a", "2024-03-05T14:30:00.000Z"],
      ["2024-03-05 at 14:30", "YYYY-MM-DD [at] HH:mm", "2024-03-05T14:30:00.000Z"],
      ["令和6年3月5日", "YYYY年M月D日", "2024-03-05T00:00:00.000Z"],
      ["民國113/03/05", "YYYY/MM/DD", "2024-03-05T00:00:00.000Z"],
      ["R6.03.05", "YYYY.MM.DD", "2024-03-05T00:00:00.000Z"],
    ])("%j with %j => %s", (value, format, expected) => {
      expect(iso(value, { format })).toBe(expected);
    });

    it.each<[string, string]>([
      ["2024-03-05", "DD.MM.YYYY"],
      ["05.03.2024 junk", "DD.MM.YYYY"],
      ["13/13/2024", "DD/MM/YYYY"],
      ["Foo 5, 2024", "MMM D, YYYY"],
    ])("%j does not fit %j", (value, format) => {
      expect(cleanDate(value, { format })).toMatchObject({ ok: false, code: "INVALID_DATE" });
    });

    it("reports a format that cannot name a date", () => {
      const result = cleanDate("2024", { format: "YYYY" });
      expect(result).toMatchObject({ ok: false, code: "INVALID_DATE" });
      expect(result.ok ? "" : result.message).toContain("needs a year, a month and a day");
    });
  });

  describe("time zones", () => {
    it.each<[CellValue, string, string]>([
      ["2024-03-05 14:30", "Asia/Shanghai", "2024-03-05T06:30:00.000Z"],
      ["2024-03-05", "Asia/Shanghai", "2024-03-04T16:00:00.000Z"],
      ["2024-07-01 12:00", "America/New_York", "2024-07-01T16:00:00.000Z"],
      ["2024-01-15 12:00", "America/New_York", "2024-01-15T17:00:00.000Z"],
      ["2024-03-05 14:30", "Asia/Kolkata", "2024-03-05T09:00:00.000Z"],
      ["2024-03-05 14:30", "UTC", "2024-03-05T14:30:00.000Z"],
      ["2024-03-05 14:30", "Etc/GMT-8", "2024-03-05T06:30:00.000Z"],
      // an explicit offset wins over the zone
      ["2024-03-05T14:30:00Z", "Asia/Shanghai", "2024-03-05T14:30:00.000Z"],
      // Berlin springs forward at 02:00 on 31 March: 02:30 does not exist and reads as 03:30 CEST
      ["2024-03-31 02:30", "Europe/Berlin", "2024-03-31T01:30:00.000Z"],
      ["2024-03-31 01:30", "Europe/Berlin", "2024-03-31T00:30:00.000Z"],
      ["2024-03-31 03:30", "Europe/Berlin", "2024-03-31T01:30:00.000Z"],
      // and falls back at 03:00 on 27 October: 02:30 happens twice, the first one is taken
      ["2024-10-27 02:30", "Europe/Berlin", "2024-10-27T00:30:00.000Z"],
      ["2024-10-27 03:30", "Europe/Berlin", "2024-10-27T02:30:00.000Z"],
      ["2024-10-27 01:30", "Europe/Berlin", "2024-10-26T23:30:00.000Z"],
      ["2024-11-03 01:30", "America/New_York", "2024-11-03T05:30:00.000Z"],
      [45356.5, "Asia/Tokyo", "2024-03-05T03:00:00.000Z"],
      [new Date(Date.UTC(2024, 2, 5, 14, 30)), "Europe/Paris", "2024-03-05T13:30:00.000Z"],
    ])("%j in %s => %s", (value, timeZone, expected) => {
      expect(iso(value, { timeZone })).toBe(expected);
    });

    it("reports an unknown zone as a coded problem", () => {
      const result = cleanDate("2024-03-05", { timeZone: "Mars/Olympus_Mons" });
      expect(result).toMatchObject({ ok: false, code: "INVALID_DATE" });
      expect(result.ok ? "" : result.message).toContain("unknown time zone");
    });

    it("reads the same day repeatedly with its cached offset", () => {
      for (let minute = 0; minute < 60; minute += 7) {
        const time = `2024-03-05 14:${String(minute).padStart(2, "0")}`;
        expect(iso(time, { timeZone: "Asia/Shanghai" })).toBe(`2024-03-05T06:${String(minute).padStart(2, "0")}:00.000Z`);
      }
    });
  });

  describe("numbers, spreadsheet dates and Unix times", () => {
    it.each<[CellValue, string]>([
      [45356, "2024-03-05T00:00:00.000Z"],
      [45356.604166666664, "2024-03-05T14:30:00.000Z"],
      ["45356", "2024-03-05T00:00:00.000Z"],
      ["45356.5", "2024-03-05T12:00:00.000Z"],
      [1, "1900-01-01T00:00:00.000Z"],
      [59, "1900-02-28T00:00:00.000Z"],
      [61, "1900-03-01T00:00:00.000Z"],
      [2958465, "9999-12-31T00:00:00.000Z"],
      [1709649000, "2024-03-05T14:30:00.000Z"],
      ["1709649000", "2024-03-05T14:30:00.000Z"],
      [1709649000123, "2024-03-05T14:30:00.123Z"],
      ["1709649000123", "2024-03-05T14:30:00.123Z"],
      [new Date(Date.UTC(2024, 2, 5, 14, 30)), "2024-03-05T14:30:00.000Z"],
      [["2024-03-05"], "2024-03-05T00:00:00.000Z"],
    ])("%j => %s", (value, expected) => {
      expect(iso(value)).toBe(expected);
    });
  });

  describe("empty", () => {
    it.each<[CellValue]>([[null], [""], ["  "], ["0000-00-00"], ["0000-00-00 00:00:00"], [[]]])("%j is empty", (value) => {
      expect(cleanDate(value)).toEqual({ ok: true, value: null });
    });
  });

  describe("invalid", () => {
    it.each<[CellValue, string]>([
      ["2024-02-30", "day does not exist"],
      ["2023-02-29", "day does not exist"],
      ["2024-13-01", "month does not exist"],
      ["2024-00-10", "month does not exist"],
      ["31/04/2024", "day does not exist"],
      ["2024-03-05 25:00", "time of day"],
      ["2024-03-05 14:60", "time of day"],
      ["2024-03-05 13:00 AM", "time of day"],
      ["2024-03-05T14:30:00+19:00", "offset"],
      ["0999-12-31", "out of range"],
      ["14:30", "not a date"],
      ["2:30 PM", "not a date"],
      ["yesterday", "not a date"],
      ["March 2024", "not a date"],
      ["5 Foo 2024", "not a date"],
      ["2024-03-05 14:30 (PST)", "not a date"],
      ["2024年3月", "not a date"],
      ["2024", "digits"],
      ["1234567", "digits"],
      ["20241305", "month does not exist"],
      [60, "1900-02-29"],
      [0.5, "time alone"],
      [-5, "neither"],
      [1e15, "neither"],
      [true, "true or false"],
      [new Date(Number.NaN), "not a valid date"],
      [["2024-03-05", "2024-03-06"], "several values"],
    ])("%j: %s", (value, why) => {
      const result = cleanDate(value);
      expect(result).toMatchObject({ ok: false, code: "INVALID_DATE" });
      expect(result.ok ? "" : result.message).toContain(why);
    });
  });
});
