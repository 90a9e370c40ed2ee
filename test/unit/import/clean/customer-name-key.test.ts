import { describe, expect, it } from "vitest";
import { customerNameKey } from "../../../../src/import/clean/customer-name-key.js";

describe("customerNameKey", () => {
  it.each([
    ["Wei", "Zhang", null, "wei zhang"],
    ["ZHANG", "wei", null, "wei zhang"],
    [null, "张伟", null, "wei zhang"],
    ["伟", "张", null, "wei zhang"],
    [null, "单田芳", null, "fang shan tian"],
    ["José", "Núñez", null, "jose nunez"],
    ["Ｗｅｉ", "Zhang", null, "wei zhang"],
    [null, null, "ACME GmbH.", "acme gmbh"],
    [null, null, "Acme  GmbH", "acme gmbh"],
    ["Ann", null, "Acme GmbH", "ann"],
    ["Li", "Na", null, "li na"],
    ["NA", "Li", null, "li na"],
  ])("%s / %s / %s → %s", (first, last, company, key) => {
    expect(customerNameKey(first, last, company)).toBe(key);
  });

  it.each([
    [null, null, null],
    ["", "  ", null],
    [null, null, "—"],
  ])("has no key for %j %j %j", (first, last, company) => {
    expect(customerNameKey(first, last, company)).toBeNull();
  });
});
