import fc from "fast-check";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { describe, expect, it } from "vitest";
import { cleanPhone } from "../../../../src/import/clean/clean-phone.js";
import type { CleanResult } from "../../../../src/import/clean/clean-result.js";
import { type PhoneSpelling, junkSpelling, phoneSpelling } from "./phone-spellings.js";

// The reference: libphonenumber-js with its default options and its full ("max") metadata.
const reference = ({ text, country }: PhoneSpelling): string | undefined => {
  const phone = parsePhoneNumberFromString(text, country as Parameters<typeof parsePhoneNumberFromString>[1]);
  if (phone === undefined || !phone.isPossible()) return undefined;
  return phone.ext ? `${phone.number};ext=${phone.ext}` : phone.number;
};

type Difference = {
  spelling: string;
  reason: string;
  example: [string, string | undefined, string | null];
  // the spelling the reference reads as cleanPhone does, or the change to its reading
  rewrite?: (input: PhoneSpelling) => PhoneSpelling;
  output?: (reading: string) => string;
};

/** Every way cleanPhone deliberately reads differently from the reference; nothing else may differ. */
export const DELIBERATE_PHONE_DIFFERENCES: Difference[] = [
  {
    spelling: "more than 100 characters (after trimming)",
    reason: "bounds the work on a hostile cell; a number with a label and an extension fits easily",
    example: [`Mobile (ask for the front desk, then dial the extension given)${" ".repeat(30)}: +86 152 3854 9109`, undefined, null],
  },
  {
    spelling: 'default country in lower case ("cn")',
    reason: "import options and customer countries arrive in any case; the reference ignores a lower-case one",
    example: ["152 3854 9109", "cn", "+8615238549109"],
    rewrite: ({ text, country }) => ({ text, country: country?.toUpperCase() }),
  },
  {
    spelling: "full-width forms (＋, Ｅｘｔ．, brackets, colon) and the ideographic space, read as ASCII",
    reason:
      'Chinese and Japanese input methods type them; the reference reads full-width digits but ignores ＋, so "＋９１ ８１２３８ ３０７１９９" (IN) became the national number +919181238307199',
    example: ["＋４４\u3000（０）２０\u3000７９４６\u3000０９５８", "US", "+442079460958"],
    rewrite: ({ text, country }) => ({
      text: text.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, " "),
      country,
    }),
  },
  {
    spelling: 'Chinese extension words 转 轉 分机 分機 内线 內線 内線 ("… 转 123"), read as "ext."',
    reason: "how Chinese CRMs write an extension; the reference reads nothing",
    example: ["+86 10 8888 8888 转 123", undefined, "+861088888888;ext=123"],
    rewrite: ({ text, country }) => ({ text: text.replace(/\s*(?:转|轉|分机|分機|内线|內線|内線)\s*/g, " ext. "), country }),
  },
  {
    spelling: '00 as the international prefix, after any label ("0049 30 123456", "(0086) 152…"), when nothing else reads',
    reason: "00 is the international prefix in most of the world; the reference knows it only when the default country dials 00",
    example: ["(0086) 152 3854 9109", "US", "+8615238549109"],
    rewrite: ({ text, country }) => ({ text: text.replace(/^([^\d+]*)00\s*(?=[1-9])/, "$1+"), country }),
  },
  {
    spelling: 'an extension in Arabic-Indic or Persian digits ("ext. ٣٤")',
    reason: "the reference returns the extension's digits as typed; the stored value is ASCII",
    example: ["+39 321 260 3181 ext. ٣٤", undefined, "+393212603181;ext=34"],
    output: (reading) => reading.replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) % 16)),
  },
];

const [, COUNTRY_CASE, FULL_WIDTH, CJK_EXTENSION, INTERNATIONAL_00, EXTENSION_DIGITS] = DELIBERATE_PHONE_DIFFERENCES.map((d) => ({
  rewrite: (input: PhoneSpelling) => input,
  output: (reading: string) => reading,
  ...d,
})) as Required<Difference>[];

// What cleanPhone must give: the reference's reading of the spelling with the table's rewrites
// (00 only when nothing reads without it), else INVALID_PHONE
const expected = (input: PhoneSpelling): string | null => {
  if (input.text.trim().length > 100) return null;
  const typed = CJK_EXTENSION!.rewrite(FULL_WIDTH!.rewrite(COUNTRY_CASE!.rewrite(input)));
  const reading = reference(typed) ?? reference(INTERNATIONAL_00!.rewrite(typed));
  return reading === undefined ? null : EXTENSION_DIGITS!.output(reading);
};

const valueOf = (result: CleanResult<string>): string | null | "INVALID_PHONE" =>
  result.ok ? result.value : result.code === "INVALID_PHONE" ? null : result.code;

const scaled = (times: number): { numRuns: number } => ({ numRuns: fc.readConfigureGlobal().numRuns! * times });

describe("cleanPhone against libphonenumber-js (max metadata, default options)", () => {
  it("reads every generated spelling of an example number as the reference does, but for the table", () => {
    let accepted = 0;
    let runs = 0;
    fc.assert(
      fc.property(phoneSpelling(), (input) => {
        const want = expected(input);
        runs++;
        if (want !== null) accepted++;
        expect(valueOf(cleanPhone(input.text, input.country)), JSON.stringify(input)).toBe(want);
      }),
      scaled(10),
    );
    // both sides are exercised: most spellings read, some (wrong lengths, wrong country) not
    expect(accepted / runs).toBeGreaterThan(0.4);
    expect(accepted / runs).toBeLessThan(0.95);
  });

  it("reads junk and digit strings as the reference does, but for the table", () => {
    fc.assert(
      fc.property(junkSpelling(), (input) => {
        expect(valueOf(cleanPhone(input.text, input.country)), JSON.stringify(input)).toBe(expected(input));
      }),
      scaled(10),
    );
  });

  it.each(DELIBERATE_PHONE_DIFFERENCES.map((d) => [d.spelling, ...d.example] as const))(
    "deliberate difference, %s: %j (default %s) => %s",
    (_, text, country, ours) => {
      expect(valueOf(cleanPhone(text, country))).toBe(ours);
      expect(reference({ text, country })).not.toBe(ours ?? undefined);
    },
  );
});

describe("the deliberate differences hold for every generated number", () => {
  // spellings the reference reads as possible, in upper-case countries
  const readable = phoneSpelling().filter((input) => input.country === input.country?.toUpperCase() && reference(input) !== undefined);

  it("a full-width spelling reads as its ASCII spelling", () => {
    fc.assert(
      fc.property(readable, ({ text, country }) => {
        const wide = text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /g, "\u3000");
        expect(cleanPhone(wide, country)).toEqual(cleanPhone(text, country));
      }),
    );
  });

  it('an extension after 转 reads as one after "ext."', () => {
    fc.assert(
      fc.property(readable, fc.constantFrom("转", " 转 ", "分机", "內線"), fc.integer({ min: 1, max: 99999 }), ({ text, country }, word, ext) => {
        const plain = text.replace(/\s*(?:x|ext\.?|#|转|轉|分机)\s*\d*\s*$/i, "");
        fc.pre(reference({ text: `${plain} ext. ${ext}`, country }) !== undefined);
        expect(cleanPhone(`${plain}${word}${ext}`, country)).toEqual(cleanPhone(`${plain} ext. ${ext}`, country));
      }),
    );
  });

  it("00 before a calling code reads as + where the reference reads nothing possible", () => {
    fc.assert(
      fc.property(readable, fc.constantFrom(undefined, "US", "JP", "CN", "GB"), ({ text, country }, other) => {
        const plus = text.indexOf("+");
        fc.pre(plus !== -1 && !text.startsWith("tel:"));
        const zeros = `${text.slice(0, plus)}00${text.slice(plus + 1)}`;
        fc.pre(reference({ text: zeros, country: other }) === undefined);
        expect(cleanPhone(zeros, other)).toEqual(cleanPhone(text, country));
      }),
    );
  });

  it("a default country is read in any case", () => {
    fc.assert(
      fc.property(phoneSpelling(), ({ text, country }) => {
        expect(cleanPhone(text, country?.toLowerCase())).toEqual(cleanPhone(text, country?.toUpperCase()));
      }),
    );
  });
});
