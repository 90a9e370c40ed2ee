import type { CleanOptions } from "./clean-record.js";
import { lookupCountry } from "./lookup-country.js";
import { lookupCurrency } from "./lookup-currency.js";

/** CleanOptions with the defaults read once per import: "中国" => "CN", "rmb" => "CNY". */
export interface ResolvedCleanOptions extends CleanOptions {
  /** Alpha-2, or undefined when none was given or it is not a country. */
  readonly phoneCountry: string | undefined;
  /** ISO 4217; null when none was given; "" when one was given that is not a currency. */
  readonly fallbackCurrency: string | null;
}

const resolved = new WeakMap<CleanOptions, ResolvedCleanOptions>();

const resolve = (options: CleanOptions): ResolvedCleanOptions => {
  const country = options.defaultCountry?.trim();
  const currency = options.defaultCurrency?.trim();
  return {
    ...options,
    phoneCountry: country ? (lookupCountry(country) ?? undefined) : undefined,
    fallbackCurrency: currency ? (lookupCurrency(currency)?.code ?? "") : null,
  };
};

let lastOptions: CleanOptions | null = null;
let lastResolved: ResolvedCleanOptions | null = null;

// one options object serves a whole import: resolve it on its first row only
export const resolveCleanOptions = (options: CleanOptions): ResolvedCleanOptions => {
  if (options === lastOptions && lastResolved !== null) return lastResolved;
  let result = resolved.get(options);
  if (result === undefined) {
    result = resolve(options);
    resolved.set(options, result);
  }
  lastOptions = options;
  lastResolved = result;
  return result;
};
