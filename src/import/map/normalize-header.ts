import { toSimplified } from "./to-simplified.js";

/** A header reduced for matching: "Phone Number (必填)*" gives tokens ["phone", "number"]. */
export interface NormalizedHeader {
  /** Tokens in order: lower-case words, digit runs, and runs of CJK characters. */
  readonly tokens: readonly string[];
  /** The tokens joined: "phonenumber", "手机号". */
  readonly compact: string;
}

// Headers longer than this are not names anyone matches on; clip before any regex runs.
const MAX_HEADER_CHARS = 200;

// Annotations such as "(必填)", "[required]", "【选填】", "<USD>", removed when something is left.
const BRACKETED = /\([^()]*\)|\[[^[\]]*\]|【[^【】]*】|<[^<>]*>|《[^《》]*》|〔[^〔〕]*〕/gu;
const CAMEL_LOWER_UPPER = /(\p{Ll})(\p{Lu})/gu;
const CAMEL_ACRONYM = /(\p{Lu})(\p{Lu}\p{Ll})/gu;
const LATIN_DIACRITICS = /[\u0300-\u036f]/g;
const CJK = "\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}ー々";
// A token is a run of CJK characters, a run of other letters, or a run of digits.
const TOKEN = new RegExp(`[${CJK}]+|[\\p{L}\\p{M}]+|\\p{N}+`, "gu");
const HAS_CJK = new RegExp(`[${CJK}]`, "u");
const HAS_WORD = /[\p{L}\p{N}]/u;

export const isCjk = (text: string): boolean => HAS_CJK.test(text);

/**
 * Lower-case, full-width to half-width, Traditional Chinese to Simplified, accents off Latin
 * letters, annotations and punctuation removed, camelCase and snake_case split into tokens.
 */
export const normalizeHeader = (header: string): NormalizedHeader => {
  let text = toSimplified(header.slice(0, MAX_HEADER_CHARS).normalize("NFKC"));
  const unbracketed = text.replace(BRACKETED, " ");
  if (HAS_WORD.test(unbracketed)) text = unbracketed;
  text = text
    .replace(CAMEL_LOWER_UPPER, "$1 $2")
    .replace(CAMEL_ACRONYM, "$1 $2")
    .toLowerCase()
    .replace(/ß/g, "ss")
    .normalize("NFD")
    .replace(LATIN_DIACRITICS, "")
    .normalize("NFC");
  const tokens = text.match(TOKEN) ?? [];
  return { tokens, compact: tokens.join("") };
};
