import { describe, expect, it } from "vitest";
import { pickCjkEncoding } from "../../../../../src/import/parse/encoding/pick-cjk-encoding.js";

/** Bytes of `text` in a legacy encoding, from TextDecoder's own table (no encoder ships with Node). */
const encode = (label: string, text: string): Uint8Array => {
  const decoder = new TextDecoder(label, { fatal: true });
  const table = new Map<string, number[]>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      try {
        const char = decoder.decode(Uint8Array.of(lead, trail));
        if (!table.has(char)) table.set(char, [lead, trail]);
      } catch {
        // not a character here
      }
    }
  }
  return Uint8Array.from([...text].flatMap((char) => (char.charCodeAt(0) < 0x80 ? [char.charCodeAt(0)] : table.get(char)!)));
};

describe("pickCjkEncoding", () => {
  it.each([
    ["Traditional Chinese in Big5", "big5", "客戶名稱,聯絡人\n大同公司,王經理\n", "Big5", true],
    ["Simplified Chinese in GB18030", "gb18030", "客户名称,联系人\n华为技术,王经理\n", "GB18030", true],
    ["Japanese in Shift_JIS", "shift_jis", "会社名,担当者\n株式会社テスト,山本\n", "Shift_JIS", true],
    ["Korean in EUC-KR (reads as hanzi in GB18030 too)", "euc-kr", "회사명,담당자\n현대자동차,이영희\n", "EUC-KR", true],
    ["a close call between GB18030 and EUC-KR", "gb18030", "名称,备注\n李娜,老客户\n", "GB18030", false],
  ])("%s", (_case, label, text, expected, clear) => {
    expect(pickCjkEncoding(encode(label, text))).toMatchObject({ encoding: { name: expected }, clear });
  });

  it.each([
    ["plain ASCII", Buffer.from("id,name\n1,John\n")],
    ["one CJK character", encode("big5", "id,name\n1,陳\n")],
    ["Latin-1 accents", Buffer.from("nom,prénom\nLefèvre,Hélène\n", "latin1")],
    ["upper-case Latin-1 (Ä and Å lead bytes sit in Big5's frequent block)", Buffer.from("NAME;ORT\nÄRGER GMBH;KÖLN\nÅSA ÖBERG;MÜNCHEN\n", "latin1")],
    ["bytes no CJK encoding decodes", Uint8Array.of(0x41, 0xff, 0x2c, 0x80, 0x0a)],
  ])("picks nothing for %s", (_case, sample) => {
    expect(pickCjkEncoding(sample)).toBeNull();
  });
});
