import { describe, expect, it } from "vitest";
import { cleanInteractionRow } from "../../../../src/import/clean/clean-interaction-row.js";
import type { CleanOptions, RowProblem } from "../../../../src/import/clean/clean-record.js";
import { mappedRecord } from "./mapped-record.js";

const clean = (fields: Parameters<typeof mappedRecord>[0], options: CleanOptions = {}) => cleanInteractionRow(mappedRecord(fields), options);

const problems = (fields: Parameters<typeof mappedRecord>[0]): readonly RowProblem[] => {
  const result = clean(fields);
  if (result.ok) throw new Error("expected the row to fail");
  return result.problems;
};

describe("cleanInteractionRow", () => {
  it("cleans a Chinese call log row", () => {
    expect(
      clean(
        {
          externalId: "R-1",
          customerExternalId: 10086,
          type: "电话",
          direction: "呼入",
          subject: " 回访 ",
          body: "客户咨询价格",
          occurredAt: "2024年3月5日 14:30",
        },
        { timeZone: "Asia/Shanghai" },
      ),
    ).toEqual({
      ok: true,
      record: {
        externalId: "R-1",
        customerExternalId: "10086",
        customerEmail: null,
        type: "CALL",
        direction: "INBOUND",
        subject: "回访",
        body: "客户咨询价格",
        occurredAt: new Date("2024-03-05T06:30:00.000Z"),
      },
    });
  });

  it.each<[string, string]>([
    ["E-Mail", "EMAIL"],
    ["WeChat", "CHAT"],
    ["拜访", "VISIT"],
    ["text", "SMS"],
    ["meeting", "MEETING"],
  ])("reads type %j as %s", (type, expected) => {
    const result = clean({ customerEmail: "a@b.com", type, occurredAt: "2024-03-05" });
    expect(result.ok && result.record.type).toBe(expected);
  });

  it("defaults the type to OTHER and the direction to null", () => {
    const result = clean({ customerEmail: "A@B.com", occurredAt: 45356 });
    expect(result).toMatchObject({ ok: true, record: { type: "OTHER", direction: null, customerEmail: "a@b.com" } });
  });

  describe("invalid", () => {
    it("needs occurredAt", () => {
      expect(problems({ customerEmail: "a@b.com", occurredAt: "" })).toEqual([
        { code: "REQUIRED", field: "occurredAt", column: "Col occurredAt", value: null, message: "occurredAt: required, but empty" },
      ]);
    });

    it("needs occurredAt mapped", () => {
      expect(problems({ customerEmail: "a@b.com" })).toEqual([
        expect.objectContaining({ code: "REQUIRED", field: "occurredAt", column: null, message: "occurredAt: required, but not mapped" }),
      ]);
    });

    it("needs a customer link", () => {
      expect(problems({ occurredAt: "2024-03-05", customerExternalId: null, customerEmail: " " })).toEqual([
        expect.objectContaining({ code: "REQUIRED", field: null, message: expect.stringContaining("customerExternalId or customerEmail") }),
      ]);
    });

    it("reports every problem at once, in catalog order", () => {
      expect(
        problems({ customerEmail: "nope", type: "fax", direction: "sideways", occurredAt: "2024-13-01", subject: "s".repeat(501) }).map((p) => [
          p.code,
          p.field,
        ]),
      ).toEqual([
        ["INVALID_EMAIL", "customerEmail"],
        ["INVALID_ENUM", "type"],
        ["INVALID_ENUM", "direction"],
        ["TOO_LONG", "subject"],
        ["INVALID_DATE", "occurredAt"],
      ]);
    });

    it("names the allowed values of an enum", () => {
      expect(problems({ customerEmail: "a@b.com", occurredAt: "2024-03-05", direction: "sideways" })[0]?.message).toBe(
        "direction: not one of INBOUND, OUTBOUND",
      );
    });
  });
});
