import { describe, expect, it } from "vitest";
import { AppError } from "../../../src/errors/app-error.js";
import { exportFilterOrThrow } from "../../../src/http/export-params.js";
import { toGlobalId } from "../../../src/common/global-id.js";

const JOB = "0b7e3c3e-3f7a-4e36-9a38-2d1f4c8b9a10";

describe("exportFilterOrThrow: valid parameters", () => {
  it.each([
    [{}, { search: null, tags: null, country: null, createdAfter: null }],
    [{ search: "  王 " }, { search: "王" }],
    [{ search: "" }, { search: null }],
    [{ search: "a\0b" }, { search: "ab" }],
    [{ tags: "vip" }, { tags: ["vip"] }],
    [{ tags: "vip, b2b,," }, { tags: ["vip", "b2b"] }],
    [{ tags: ["vip", "b2b,新客户"] }, { tags: ["vip", "b2b", "新客户"] }],
    [{ tags: "" }, { tags: null }],
    [{ country: "de" }, { country: "DE" }],
    [{ importJobId: toGlobalId("ImportJob", JOB) }, { importJobId: JOB }],
    [{ createdAfter: "2024-05-01T00:00:00Z" }, { createdAfter: new Date("2024-05-01T00:00:00Z") }],
    [{ createdAfter: "2024-05-01T08:00:00+08:00" }, { createdAfter: new Date("2024-05-01T00:00:00Z") }],
    [{ createdAfter: "2024-05-01T08:00:00 08:00" }, { createdAfter: new Date("2024-05-01T00:00:00Z") }],
  ])("%j", (params, expected) => {
    expect(exportFilterOrThrow(params)).toMatchObject(expected);
  });
});

describe("exportFilterOrThrow: invalid parameters are BAD_USER_INPUT", () => {
  it.each([
    [{ tag: "vip" }, "tag"],
    [{ "tags[]": "vip" }, "tags[]"],
    [{ search: ["a", "b"] }, "search"],
    [{ country: "China" }, "country"],
    [{ country: "C1" }, "country"],
    [{ importJobId: "nope" }, "importJobId"],
    [{ importJobId: toGlobalId("Customer", "1") }, "importJobId"],
    [{ createdAfter: "2024-05-01" }, "createdAfter"],
    [{ createdAfter: "2024-05-01T00:00:00" }, "createdAfter"],
    [{ createdAfter: "2024-13-01T00:00:00Z" }, "createdAfter"],
  ])("%j", (params, field) => {
    let error: unknown;
    try {
      exportFilterOrThrow(params);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "BAD_USER_INPUT", details: { field } });
  });
});
