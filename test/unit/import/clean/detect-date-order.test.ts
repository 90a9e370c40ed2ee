import { describe, expect, it } from "vitest";
import { detectDateOrder, findDateOrderAmbiguity } from "../../../../src/import/clean/detect-date-order.js";

describe("detectDateOrder", () => {
  it.each<[string[], ReturnType<typeof detectDateOrder>]>([
    [["05/03/2024", "25/03/2024", "01/04/2024"], "DMY"],
    [["05.03.2024", "31.12.2023"], "DMY"],
    [["03/05/2024", "03/25/2024"], "MDY"],
    [["3/25/24 2:30 PM", "4/1/24 9:00 AM"], "MDY"],
    [["2024-03-05", "2024/12/31"], "YMD"],
    [["99/12/31", "98/01/15"], "YMD"],
    [["２５/０３/２０２４"], "DMY"],
    [["", "n/a", "25/03/2024"], "DMY"],
  ])("%j => %s", (samples, expected) => {
    expect(detectDateOrder(samples)).toBe(expected);
  });

  it.each<[string[]]>([
    [[]],
    [["03/05/2024", "04/06/2024"]],
    [["25/03/2024", "03/25/2024"]],
    [["5 Mar 2024", "March 5, 2024"]],
    [["2024-03-05", "03/04/2024"]],
  ])("%j decides nothing", (samples) => {
    expect(detectDateOrder(samples)).toBeNull();
  });
});

describe("findDateOrderAmbiguity", () => {
  it.each<[string[], ReturnType<typeof findDateOrderAmbiguity>]>([
    [["03/05/2024", "04/06/2024"], { example: "03/05/2024", reading: "MDY", conflicting: false }],
    [["", " 03-05-2024 "], { example: "03-05-2024", reading: "MDY", conflicting: false }],
    [["03.05.2024", "04.06.2024"], { example: "03.05.2024", reading: "DMY", conflicting: false }],
    [["03.05.2024", "04/06/2024"], { example: "03.05.2024", reading: "mixed", conflicting: false }],
    [["2024-03-05", "03/04/2024"], { example: "03/04/2024", reading: "MDY", conflicting: false }],
    [["25/03/2024", "03/25/2024", "03/05/2024"], { example: "03/05/2024", reading: "MDY", conflicting: true }],
  ])("%j => %j", (samples, expected) => {
    expect(findDateOrderAmbiguity(samples)).toEqual(expected);
  });

  it.each<[string[]]>([
    [[]],
    [["05/03/2024", "25/03/2024"]],
    [["03/05/2024", "03/25/2024"]],
    [["2024-03-05", "2024/12/31"]],
    [["5 Mar 2024", "March 5, 2024"]],
    [["25/03/2024", "03/25/2024"]],
  ])("%j is not ambiguous", (samples) => {
    expect(findDateOrderAmbiguity(samples)).toBeNull();
  });
});
