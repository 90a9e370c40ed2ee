import fc from "fast-check";
import countries from "i18n-iso-countries/index.js";
import { describe, expect, it } from "vitest";
import { cleanCountry } from "../../../../src/import/clean/clean-country.js";
import { NOT_COUNTRIES } from "../../../../src/import/clean/country-aliases.js";
import { countryKey } from "../../../../src/import/clean/country-key.js";
import { COUNTRY_NAME_LOCALES } from "../../../../src/import/clean/lookup-country.js";

// i18n-iso-countries is the reference: every name it knows, official and alternative, in every
// language we register (its locales are registered by lookup-country.ts), and every code.
const REQUIRED_LOCALES = ["en", "zh", "ja", "ko", "de", "fr", "es", "it", "pt", "nl", "ru", "ar"];

interface Named {
  readonly locale: string;
  readonly code: string;
  readonly name: string;
}

// Loading cleanCountry's module registers the locales; the first clean builds the lookup.
cleanCountry("DE");
const NAMES: readonly Named[] = COUNTRY_NAME_LOCALES.flatMap((locale) =>
  Object.entries(countries.getNames(locale, { select: "all" })).flatMap(([code, list]) => list.map((name) => ({ locale, code, name }))),
);
const ALPHA2 = Object.keys(countries.getAlpha2Codes());
const ALPHA3 = Object.entries(countries.getAlpha3Codes());

/**
 * Where we deliberately differ from the reference: names two countries share (in one language
 * or across languages), and names spelled like another country's code. Keyed by the name as
 * the reference writes it; `expected` is what cleanCountry gives (null: INVALID_COUNTRY).
 */
const DIFFERENCES: Readonly<Record<string, { readonly expected: string | null; readonly why: string }>> = {
  Congo: { expected: null, why: "en, es, da, gl, cy: both the Republic of the Congo (CG) and the DR Congo (CD)" },
  Kongo: { expected: null, why: "CG in pl, cs, id, bs, eu, ha, so; CD in de, nb, nn, no" },
  Kongó: { expected: null, why: "is: CG, but the same key as Kongo, which is CD in other languages" },
  Конго: { expected: null, why: "CG in uk, tg, tt; CD in kk" },
  "An Congó": { expected: null, why: "ga: both CG and CD" },
  "São Martinho": { expected: null, why: "pt: both Saint-Martin (MF) and Sint Maarten (SX)" },
  "Shën Martin": { expected: null, why: "sq: both Saint-Martin (MF) and Sint Maarten (SX)" },
  Nga: { expected: "NG", why: "vi for Russia, but written like NGA, Nigeria's alpha-3: codes win over names" },
  Mena: { expected: null, why: "lv for the Isle of Man, but MENA (Middle East and North Africa) is a region, never a country" },
};
const DIFFERENT_KEYS = new Map(Object.entries(DIFFERENCES).map(([name, entry]) => [countryKey(name), entry]));

const expectedFor = (item: Named): string | null => {
  const difference = DIFFERENT_KEYS.get(countryKey(item.name));
  return difference === undefined ? item.code : difference.expected;
};

const resultOf = (text: string): string | null => {
  const result = cleanCountry(text);
  if (result.ok) return result.value;
  expect(result.code).toBe("INVALID_COUNTRY");
  return null;
};

// Any mix of upper and lower case, code point by code point, and any spaces around it
const SPACE = fc.constantFrom("", " ", "  ", "\t", "\u00a0", "\u3000");
const anyCase = (text: string): fc.Arbitrary<string> =>
  fc
    .array(fc.boolean(), { minLength: [...text].length, maxLength: [...text].length })
    .map((upper) => [...text].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join(""));
const written = (text: string): fc.Arbitrary<string> => fc.tuple(SPACE, anyCase(text), SPACE).map(([before, body, after]) => `${before}${body}${after}`);

describe("cleanCountry against i18n-iso-countries", () => {
  it("registers every required language", () => {
    for (const locale of REQUIRED_LOCALES) expect(COUNTRY_NAME_LOCALES).toContain(locale);
    expect(NAMES.length).toBeGreaterThan(19_000);
  });

  it("every name in every language, as written, upper and lower case, is its alpha-2 or a listed difference", () => {
    const wrong: string[] = [];
    for (const item of NAMES) {
      const expected = expectedFor(item);
      for (const text of [item.name, item.name.toUpperCase(), item.name.toLowerCase()]) {
        const got = resultOf(text);
        if (got !== expected) wrong.push(`${item.locale} ${item.code} ${JSON.stringify(text)} => ${got}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("every listed difference is still a name of the reference and behaves as listed", () => {
    for (const [name, { expected }] of Object.entries(DIFFERENCES)) {
      expect(NAMES.some((item) => item.name === name)).toBe(true);
      expect(resultOf(name)).toBe(expected);
    }
  });

  it("property: a name in any case with any spaces around it", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NAMES).chain((item) => fc.tuple(fc.constant(item), written(item.name))),
        ([item, text]) => {
          expect(resultOf(text)).toBe(expectedFor(item));
        },
      ),
    );
  });

  it("property: alpha-2 and alpha-3 codes in any case with any spaces around them", () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom(...ALPHA2.map((a2) => [a2, a2] as const), ...ALPHA3.map(([a3, a2]) => [a3, a2] as const))
          .chain(([code, a2]) => fc.tuple(fc.constant(a2), written(code))),
        ([a2, text]) => {
          expect(resultOf(text)).toBe(a2);
        },
      ),
    );
  });

  it("every alpha-2, alpha-3 and numeric code", () => {
    for (const a2 of ALPHA2) expect([resultOf(a2), resultOf(a2.toLowerCase()), resultOf(` ${a2} `)]).toEqual([a2, a2, a2]);
    for (const [a3, a2] of ALPHA3) expect([resultOf(a3), resultOf(a3.toLowerCase())]).toEqual([a2, a2]);
    for (const [numeric, a2] of Object.entries(countries.getNumericCodes())) expect(resultOf(numeric)).toBe(a2);
  });

  it("property: a region or grouping is never a country, in any case", () => {
    fc.assert(
      fc.property(fc.constantFrom(...NOT_COUNTRIES).chain(written), (text) => {
        expect(cleanCountry(text)).toMatchObject({ ok: false, code: "INVALID_COUNTRY" });
      }),
    );
  });
});
