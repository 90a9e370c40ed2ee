import { describe, expect, it } from "vitest";
import { toSimplified } from "../../../../src/import/map/to-simplified.js";

describe("toSimplified", () => {
  it.each([
    ["電話", "电话"],
    ["電子郵件", "电子邮件"],
    ["公司名稱", "公司名称"],
    ["客戶編號", "客户编号"],
    ["手機號碼", "手机号码"],
    ["國家/地區", "国家/地区"],
    ["建立日期", "建立日期"],
    ["聯絡電話", "联络电话"],
    ["備註", "备注"],
    ["臺灣", "台湾"],
    // Simplified, Japanese and Latin text outside the table is left as it is
    ["电话", "电话"],
    ["メールアドレス", "メールアドレス"],
    ["Société", "Société"],
    ["", ""],
  ])("%s -> %s", (text, expected) => {
    expect(toSimplified(text)).toBe(expected);
  });

  it("is idempotent: no Simplified form is itself mapped again", () => {
    const traditional =
      "電話郵號碼戶編機國聯絡職務標籤註備單業會員時間創冊區縣鄉門類態狀額幣貨訂購買價說內記錄簡證帳銷負責繫係級別齡歲傳網頁點與經頭銜詳細訊發談應為來產總實際計數據項設連結題愛顧動資遞線報個稅統營運達鎮莊灣臺漢廣貿興";
    const once = toSimplified(traditional);
    expect(toSimplified(once)).toBe(once);
    expect([...once].filter((char, i) => char === [...traditional][i])).toEqual([]);
  });
});
