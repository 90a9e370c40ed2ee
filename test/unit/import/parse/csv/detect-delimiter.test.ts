import { describe, expect, it } from "vitest";
import { detectDelimiter } from "../../../../../src/import/parse/csv/detect-delimiter.js";

describe("detectDelimiter", () => {
  it.each([
    ["commas", "a,b,c\n1,2,3\n", ","],
    ["semicolons with decimal commas", "id;amount\n1;1,50\n2;2,75\n", ";"],
    ["tabs with commas in text", "id\tname\n1\tSmith, John\n", "\t"],
    ["pipes", "a|b\n1|2\n", "|"],
    ["delimiters inside quotes do not count", 'name;note\n"a,b,c";"x,y"\n"d,e";z\n', ";"],
    ["quoted line breaks do not count", 'a,b\n"1;\n2;3",4\n', ","],
    ["one column", "email\na@x.io\n", ","],
    ["empty", "", ","],
    ["the most consistent wins", "a,b;c;d\n1,2;3;4\n5;6;7,8,9\n", ";"],
  ])("%s", (_case, text, delimiter) => {
    expect(detectDelimiter(text, true, 0)).toBe(delimiter);
  });

  it("starts at the header row", () => {
    expect(detectDelimiter("Export, 2024\nby: me, you\nid;name\n1;x\n", true, 2)).toBe(";");
  });

  it("ignores an incomplete last record of a sample", () => {
    expect(detectDelimiter('a;b\n1;2\n"x,y,z,', false, 0)).toBe(";");
  });
});
