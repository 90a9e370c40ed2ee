import { CURRENCY_MARKERS, type CurrencyMatch, currencyKey } from "./currency-markers.js";
import { toHalfWidth } from "./to-half-width.js";

const NAME_LOCALES = ["en", "zh-Hans", "zh-Hant", "ja", "de", "fr", "es", "it", "pt", "ko"];

let lookup: Map<string, CurrencyMatch> | null = null;
// a currency column holds few distinct spellings: remember each one's answer
const MAX_REMEMBERED = 10_000;
// currency names are short; longer text is not remembered or searched
const MAX_NAME = 100;
const remembered = new Map<string, CurrencyMatch | null>();

// The ISO codes the runtime knows (ICU's current list), then symbols and aliases, then the
// currency names in common languages ("US Dollar", "人民币", "Euro"); the first entry wins.
const build = (): Map<string, CurrencyMatch> => {
  const map = new Map<string, CurrencyMatch>();
  const codes = Intl.supportedValuesOf("currency");
  for (const code of codes) map.set(code.toLowerCase(), { code, codes: [code] });
  for (const [key, match] of CURRENCY_MARKERS) if (!map.has(key)) map.set(key, match);
  for (const locale of NAME_LOCALES) {
    const names = new Intl.DisplayNames([locale], { type: "currency", fallback: "none" });
    for (const code of codes) {
      const name = names.of(code);
      if (name === undefined) continue;
      const key = currencyKey(name);
      if (!map.has(key)) map.set(key, { code, codes: [code] });
    }
  }
  return map;
};

/** An ISO 4217 code, symbol or name as written, to the currencies it stands for; null when unknown. */
export const lookupCurrency = (text: string): CurrencyMatch | null => {
  if (text.length > MAX_NAME) return null;
  const known = remembered.get(text);
  if (known !== undefined) return known;
  lookup ??= build();
  const result = lookup.get(currencyKey(toHalfWidth(text))) ?? null;
  if (remembered.size >= MAX_REMEMBERED) remembered.clear();
  remembered.set(text, result);
  return result;
};
