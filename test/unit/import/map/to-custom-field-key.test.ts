import { describe, expect, it } from "vitest";
import { isCustomFieldKey } from "../../../../src/import/map/custom-field-key.js";
import { toCustomFieldKey } from "../../../../src/import/map/to-custom-field-key.js";

describe("toCustomFieldKey", () => {
  it.each([
    ["Loyalty Tier", "Loyalty Tier"],
    ["会员等级", "会员等级"],
    ["Default Address.Zip", "Default Address_Zip"],
    ["  spaced   out  ", "spaced out"],
    ["a/b\\c", "a_b_c"],
    ["constructor", "field_constructor"],
    ["", "field_1"],
    ["***", "_"],
  ])("%j -> %j", (header, key) => {
    expect(toCustomFieldKey(header)).toBe(key);
    expect(isCustomFieldKey(toCustomFieldKey(header))).toBe(true);
  });

  it("clips to 64 characters", () => {
    expect(toCustomFieldKey("x".repeat(100))).toHaveLength(64);
  });
});
