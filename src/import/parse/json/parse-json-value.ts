/** What JSON.parse gives to a reviver as its third argument (Node ≥ 21); missing from lib.es2023. */
interface ReviverContext {
  readonly source?: string;
}

type Reviver = (this: unknown, key: string, value: unknown, context?: ReviverContext) => unknown;

export type ParsedJsonValue = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

/**
 * Parses one JSON value. With `exactNumbers`, numbers that a double cannot hold exactly (integers
 * past 2^53, decimals with more than 15 significant digits, out-of-range exponents) are kept as
 * their source text, so long ids and phone numbers keep every digit. The caller sets it only
 * when the text may hold such a number, since a reviver slows parsing down.
 */
export function parseJsonValue(text: string, exactNumbers: boolean): ParsedJsonValue {
  try {
    const value: unknown = exactNumbers ? (JSON.parse as (text: string, reviver: Reviver) => unknown)(text, keepInexactNumbers) : JSON.parse(text);
    return { ok: true, value };
  } catch (error) {
    return { ok: false, message: withoutQuotedText(error instanceof Error ? error.message : String(error)) };
  }
}

// V8 quotes the text around a bad token ('Unexpected token 'x', ..."a@b.c", x}" is not valid
// JSON'); that text is row data and stays out of messages, which say where, not what
function withoutQuotedText(message: string): string {
  return message.replace(/, (?:\.\.\.)?"[\s\S]*" is not valid JSON$/, "");
}

function keepInexactNumbers(this: unknown, _key: string, value: unknown, context?: ReviverContext): unknown {
  if (typeof value !== "number" || context?.source === undefined) return value;
  return isExact(value, context.source) ? value : context.source;
}

const MIN_NORMAL = 2 ** -1022;

function isExact(value: number, source: string): boolean {
  if (/^-?\d+$/.test(source)) return Number.isSafeInteger(value);
  if (!Number.isFinite(value)) return false;
  const mantissa = source
    .replace(/^-/, "")
    .replace(/[eE].*$/, "")
    .replace(".", "")
    .replace(/^0+/, "");
  // 1e-400 underflows to 0, and numbers below 2^-1022 keep fewer digits: kept as their text
  if (Math.abs(value) < MIN_NORMAL) return mantissa.replace(/0+$/, "") === "";
  return mantissa.length <= 15;
}
