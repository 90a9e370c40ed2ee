import {
  BOOLEAN_WORDS,
  COUNTRY_CODES,
  COUNTRY_NAMES,
  CURRENCY_WORDS,
  DIRECTION_WORDS,
  INTERACTION_TYPE_WORDS,
  TRANSACTION_KIND_WORDS,
  TRANSACTION_STATUS_WORDS,
} from "./value-vocabulary.js";

export const VALUE_CLASSES = [
  "email",
  "phone",
  "digits",
  "date",
  "money",
  "decimal",
  "integer",
  "currency",
  "country",
  "countryCode",
  "boolean",
  "interactionType",
  "direction",
  "transactionKind",
  "transactionStatus",
  "longText",
] as const;

export type ValueClass = (typeof VALUE_CLASSES)[number];

/** Share (0..1) of the sampled non-empty values that look like each class. */
export interface ValueProfile {
  readonly size: number;
  readonly share: Readonly<Record<ValueClass, number>>;
}

// Values longer than this are text whatever they start with; keeps every regex cheap.
const MAX_VALUE_CHARS = 256;
const MAX_VALUES = 50;

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:".]{2,}$/u;
const ISO_DATE = /^\d{4}-\d{1,2}-\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:z|[+-]\d{2}:?\d{2})?)?$/i;
const TIME = String.raw`(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?m\.?)?)?`;
const NUMERIC_DATE = new RegExp(String.raw`^(?:\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{4}[/.]\d{1,2}[/.]\d{1,2})${TIME}$`, "i");
const CJK_DATE = /^\d{2,4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日/u;
const NAMED_MONTH_DATE =
  /^(?:[a-z]{3,9},?\s+)?(?:\d{1,2}\.?\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-zä]*\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?,?)?\s+\d{4}/i;
const NUMBER = /^\(?[-+]?\s*\d{1,3}(?:[,.'\u00a0\u202f ]?\d{3})*(?:[.,]\d+)?\s*\)?-?$/u;
const DECIMAL = /^\(?[-+]?\d{1,3}(?:[,.'\u00a0 ]?\d{3})*[.,]\d{2}\)?$/u;
const INTEGER = /^[-+]?\d+$/;
const MONEY_PREFIX = /^[-+(]?\s*([$€£¥￥₩₹]|[a-z]{3})\s*/i;
const MONEY_SUFFIX = /\s*([$€£¥￥₩₹元円]|[a-z]{3})\s*\)?$/i;
const PHONE = /^\+?[\d\s\-().\/]{7,24}(?:\s*(?:ext\.?|x|#|转)\s*\d{1,6})?$/i;
const CN_MOBILE = /^1[3-9]\d{9}$/;
const DIGITS = /^\d{7,15}$/;

const digitCount = (text: string): number => {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) count++;
  }
  return count;
};

const isDate = (text: string): boolean => ISO_DATE.test(text) || NUMERIC_DATE.test(text) || CJK_DATE.test(text) || NAMED_MONTH_DATE.test(text);

const isMoney = (text: string): boolean => {
  const prefix = MONEY_PREFIX.exec(text);
  if (prefix !== null && CURRENCY_WORDS.has(prefix[1]!.toLowerCase())) {
    return NUMBER.test(text.slice(prefix[0].length));
  }
  const suffix = MONEY_SUFFIX.exec(text);
  return suffix !== null && CURRENCY_WORDS.has(suffix[1]!.toLowerCase()) && NUMBER.test(text.slice(0, suffix.index));
};

const isPhone = (text: string): boolean => {
  if (CN_MOBILE.test(text)) return true;
  if (!PHONE.test(text)) return false;
  const digits = digitCount(text);
  const formatted = text.startsWith("+") || text.startsWith("00") || /[\s\-()]/.test(text);
  return digits >= 7 && digits <= 15 && formatted;
};

const classesOf = (raw: string): ValueClass[] => {
  const text = raw.trim().slice(0, MAX_VALUE_CHARS);
  const lower = text.toLowerCase();
  const found: ValueClass[] = [];
  if (EMAIL.test(text)) return ["email"];
  if (isDate(text)) found.push("date");
  else if (isMoney(text)) found.push("money");
  else if (isPhone(text)) found.push("phone");
  if (DIGITS.test(text)) found.push("digits");
  if (DECIMAL.test(text)) found.push("decimal");
  if (INTEGER.test(text)) found.push("integer");
  if (CURRENCY_WORDS.has(lower)) found.push("currency");
  if (COUNTRY_NAMES.has(lower)) found.push("country");
  if (/^[A-Z]{2,3}$/.test(text) && COUNTRY_CODES.has(lower)) found.push("countryCode");
  if (BOOLEAN_WORDS.has(lower)) found.push("boolean");
  if (INTERACTION_TYPE_WORDS.has(lower)) found.push("interactionType");
  if (DIRECTION_WORDS.has(lower)) found.push("direction");
  if (TRANSACTION_KIND_WORDS.has(lower)) found.push("transactionKind");
  if (TRANSACTION_STATUS_WORDS.has(lower)) found.push("transactionStatus");
  if ((text.length >= 40 && text.includes(" ")) || (raw.length >= 20 && /\p{Script=Han}{8}/u.test(text))) {
    found.push("longText");
  }
  return found;
};

/** What the sampled values of one column look like; only non-empty values count. */
export const classifyValues = (values: readonly string[]): ValueProfile => {
  const counts = Object.fromEntries(VALUE_CLASSES.map((name) => [name, 0])) as Record<ValueClass, number>;
  let size = 0;
  for (const value of values) {
    if (size === MAX_VALUES) break;
    if (value.trim() === "") continue;
    size++;
    for (const name of classesOf(value)) counts[name]++;
  }
  const share = Object.fromEntries(VALUE_CLASSES.map((name) => [name, size === 0 ? 0 : counts[name] / size])) as Record<ValueClass, number>;
  return { size, share };
};
