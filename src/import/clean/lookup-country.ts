import { createRequire } from "node:module";
import countries from "i18n-iso-countries/index.js";
import { COUNTRY_ALIASES } from "./country-aliases.js";
import { toHalfWidth } from "./to-half-width.js";

type LocaleData = Parameters<typeof countries.registerLocale>[0];

// Names from i18n-iso-countries, official and alternative; the package's entry point would
// load all 70+ languages, so only these are registered
const PACKAGE_LOCALES = [
  "en", "zh", "ja", "ko", "de", "fr", "es", "it", "pt", "nl", "ru", "pl", "sv", "da", "nb", "fi", "cs", "el", "tr", "vi", "id", "th", "ar", "he",
];
// CLDR names from the runtime, long and short, for more spellings (zh-Hant: 中國, 美國)
const CLDR_LOCALES = ["en", "zh-Hans", "zh-Hant", "ja", "ko", "de", "fr", "es", "it", "pt", "nl", "ru"];
const AMBIGUOUS = "";
const LATIN_WITH_MARKS = /[\u00c0-\u024f\u1e00-\u1eff]/;
const COMBINING_MARKS = /[\u0300-\u036f]/g;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]+/gu;
const SHORT_CODE = /^[A-Za-z]{2,3}$/;

/** Lower case, no accents, letters and digits only: "Côte d'Ivoire" => "cotedivoire", "U.S.A." => "usa". */
const countryKey = (text: string): string => {
  let key = toHalfWidth(text).toLowerCase();
  if (LATIN_WITH_MARKS.test(key)) key = key.normalize("NFD").replace(COMBINING_MARKS, "");
  return key.replace(NOT_LETTER_OR_DIGIT, "");
};

let lookup: Map<string, string> | null = null;
// a country column holds few distinct spellings: remember each one's answer
const MAX_REMEMBERED = 10_000;
// the longest country name is under 60 characters; longer text is not remembered or searched
const MAX_NAME = 100;
const remembered = new Map<string, string | null>();

// Each source is a tier: a key two countries share within a tier (en "Congo") is ambiguous
// and stays unknown; an earlier tier wins over a later one (codes, then aliases, then names).
const build = (): Map<string, string> => {
  const map = new Map<string, string>();
  const addTier = (entries: Iterable<readonly [string, string]>): void => {
    const tier = new Map<string, string>();
    for (const [name, code] of entries) {
      const key = countryKey(name);
      if (key === "") continue;
      const seen = tier.get(key);
      tier.set(key, seen === undefined || seen === code ? code : AMBIGUOUS);
    }
    for (const [key, code] of tier) if (!map.has(key)) map.set(key, code);
  };
  const alpha2 = Object.keys(countries.getAlpha2Codes());
  addTier(alpha2.map((code) => [code, code]));
  addTier(Object.entries(countries.getAlpha3Codes()).map(([a3, a2]) => [a3, a2]));
  addTier(Object.entries(countries.getNumericCodes()).map(([n, a2]) => [n, a2]));
  addTier(Object.entries(COUNTRY_ALIASES).flatMap(([code, names]) => names.map((name) => [name, code] as const)));
  const require = createRequire(import.meta.url);
  for (const locale of PACKAGE_LOCALES) {
    countries.registerLocale(require(`i18n-iso-countries/langs/${locale}.json`) as LocaleData);
    const names = countries.getNames(locale, { select: "all" });
    addTier(Object.entries(names).flatMap(([code, list]) => list.map((name) => [name, code] as const)));
  }
  for (const locale of CLDR_LOCALES) {
    for (const style of ["long", "short"] as const) {
      const names = new Intl.DisplayNames([locale], { type: "region", style, fallback: "none" });
      addTier(alpha2.flatMap((code) => {
        const name = names.of(code);
        return name === undefined ? [] : [[name, code] as const];
      }));
    }
  }
  return map;
};

/** ISO 3166-1 alpha-2 for a code (alpha-2, alpha-3, numeric) or a name in a common language; null when unknown. */
export const lookupCountry = (text: string): string | null => {
  if (text.length > MAX_NAME) return null;
  const known = remembered.get(text);
  if (known !== undefined) return known;
  lookup ??= build();
  const trimmed = text.trim();
  const code = SHORT_CODE.test(trimmed) ? lookup.get(trimmed.toLowerCase()) : undefined;
  const found = code ?? lookup.get(countryKey(trimmed));
  const result = found === undefined || found === AMBIGUOUS ? null : found;
  if (remembered.size >= MAX_REMEMBERED) remembered.clear();
  remembered.set(text, result);
  return result;
};
