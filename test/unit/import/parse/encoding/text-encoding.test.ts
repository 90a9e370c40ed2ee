import { describe, expect, it } from "vitest";
import { FileFormatError } from "../../../../../src/errors/file-format.error.js";
import { encodingFromLabelOrThrow } from "../../../../../src/import/parse/encoding/text-encoding.js";

describe("encodingFromLabelOrThrow", () => {
  it.each([
    ["utf8", "UTF-8"],
    ["UTF-8", "UTF-8"],
    ["utf-8-sig", "UTF-8"],
    ["gbk", "GB18030"],
    ["GB2312", "GB18030"],
    ["cp936", "GB18030"],
    ["gb18030", "GB18030"],
    ["big5", "Big5"],
    ["cp950", "Big5"],
    ["sjis", "Shift_JIS"],
    ["Shift_JIS", "Shift_JIS"],
    ["cp932", "Shift_JIS"],
    ["euc-kr", "EUC-KR"],
    ["latin1", "windows-1252"],
    ["ISO-8859-1", "windows-1252"],
    ["cp1252", "windows-1252"],
    ["windows-1251", "windows-1251"],
    ["iso-8859-2", "ISO-8859-2"],
    ["utf-16", "UTF-16LE"],
    ["UTF-16LE", "UTF-16LE"],
    ["utf16be", "UTF-16BE"],
    [" ucs-2 ", "UTF-16LE"],
  ])("%j is %s", (label, name) => {
    expect(encodingFromLabelOrThrow(label).name).toBe(name);
  });

  it.each(["klingon", "", "utf-32", "iso-2022-kr", "hz-gb-2312"])("%j is UNKNOWN_ENCODING", (label) => {
    expect(() => encodingFromLabelOrThrow(label)).toThrow(FileFormatError);
    expect(() => encodingFromLabelOrThrow(label)).toThrow(expect.objectContaining({ code: "UNKNOWN_ENCODING" }));
  });

  it("describes how line breaks look in the bytes", () => {
    expect(encodingFromLabelOrThrow("utf-16be")).toMatchObject({ form: "utf16be", multiByte: false });
    expect(encodingFromLabelOrThrow("big5")).toMatchObject({ form: "ascii", multiByte: true, decoderName: "big5" });
    expect(encodingFromLabelOrThrow("latin1")).toMatchObject({ form: "ascii", multiByte: false });
  });
});
