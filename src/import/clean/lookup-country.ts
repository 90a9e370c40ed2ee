import { createRequire } from "node:module";
import countries from "i18n-iso-countries/index.js";
import { COUNTRY_ALIASES, NOT_COUNTRIES } from "./country-aliases.js";
import { countryKey } from "./country-key.js";
import { detachedText } from "../../common/detached-text.js";

type LocaleData = Parameters<typeof countries.registerLocale>[0];

// Names from i18n-iso-countries, official and alternative, in every language it ships but
// Dhivehi, whose list files many names under the wrong code (Mali under MV, Monaco under MD,
// Nauru under NA). The package's entry point would load them all; registering them here keeps that explicit.
export const COUNTRY_NAME_LOCALES: readonly string[] = [
  "en",
  "zh",
  "ja",
  "ko",
  "de",
  "fr",
  "es",
  "it",
  "pt",
  "nl",
  "ru",
  "ar",
  "pl",
  "sv",
  "da",
  "nb",
  "nn",
  "no",
  "fi",
  "cs",
  "sk",
  "el",
  "tr",
  "vi",
  "id",
  "ms",
  "th",
  "he",
  "hi",
  "bn",
  "ur",
  "fa",
  "uk",
  "be",
  "bg",
  "sr",
  "hr",
  "bs",
  "sl",
  "mk",
  "sq",
  "ro",
  "hu",
  "et",
  "lv",
  "lt",
  "ca",
  "gl",
  "eu",
  "ga",
  "cy",
  "br",
  "is",
  "mt",
  "af",
  "sw",
  "ha",
  "so",
  "am",
  "ku",
  "ps",
  "sd",
  "ta",
  "ml",
  "mr",
  "tg",
  "tt",
  "ug",
  "az",
  "hy",
  "ka",
  "kk",
  "km",
  "ky",
  "mn",
  "tk",
  "uz",
];
// CLDR names from the runtime, long and short, for more spellings (zh-Hant: 中國, 美國)
const CLDR_LOCALES = ["en", "zh-Hans", "zh-Hant", "ja", "ko", "de", "fr", "es", "it", "pt", "nl", "ru", "ar"];
const AMBIGUOUS = "";
// Codes and names written as a code ("UK", "USA") are looked up as written, never through the
// loose key: "EU" must not reach "É.-U." (French for the United States), nor "N/A" Namibia's NA.
const CODE_LIKE = /^(?:[A-Za-z]{2,3}|\d{3})$/;
// A CLDR abbreviation of three Latin letters or less ("VS", "R.-U.") reads as a code or a region
const LATIN_ABBREVIATION = /^[a-z]{1,3}$/;

interface CountryLookup {
  /** Codes, then names spelled like a code; keyed by the lower-cased text. */
  readonly codes: Map<string, string>;
  /** Names and aliases by countryKey. */
  readonly names: Map<string, string>;
}

const REGION_KEYS: ReadonlySet<string> = new Set(NOT_COUNTRIES.map(countryKey));

let lookup: CountryLookup | null = null;
// a country column holds few distinct spellings: remember each one's answer
const MAX_REMEMBERED = 10_000;
// the longest country name is under 80 characters; longer text is not remembered or searched
const MAX_NAME = 120;
const remembered = new Map<string, string | null>();

// Each source is a tier: a key two countries share within a tier (en "Congo") is ambiguous
// and stays unknown; an earlier tier wins over a later one (codes, then aliases, then names).
const addTier = (map: Map<string, string>, entries: Iterable<readonly [string, string]>): void => {
  const tier = new Map<string, string>();
  for (const [key, code] of entries) {
    if (key === "") continue;
    const seen = tier.get(key);
    tier.set(key, seen === undefined || seen === code ? code : AMBIGUOUS);
  }
  for (const [key, code] of tier) if (!map.has(key)) map.set(key, code);
};

const addNames = (target: CountryLookup, names: readonly (readonly [string, string])[]): void => {
  const written = names.map(([name, code]) => [name.trim(), code] as const);
  addTier(
    target.codes,
    written.filter(([name]) => CODE_LIKE.test(name)).map(([name, code]) => [name.toLowerCase(), code] as const),
  );
  addTier(
    target.names,
    written.map(([name, code]) => [countryKey(name), code]),
  );
};

const build = (): CountryLookup => {
  const target: CountryLookup = { codes: new Map(), names: new Map() };
  const alpha2 = Object.keys(countries.getAlpha2Codes());
  addTier(
    target.codes,
    alpha2.map((code) => [code.toLowerCase(), code] as const),
  );
  addTier(
    target.codes,
    Object.entries(countries.getAlpha3Codes()).map(([a3, a2]) => [a3.toLowerCase(), a2] as const),
  );
  addTier(target.codes, Object.entries(countries.getNumericCodes()));
  addNames(
    target,
    Object.entries(COUNTRY_ALIASES).flatMap(([code, names]) => names.map((name) => [name, code] as const)),
  );
  const require = createRequire(import.meta.url);
  // all languages are one tier: "Kongo" is the Republic of the Congo in Polish and the DR Congo
  // in German, so it stays unknown rather than taking the first language's reading
  addNames(
    target,
    COUNTRY_NAME_LOCALES.flatMap((locale) => {
      countries.registerLocale(require(`i18n-iso-countries/langs/${locale}.json`) as LocaleData);
      const names = countries.getNames(locale, { select: "all" });
      return Object.entries(names).flatMap(([code, list]) => list.map((name) => [name, code] as const));
    }),
  );
  addTier(
    target.names,
    CLDR_LOCALES.flatMap((locale) =>
      (["long", "short"] as const).flatMap((style) => {
        const display = new Intl.DisplayNames([locale], { type: "region", style, fallback: "none" });
        return alpha2.flatMap((code) => {
          const key = countryKey(display.of(code) ?? "");
          return LATIN_ABBREVIATION.test(key) ? [] : [[key, code] as const];
        });
      }),
    ),
  );
  for (const region of NOT_COUNTRIES) target.codes.delete(region.toLowerCase());
  for (const key of REGION_KEYS) target.names.delete(key);
  return target;
};

/** ISO 3166-1 alpha-2 for a code (alpha-2, alpha-3, numeric) or a name in a common language; null when unknown. */
export const lookupCountry = (text: string): string | null => {
  if (text.length > MAX_NAME) return null;
  const known = remembered.get(text);
  if (known !== undefined) return known;
  lookup ??= build();
  const trimmed = text.trim();
  const found = CODE_LIKE.test(trimmed) ? lookup.codes.get(trimmed.toLowerCase()) : lookup.names.get(countryKey(trimmed));
  const result = found === undefined || found === AMBIGUOUS ? null : found;
  if (remembered.size >= MAX_REMEMBERED) remembered.clear();
  // a cell cut from the parser's chunk would keep the chunk alive as long as it is remembered
  remembered.set(detachedText(text), result);
  return result;
};

/** True for a region or grouping written where a country belongs ("EU", "EMEA", "Asia", "Worldwide"). */
export const isRegion = (text: string): boolean => REGION_KEYS.has(countryKey(text));
