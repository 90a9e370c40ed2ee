import { describe, expect, it } from "vitest";
import type { CustomerLink } from "../../../../src/import/clean/clean-record.js";
import {
  customerLinkKey,
  customersToCreate,
  indexLinkedCustomers,
  linkLookups,
  missingExternalIds,
  missingLinks,
} from "../../../../src/import/dedupe/categorize-customer-links.js";

const link = (customerExternalId: string | null, customerEmail: string | null = null): CustomerLink => ({ customerExternalId, customerEmail });

describe("customer links", () => {
  it.each<[CustomerLink, string | null]>([
    [link("C1"), "x:C1"],
    [link("C1", "a@x.io"), "x:C1"],
    [link(null, "a@x.io"), "e:a@x.io"],
    [link(null, null), null],
    [link("", ""), null],
  ])("%j links by %j", (l, key) => {
    expect(customerLinkKey(l)).toBe(key);
  });

  it("looks each external id up once, and an email only where a link has no external id", () => {
    expect(linkLookups([link("C1", "a@x.io"), link("C1"), link(null, "b@x.io"), link(null, "b@x.io"), link(null)])).toEqual({
      externalIds: ["C1"],
      emails: ["b@x.io"],
    });
  });

  it("indexes a customer under each key it holds", () => {
    expect([
      ...indexLinkedCustomers([
        { id: "1", external_id: "C1", email: "a@x.io" },
        { id: "2", external_id: null, email: "b@x.io" },
      ]),
    ]).toEqual([
      ["x:C1", "1"],
      ["e:a@x.io", "1"],
      ["e:b@x.io", "2"],
    ]);
  });

  it("lists the links not found, once a key with the last row's link, and what createMissingCustomers makes of them", () => {
    const links = [link("C1"), link("C2", "first@x.io"), link(null, "b@x.io"), link("C2", "last@x.io"), link(null, null)];
    const missing = missingLinks(links, new Map([["x:C1", "1"]]));
    expect([...missing.keys()]).toEqual(["x:C2", "e:b@x.io"]);
    expect(missingExternalIds(missing)).toEqual(["C2"]);
    expect(customersToCreate(missing)).toEqual([
      { external_id: "C2", email: "last@x.io" },
      { external_id: null, email: "b@x.io" },
    ]);
    expect(
      missingLinks(
        links,
        new Map([
          ["x:C1", "1"],
          ["x:C2", "9"],
          ["e:b@x.io", "3"],
        ]),
      ).size,
    ).toBe(0);
  });
});
