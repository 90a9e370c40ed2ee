/** A number of 16 or more digits and dots, or with an exponent, where a JSON value starts. */
const INEXACT_NUMBER = /[:,[]\s*-?\d(?:[\d.]{15}|[\d.]*[eE])/;

/**
 * Whether a JSON text may hold a number that a double cannot keep exactly. A false positive
 * (such text inside a string) only costs a slower parse; a false negative cannot happen.
 */
export function mayHoldInexactNumber(text: string): boolean {
  return INEXACT_NUMBER.test(text);
}
