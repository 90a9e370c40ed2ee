import { describe, expect, it } from "vitest";
import { cleanEmail } from "../../../../src/import/clean/clean-email.js";
import type { CellValue } from "../../../../src/import/parse/parser.js";

describe("cleanEmail", () => {
  describe("valid", () => {
    it.each<[CellValue, string]>([
      ["john@example.com", "john@example.com"],
      ["  John.Smith@Example.COM  ", "john.smith@example.com"],
      ["MAILTO:Sales@Acme.de", "sales@acme.de"],
      ["mailto:info@example.org?subject=Hello", "info@example.org"],
      ["John Smith <John@Example.com>", "john@example.com"],
      ['"Smith, John" <john@example.com>', "john@example.com"],
      ["user+tag@gmail.com", "user+tag@gmail.com"],
      ["first_last-1@sub.domain.co.uk", "first_last-1@sub.domain.co.uk"],
      ["12345678@qq.com", "12345678@qq.com"],
      ["zhangsan@163.com", "zhangsan@163.com"],
      ["ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ", "zhang@example.com"],
      ["wang@qq。com", "wang@qq.com"],
      ["张三@例子.中国", "张三@例子.中国"],
      ["jürgen.müller@bücher.de", "jürgen.müller@bücher.de"],
      ["yamada@例え.jp", "yamada@例え.jp"],
      ["ivan@пример.рф", "ivan@пример.рф"],
      ["user@xn--fsqu00a.xn--fiqs8s", "user@例子.中国"],
      ["Ann@Bücher.DE", "ann@bücher.de"],
      ["ann@xn--bcher-kva.de", "ann@bücher.de"],
      ["o'brien@example.ie", "o'brien@example.ie"],
      ["mailto:ann%2Blee@example.com", "ann+lee@example.com"],
      ["<ann@example.com>", "ann@example.com"],
      ['"Ann Lee" <Ann@Example.com>', "ann@example.com"],
      ["john@example.com.", "john@example.com"],
      ["wang@qq.com。", "wang@qq.com"],
      ["First.Last+news@GMail.com", "first.last+news@gmail.com"],
      [`${"a".repeat(64)}@example.com`, `${"a".repeat(64)}@example.com`],
    ])("%j => %j", (value, expected) => {
      expect(cleanEmail(value)).toEqual({ ok: true, value: expected });
    });

    it.each<[CellValue]>([[null], [""], ["  "]])("%j is empty", (value) => {
      expect(cleanEmail(value)).toEqual({ ok: true, value: null });
    });
  });

  describe("invalid", () => {
    it.each<[CellValue, string]>([
      ["john.example.com", "no @"],
      ["john@", "bad domain"],
      ["@example.com", "before the @"],
      ["a@@example.com", "more than one @"],
      ["a@b@example.com", "more than one @"],
      ["john smith@example.com", "special characters"],
      ["john@example", "bad domain"],
      ["john@example.c", "bad domain"],
      ["john@exa mple.com", "bad domain"],
      ["john@-example.com", "bad domain"],
      ["john@example..com", "bad domain"],
      ["john@example.com..", "bad domain"],
      ['"john smith"@example.com', "special characters"],
      ["ann\ue000@example.com", "special characters"],
      ["ann@i♥ny.com", "bad domain"],
      ["ann@example.٣٤", "bad domain"],
      [`${"é".repeat(33)}@example.com`, "before the @"],
      ["john@192.168.0.1", "bad domain"],
      [".john@example.com", "misplaced dot"],
      ["john.@example.com", "misplaced dot"],
      ["jo..hn@example.com", "misplaced dot"],
      ["a@x.com; b@y.com", "more than one @"],
      ["a,b@x.com", "special characters"],
      [`${"a".repeat(65)}@example.com`, "before the @"],
      [`a@${"b".repeat(60)}.${"c".repeat(60)}.${"d".repeat(60)}.${"e".repeat(60)}.${"f".repeat(60)}.com`, "longer than 254"],
      [12345, "no @"],
    ])("%j: %s", (value, why) => {
      const result = cleanEmail(value);
      expect(result).toMatchObject({ ok: false, code: "INVALID_EMAIL" });
      expect(result.ok ? "" : result.message).toContain(why);
    });
  });
});
