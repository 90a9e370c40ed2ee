import { describe, expect, it } from "vitest";
import { defaultMapping } from "../../../../src/import/map/default-mapping.js";
import { validateMapping } from "../../../../src/import/map/validate-mapping.js";

describe("defaultMapping", () => {
  it("keeps only confident suggestions, as a valid spec", () => {
    const headers = ["First Name", "Email", "Product Name", "Lifecycle Stage", "col7"];
    const rows = [{ col7: "+86 138 0013 8000" }, { col7: "+1 415 555 0100" }, { col7: "+44 20 7946 0958" }];
    const mapping = defaultMapping("CUSTOMER", headers, rows);
    expect(mapping).toEqual([
      { source: "First Name", target: "firstName" },
      { source: "Email", target: "email" },
      { source: "col7", target: "phone" },
    ]);
    expect(validateMapping("CUSTOMER", mapping, headers).ok).toBe(true);
  });

  it.each([
    [0.99, []],
    [0.5, [{ source: "Product Name", target: "name" }]],
  ])("threshold %s", (threshold, expected) => {
    expect(defaultMapping("CUSTOMER", ["Product Name"], [], [], threshold)).toEqual(expected);
  });

  it("uses learned mappings", () => {
    expect(defaultMapping("CUSTOMER", ["Kennung"], [], [{ source: "Kennung", target: "externalId" }])).toEqual([{ source: "Kennung", target: "externalId" }]);
  });

  it("an export's columns map back with no mapping given", () => {
    const headers = [
      "externalId",
      "firstName",
      "lastName",
      "email",
      "phone",
      "company",
      "jobTitle",
      "city",
      "country",
      "tags",
      "createdAt",
      "customFields.vip",
    ];
    expect(defaultMapping("CUSTOMER", headers, []).map((entry) => entry.target)).toEqual(headers);
  });
});
