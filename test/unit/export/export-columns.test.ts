import { describe, expect, it } from "vitest";
import {
  customerHeaders,
  customerValues,
  INTERACTION_COLUMNS,
  interactionValues,
  isoTime,
  TRANSACTION_COLUMNS,
  transactionValues,
} from "../../../src/export/export-columns.js";
import { joinList } from "../../../src/export/csv.export.js";
import { defaultMapping } from "../../../src/import/map/default-mapping.js";
import type { ImportEntityName } from "../../../src/import/fields/field-catalog.js";
import type { CellValue } from "../../../src/import/parse/parser.js";
import { sqlTimeToDate } from "../../../src/common/sql-time.js";

const CUSTOMER = {
  id: "1",
  external_id: "C001",
  first_name: "小明",
  last_name: "王",
  email: "wang@example.cn",
  phone: "+8613800138000",
  company: "北京字节跳动",
  job_title: "产品经理",
  city: "北京",
  country: "CN",
  tags: ["vip", "新客户"],
  custom_fields: { 会员等级: "金卡", balance: "-12.50", score: 3 },
  created_at: "2023-01-15 09:30:00.123456+00",
};
const LINK = { id: "7", external_id: "X1", customer_external_id: "C001", customer_email: "wang@example.cn", occurred_at: "2024-03-05 10:00:00+00" };
const INTERACTION = { ...LINK, type: "CALL", direction: "INBOUND", subject: "回访", body: "第一行\n第二行" };
const TRANSACTION = { ...LINK, kind: "PURCHASE", status: "COMPLETED", amount: "1234.5000", currency: "CNY", description: "会员年费" };

const sample = (headers: readonly string[], values: readonly unknown[]): Record<string, CellValue> =>
  Object.fromEntries(headers.map((h, i) => [h, joinList(values[i] as string | null | readonly string[])]));

describe("export rows", () => {
  it("customers: values in column order, times in UTC to the millisecond, custom fields as text", () => {
    const keys = ["balance", "missing", "score", "会员等级"];
    expect(customerValues(CUSTOMER, keys)).toEqual([
      "C001",
      "小明",
      "王",
      "wang@example.cn",
      "+8613800138000",
      "北京字节跳动",
      "产品经理",
      "北京",
      "CN",
      ["vip", "新客户"],
      "2023-01-15T09:30:00.123Z",
      "-12.50",
      null,
      "3",
      "金卡",
    ]);
  });

  it("transactions: the amount as exact decimal text", () => {
    expect(transactionValues(TRANSACTION)).toEqual([
      "X1",
      "C001",
      "wang@example.cn",
      "PURCHASE",
      "COMPLETED",
      "1234.50",
      "CNY",
      "2024-03-05T10:00:00.000Z",
      "会员年费",
    ]);
  });
});

describe("every export header maps onto itself with no mapping given", () => {
  it.each([
    ["CUSTOMER", customerHeaders(["balance", "会员等级", "email2", "phone"]), customerValues(CUSTOMER, ["balance", "会员等级", "email2", "phone"])],
    ["INTERACTION", INTERACTION_COLUMNS, interactionValues(INTERACTION)],
    ["TRANSACTION", TRANSACTION_COLUMNS, transactionValues(TRANSACTION)],
  ] as const)("%s", (entity, headers, values) => {
    const rows = [
      sample(headers, values),
      sample(
        headers,
        headers.map(() => null),
      ),
    ];
    expect(defaultMapping(entity as ImportEntityName, headers, rows)).toEqual(headers.map((h) => ({ source: h, target: h })));
  });
});

describe("isoTime: the importer's own reading of a stored time, as ISO 8601 UTC", () => {
  it.each([
    "2024-05-01 10:00:00+00",
    "2024-05-01 10:00:00.1+00",
    "2024-05-01 10:00:00.123456+00",
    "2024-05-01 10:00:00.999999+00",
    "0099-12-31 23:59:59.5+00",
    "2024-05-01 18:00:00.25+08",
    "2024-05-01 10:00:00+05:30",
    "1900-01-01 00:00:00-00:09:21",
  ])("%s", (text) => {
    expect(isoTime(text)).toBe(sqlTimeToDate(text).toISOString());
  });

  it("a Date as it is", () => {
    expect(isoTime(new Date("2024-05-01T10:00:00.123Z"))).toBe("2024-05-01T10:00:00.123Z");
  });
});
