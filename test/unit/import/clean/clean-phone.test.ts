import { describe, expect, it } from "vitest";
import { cleanPhone } from "../../../../src/import/clean/clean-phone.js";
import type { CellValue } from "../../../../src/import/parse/parser.js";

describe("cleanPhone", () => {
  describe("valid", () => {
    it.each<[CellValue, string | undefined, string]>([
      ["+86 138 0013 8000", undefined, "+8613800138000"],
      ["+86-138-0013-8000", "US", "+8613800138000"],
      ["13800138000", "CN", "+8613800138000"],
      [13800138000, "CN", "+8613800138000"],
      ["8613800138000", "CN", "+8613800138000"],
      ["010-8888 8888", "CN", "+861088888888"],
      ["021-12345678", "cn", "+862112345678"],
      ["１３８００１３８０００", "CN", "+8613800138000"],
      ["手机：13800138000", "CN", "+8613800138000"],
      ["+86 10 8888 8888 转 123", undefined, "+861088888888;ext=123"],
      ["(555) 123-4567", "US", "+15551234567"],
      ["(212) 555-0100", "US", "+12125550100"],
      ["212-555-0100 x42", "US", "+12125550100;ext=42"],
      ["+1 212 555 0100 ext. 42", undefined, "+12125550100;ext=42"],
      ["+1 (201) 555-0123 #55", undefined, "+12015550123;ext=55"],
      ["tel:+1-201-555-0123", undefined, "+12015550123"],
      ["Tel: +49 30 1234567", undefined, "+49301234567"],
      ["(416) 555-0199", "CA", "+14165550199"],
      ["0049 30 123456", undefined, "+4930123456"],
      ["0049 30 123456", "DE", "+4930123456"],
      ["00 44 20 7946 0958", "US", "+442079460958"],
      ["011 44 20 7946 0958", "US", "+442079460958"],
      ["030 123456", "DE", "+4930123456"],
      ["'+44 20 7946 0958", undefined, "+442079460958"],
      [30123456, "DE", "+4930123456"],
      ["+49 (0)30 1234567", undefined, "+49301234567"],
      ["020 7946 0958", "GB", "+442079460958"],
      ["+44 (0)20 7946 0958", undefined, "+442079460958"],
      ["01 23 45 67 89", "FR", "+33123456789"],
      ["06 12 34 56 78", "FR", "+33612345678"],
      ["03-1234-5678", "JP", "+81312345678"],
      ["090-1234-5678", "JP", "+819012345678"],
      ["+81 90 1234 5678", undefined, "+819012345678"],
      ["+7 495 123-45-67", undefined, "+74951234567"],
    ])("%j (default %s) => %s", (value, country, expected) => {
      expect(cleanPhone(value, country)).toEqual({ ok: true, value: expected });
    });

    // spellings seen in customer files that were once rejected; the first from a Chinese CRM
    it.each<[CellValue, string | undefined, string]>([
      ["(+86) 152 3854 9109", undefined, "+8615238549109"],
      ["(+86) 152 3854 9109", "CN", "+8615238549109"],
      ["(+86) 152 3854 9109", "US", "+8615238549109"],
      ["(+86)15238549109", undefined, "+8615238549109"],
      ["(+86) 152-3854-9109", undefined, "+8615238549109"],
      ["(+852) 9123 4567", undefined, "+85291234567"],
      ["(+886) 912 345 678", undefined, "+886912345678"],
      ["(0086) 152 3854 9109", "US", "+8615238549109"],
      ["Tel. +86 152 3854 9109", undefined, "+8615238549109"],
      ["Mobile: (+44) 7400 123456", undefined, "+447400123456"],
      ["＋86 152 3854 9109", undefined, "+8615238549109"],
      ["＋４４\u3000２０\u3000７９４６\u3000０９５８", "US", "+442079460958"],
      ["+86 152 3854 9109 分機 12", undefined, "+8615238549109;ext=12"],
      ["+39 321 260 3181 ext. ٣٤", "IT", "+393212603181;ext=34"],
      ["+1 212 555 0100 Ｅｘｔ．９", undefined, "+12125550100;ext=9"],
      ["call 212 555 0100, not after six", "US", "+12125550100"],
      ["07797 123456", "JE", "+447797123456"],
    ])("%j (default %s) => %s", (value, country, expected) => {
      expect(cleanPhone(value, country)).toEqual({ ok: true, value: expected });
    });

    it.each<[CellValue]>([[null], [""], ["   "]])("%j is empty", (value) => {
      expect(cleanPhone(value, "CN")).toEqual({ ok: true, value: null });
    });

    it("accepts a possible number outside the known ranges", () => {
      expect(cleanPhone("+1 555 123 4567")).toEqual({ ok: true, value: "+15551234567" });
    });
  });

  describe("invalid", () => {
    it.each<[CellValue, string | undefined]>([
      ["abc", "CN"],
      ["12345", "US"],
      ["+999 123", undefined],
      ["+86 138", undefined],
      ["138 0013 8000 / 139 0013 9000", "CN"],
      ["13800138000", undefined],
      ["call me maybe", "US"],
      ["+1 212 555 0100 0100 0100", undefined],
      // Jersey and Bonaire share +44 and +599 with a main country whose lengths differ
      ["779814254", "JE"],
      ["03181230", "BQ"],
    ])("%j (default %s) is INVALID_PHONE", (value, country) => {
      expect(cleanPhone(value, country)).toMatchObject({ ok: false, code: "INVALID_PHONE" });
    });

    it("says when no country could be known", () => {
      const result = cleanPhone("13800138000");
      expect(result.ok ? "" : result.message).toContain("no default country");
    });

    it("ignores an unsupported default country rather than throwing", () => {
      expect(cleanPhone("+86 138 0013 8000", "XX")).toEqual({ ok: true, value: "+8613800138000" });
    });
  });
});
