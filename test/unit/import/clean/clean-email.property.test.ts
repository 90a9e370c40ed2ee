import fc from "fast-check";
import validator from "validator";
import { describe, expect, it } from "vitest";
import { cleanEmail } from "../../../../src/import/clean/clean-email.js";
import { SPELLINGS, bareAddress, emailAddress } from "./email-spellings.js";

type Difference = {
  rule: string;
  reason: string;
  example: [string, string | null];
  applies: (address: string) => boolean;
  // whether cleanEmail accepts an address the row applies to
  ours: (address: string) => boolean;
};

const localOf = (address: string): string => address.slice(0, Math.max(0, address.lastIndexOf("@")));
const domainOf = (address: string): string => address.slice(address.lastIndexOf("@") + 1);

/**
 * Every way cleanEmail deliberately judges a bare address (no display name, mailto:, spaces or
 * full-width forms, which it unwraps first) differently from validator's isEmail with its
 * default options; nothing else may differ.
 */
export const DELIBERATE_EMAIL_DIFFERENCES: Difference[] = [
  {
    rule: 'a quoted local part ("john smith"@example.com) is refused',
    reason:
      "rare in customer data and refused by most mail services; usually a broken display-name form, and lower-casing inside quotes would change the mailbox",
    example: ['"john smith"@example.com', null],
    applies: (a) => localOf(a).startsWith('"'),
    ours: () => false,
  },
  {
    rule: "one trailing dot after the domain (ann@example.com.) is dropped",
    reason: "the same domain (the DNS root), and usually the full stop of the sentence the address was copied from",
    example: ["Ann@Example.com.", "ann@example.com"],
    applies: (a) => a.endsWith(".") && !a.endsWith(".."),
    ours: (a) => validator.isEmail(a.slice(0, -1)),
  },
  {
    rule: "a domain label with symbols, emoji or punctuation (a♥.com, x·y.com), starting with a combining mark, or a top-level label that is not letters (example.٣٤) is refused",
    reason:
      "IDNA allows only letters, digits, marks and inner hyphens in a label and no registry delegates such names; validator accepts any character above U+00A0",
    example: ["ann@i♥ny.com", null],
    applies: (a) => {
      const labels = domainOf(a).toLowerCase().split(".");
      const tld = labels[labels.length - 1] ?? "";
      return labels.some((l) => /[^\p{L}\p{N}\p{M}-]/u.test(l) || /^\p{M}/u.test(l)) || (!tld.startsWith("xn--") && /[^\p{L}\p{M}]/u.test(tld));
    },
    ours: () => false,
  },
];

// what cleanEmail unwraps before judging: these are not bare addresses
const isBare = (a: string): boolean => a === a.trim() && a !== "" && !a.endsWith(">") && !/^mailto:/i.test(a) && !/[\uff01-\uff5e\u3000\u3002\uff61]/.test(a);

const scaled = (times: number): { numRuns: number } => ({ numRuns: fc.readConfigureGlobal().numRuns! * times });

describe("cleanEmail", () => {
  it("cleans every spelling of a valid address to the address, lower-cased, its domain in Unicode", () => {
    fc.assert(
      fc.property(emailAddress(), fc.constantFrom(...SPELLINGS), ({ address, normalized }, [name, spell]) => {
        expect(validator.isEmail(address), address).toBe(true);
        expect(cleanEmail(spell(address)), `${name}: ${spell(address)}`).toEqual({ ok: true, value: normalized });
      }),
      scaled(10),
    );
  });

  it("judges bare addresses as validator's isEmail does, but for the table", () => {
    let accepted = 0;
    let runs = 0;
    fc.assert(
      fc.property(bareAddress().filter(isBare), (address) => {
        const row = DELIBERATE_EMAIL_DIFFERENCES.find((d) => d.applies(address));
        const want = row === undefined ? validator.isEmail(address) : row.ours(address);
        const result = cleanEmail(address);
        runs++;
        if (result.ok) accepted++;
        expect(result.ok, `${JSON.stringify(address)}${row ? ` (${row.rule})` : ""}`).toBe(want);
        if (!result.ok) expect(result.code).toBe("INVALID_EMAIL");
      }),
      scaled(10),
    );
    // both sides are exercised
    expect(accepted / runs).toBeGreaterThan(0.2);
    expect(accepted / runs).toBeLessThan(0.8);
  });

  it.each(DELIBERATE_EMAIL_DIFFERENCES.map((d) => [d.rule, ...d.example] as const))("deliberate difference, %s: %j => %j", (_, address, ours) => {
    expect(cleanEmail(address)).toEqual(ours === null ? expect.objectContaining({ ok: false }) : { ok: true, value: ours });
    expect(validator.isEmail(address)).toBe(ours === null);
  });
});
