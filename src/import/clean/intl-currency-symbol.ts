import { type CurrencyMatch, currencyKey } from "./currency-markers.js";

// The locales whose currency symbols an amount is most likely to be printed with: every one the
// Intl agreement tests format with, so "Ft", "Rp", "RM", "lei", "$US" or "E£" read back.
const SYMBOL_LOCALES = [
  "en-US",
  "en-IN",
  "en-GB",
  "en-CA",
  "en-AU",
  "de-DE",
  "de-CH",
  "de-AT",
  "fr-FR",
  "fr-CH",
  "fr-CA",
  "es-ES",
  "es-MX",
  "it-IT",
  "nl-NL",
  "pt-BR",
  "pt-PT",
  "ru-RU",
  "pl-PL",
  "sv-SE",
  "nb-NO",
  "fi-FI",
  "da-DK",
  "cs-CZ",
  "hu-HU",
  "tr-TR",
  "ro-RO",
  "bg-BG",
  "uk-UA",
  "el-GR",
  "ja-JP",
  "zh-CN",
  "zh-TW",
  "ko-KR",
  "hi-IN",
  "id-ID",
  "ms-MY",
  "vi-VN",
  "th-TH",
  "ar-AE",
  "he-IL",
  "fa-IR",
];
// one-letter symbols ("K", "L", "T") would turn "12 k" or "5 L" into kina or lei: never read
const ONE_LETTER = /^[a-z]$/;

let table: Map<string, CurrencyMatch> | null = null;

// Symbol => the currencies printed with it, the one printed so in most locales first. Built once,
// on the first marker the curated list does not know (about 0.7 s: a formatter per locale and code).
const build = (): Map<string, CurrencyMatch> => {
  const counts = new Map<string, Map<string, number>>();
  for (const code of Intl.supportedValuesOf("currency")) {
    for (const locale of SYMBOL_LOCALES) {
      for (const currencyDisplay of ["symbol", "narrowSymbol"] as const) {
        const parts = new Intl.NumberFormat(locale, { style: "currency", currency: code, currencyDisplay }).formatToParts(1);
        const symbol = parts.find((part) => part.type === "currency")?.value ?? "";
        const key = currencyKey(symbol.replace(/[\u200e\u200f\u061c]/g, ""));
        if (key === "" || ONE_LETTER.test(key) || key === code.toLowerCase()) continue;
        const byCode = counts.get(key) ?? new Map<string, number>();
        byCode.set(code, (byCode.get(code) ?? 0) + 1);
        counts.set(key, byCode);
      }
    }
  }
  const result = new Map<string, CurrencyMatch>();
  for (const [key, byCode] of counts) {
    const codes = [...byCode.keys()].sort((a, b) => (byCode.get(b) ?? 0) - (byCode.get(a) ?? 0) || a.localeCompare(b));
    result.set(key, { code: codes[0] ?? "", codes });
  }
  return result;
};

/** The currencies a symbol stands for as the runtime's Intl prints it ("Ft" => HUF); null when none. */
export const intlCurrencySymbol = (marker: string): CurrencyMatch | null => {
  const key = currencyKey(marker);
  if (key === "" || ONE_LETTER.test(key)) return null;
  table ??= build();
  return table.get(key) ?? null;
};
