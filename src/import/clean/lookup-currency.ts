import { CURRENCY_MARKERS, type CurrencyMatch, currencyKey } from "./currency-markers.js";
import { toHalfWidth } from "./to-half-width.js";
import { detachedText } from "../../common/detached-text.js";

/** The languages whose currency names, plural forms and symbols (from the runtime's CLDR data) are read. */
export const CURRENCY_LOCALES: readonly string[] = ["en", "zh", "zh-Hant", "ja", "ko", "de", "fr", "es", "it", "pt", "nl", "ru", "ar"];
const DISPLAYS = ["symbol", "narrowSymbol", "name"] as const;
// numbers that reach every plural category of a language ("1 US dollar", "2 доллара США", "5 долларов США")
const PLURAL_PROBES = [0, 1, 2, 3, 5, 11, 21, 22, 100, 101, 102, 1.5];

type Match = CurrencyMatch | null;

let fast: Map<string, Match> | null = null;
let full: Map<string, Match> | null = null;
// a currency column holds few distinct spellings: remember each one's answer
const MAX_REMEMBERED = 10_000;
// currency names are short; longer text is not remembered or searched
const MAX_NAME = 100;
const remembered = new Map<string, Match>();

// Adds the spellings the runtime gives, each with the currencies it stands for. A key already
// present keeps its answer; a new key several currencies share, that no curated marker reads,
// stays unknown (null) rather than being guessed.
const addDerived = (map: Map<string, Match>, spellings: Iterable<readonly [string, string]>): void => {
  const derived = new Map<string, string[]>();
  for (const [text, code] of spellings) {
    const key = currencyKey(toHalfWidth(text));
    if (key === "" || map.has(key)) continue;
    const codes = derived.get(key);
    if (codes === undefined) derived.set(key, [code]);
    else if (!codes.includes(code)) codes.push(code);
  }
  for (const [key, codes] of derived) map.set(key, codes.length === 1 ? { code: codes[0]!, codes } : null);
};

const currencyNames = function* (codes: readonly string[]): Generator<readonly [string, string]> {
  for (const locale of CURRENCY_LOCALES) {
    const names = new Intl.DisplayNames([locale], { type: "currency", fallback: "none" });
    for (const code of codes) {
      const name = names.of(code);
      if (name !== undefined) yield [name, code];
    }
  }
};

const pluralProbes = (locale: string): number[] => {
  const rules = new Intl.PluralRules(locale);
  const byCategory = new Map<string, number>();
  for (const n of PLURAL_PROBES) if (!byCategory.has(rules.select(n))) byCategory.set(rules.select(n), n);
  return [...byCategory.values()];
};

const formattedCurrencies = function* (codes: readonly string[]): Generator<readonly [string, string]> {
  for (const locale of CURRENCY_LOCALES) {
    const probes = pluralProbes(locale);
    for (const code of codes) {
      for (const currencyDisplay of DISPLAYS) {
        const format = new Intl.NumberFormat(locale, { style: "currency", currency: code, currencyDisplay });
        for (const n of currencyDisplay === "name" ? probes : [1]) {
          for (const part of format.formatToParts(n)) if (part.type === "currency") yield [part.value, code];
        }
      }
    }
  }
};

// ISO codes (ICU's current list), then the curated symbols and aliases, then the currency
// names in our languages ("US Dollar", "人民币", "доллар США"): cheap, built on first use.
const buildFast = (): Map<string, Match> => {
  const map = new Map<string, Match>();
  const codes = Intl.supportedValuesOf("currency");
  for (const code of codes) map.set(code.toLowerCase(), { code, codes: [code] });
  for (const [key, match] of CURRENCY_MARKERS) if (!map.has(key)) map.set(key, match);
  addDerived(map, currencyNames(codes));
  return map;
};

// Then what number formatting writes: symbols, narrow symbols and plural names ("US dollars",
// "долларов США"). Thousands of formatters: built only when a value misses the first map.
const buildFull = (from: Map<string, Match>): Map<string, Match> => {
  const map = new Map(from);
  addDerived(map, formattedCurrencies(Intl.supportedValuesOf("currency")));
  return map;
};

/** An ISO 4217 code, symbol or name as written, to the currencies it stands for; null when unknown. */
export const lookupCurrency = (text: string): CurrencyMatch | null => {
  if (text.length > MAX_NAME) return null;
  const known = remembered.get(text);
  if (known !== undefined) return known;
  const key = currencyKey(toHalfWidth(text));
  fast ??= buildFast();
  let result = fast.get(key);
  if (result === undefined) {
    full ??= buildFull(fast);
    result = full.get(key);
  }
  if (remembered.size >= MAX_REMEMBERED) remembered.clear();
  // a cell cut from the parser's chunk would keep the chunk alive as long as it is remembered
  remembered.set(detachedText(text), result ?? null);
  return result ?? null;
};
