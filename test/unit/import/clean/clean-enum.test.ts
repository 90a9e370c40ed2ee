import { describe, expect, it } from "vitest";
import { cleanEnum } from "../../../../src/import/clean/clean-enum.js";
import {
  DIRECTION_SYNONYMS,
  INTERACTION_TYPE_SYNONYMS,
  TRANSACTION_KIND_SYNONYMS,
  TRANSACTION_STATUS_SYNONYMS,
} from "../../../../src/import/clean/enum-synonyms.js";
import { DIRECTIONS, INTERACTION_TYPES, TRANSACTION_KINDS, TRANSACTION_STATUSES } from "../../../../src/import/fields/field-catalog.js";
import type { CellValue } from "../../../../src/import/parse/parser.js";

describe("cleanEnum", () => {
  it.each<[string, string]>([
    ["CALL", "CALL"],
    ["call", "CALL"],
    ["Phone", "CALL"],
    ["phone call", "CALL"],
    ["Phone-Call", "CALL"],
    ["电话", "CALL"],
    ["通话", "CALL"],
    ["電話", "CALL"],
    ["Anruf", "CALL"],
    ["email", "EMAIL"],
    ["E-Mail", "EMAIL"],
    ["e_mail", "EMAIL"],
    ["邮件", "EMAIL"],
    ["メール", "EMAIL"],
    ["meeting", "MEETING"],
    ["会议", "MEETING"],
    ["打ち合わせ", "MEETING"],
    ["Réunion", "MEETING"],
    ["note", "NOTE"],
    ["备注", "NOTE"],
    ["メモ", "NOTE"],
    ["chat", "CHAT"],
    ["WeChat", "CHAT"],
    ["微信", "CHAT"],
    ["IM", "CHAT"],
    ["WhatsApp", "CHAT"],
    ["sms", "SMS"],
    ["Text", "SMS"],
    ["text message", "SMS"],
    ["短信", "SMS"],
    ["visit", "VISIT"],
    ["上门", "VISIT"],
    ["到访", "VISIT"],
    ["拜访", "VISIT"],
    ["訪問", "VISIT"],
    ["other", "OTHER"],
    ["其他", "OTHER"],
    ["ＣＡＬＬ", "CALL"],
  ])("interaction type %j => %s", (value, expected) => {
    expect(cleanEnum(value, INTERACTION_TYPES, INTERACTION_TYPE_SYNONYMS)).toEqual({ ok: true, value: expected });
  });

  it.each<[string, string]>([
    ["in", "INBOUND"],
    ["Inbound", "INBOUND"],
    ["incoming", "INBOUND"],
    ["呼入", "INBOUND"],
    ["来电", "INBOUND"],
    ["着信", "INBOUND"],
    ["out", "OUTBOUND"],
    ["OUTBOUND", "OUTBOUND"],
    ["Outgoing", "OUTBOUND"],
    ["呼出", "OUTBOUND"],
    ["外呼", "OUTBOUND"],
    ["発信", "OUTBOUND"],
  ])("direction %j => %s", (value, expected) => {
    expect(cleanEnum(value, DIRECTIONS, DIRECTION_SYNONYMS)).toEqual({ ok: true, value: expected });
  });

  it.each<[string, string]>([
    ["purchase", "PURCHASE"],
    ["Sale", "PURCHASE"],
    ["order", "PURCHASE"],
    ["购买", "PURCHASE"],
    ["消费", "PURCHASE"],
    ["購入", "PURCHASE"],
    ["refund", "REFUND"],
    ["Return", "REFUND"],
    ["退款", "REFUND"],
    ["退货", "REFUND"],
    ["返金", "REFUND"],
    ["payment", "PAYMENT"],
    ["付款", "PAYMENT"],
    ["支付", "PAYMENT"],
    ["Zahlung", "PAYMENT"],
    ["other", "OTHER"],
  ])("transaction kind %j => %s", (value, expected) => {
    expect(cleanEnum(value, TRANSACTION_KINDS, TRANSACTION_KIND_SYNONYMS)).toEqual({ ok: true, value: expected });
  });

  it.each<[string, string]>([
    ["paid", "COMPLETED"],
    ["Complete", "COMPLETED"],
    ["completed", "COMPLETED"],
    ["SUCCESS", "COMPLETED"],
    ["成功", "COMPLETED"],
    ["已支付", "COMPLETED"],
    ["已完成", "COMPLETED"],
    ["支払済み", "COMPLETED"],
    ["bezahlt", "COMPLETED"],
    ["pending", "PENDING"],
    ["处理中", "PENDING"],
    ["待支付", "PENDING"],
    ["in progress", "PENDING"],
    ["In-Progress", "PENDING"],
    ["failed", "FAILED"],
    ["失败", "FAILED"],
    ["declined", "FAILED"],
    ["cancelled", "CANCELLED"],
    ["canceled", "CANCELLED"],
    ["void", "CANCELLED"],
    ["已取消", "CANCELLED"],
    ["キャンセル", "CANCELLED"],
  ])("transaction status %j => %s", (value, expected) => {
    expect(cleanEnum(value, TRANSACTION_STATUSES, TRANSACTION_STATUS_SYNONYMS)).toEqual({ ok: true, value: expected });
  });

  it("matches the allowed values without synonyms", () => {
    expect(cleanEnum(" refund ", TRANSACTION_KINDS)).toEqual({ ok: true, value: "REFUND" });
  });

  it("ignores synonyms that point outside the allowed values", () => {
    expect(cleanEnum("phone", ["EMAIL"], INTERACTION_TYPE_SYNONYMS)).toMatchObject({ ok: false, code: "INVALID_ENUM" });
  });

  it.each<[CellValue]>([[null], [""], ["  "]])("%j is empty", (value) => {
    expect(cleanEnum(value, INTERACTION_TYPES, INTERACTION_TYPE_SYNONYMS)).toEqual({ ok: true, value: null });
  });

  it.each<[CellValue]>([["fax"], ["carrier pigeon"], ["电报"], [42], [true]])("%j is INVALID_ENUM and lists the allowed values", (value) => {
    const result = cleanEnum(value, INTERACTION_TYPES, INTERACTION_TYPE_SYNONYMS);
    expect(result).toMatchObject({ ok: false, code: "INVALID_ENUM" });
    expect(result.ok ? "" : result.message).toBe("not one of CALL, EMAIL, MEETING, NOTE, CHAT, SMS, VISIT, OTHER");
  });
});
