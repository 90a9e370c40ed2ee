/** An unsigned decimal read from text: integer digits without leading zeros, and the fraction as written. */
export interface DecimalDigits {
  readonly integer: string;
  readonly fraction: string;
}

export const MAX_INTEGER_DIGITS = 15;
export const MAX_FRACTION_DIGITS = 4;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

// every separator as one of ".", ",", "'" (apostrophes) or " " (the spaces used for grouping)
const separatorOf = (c: string): string | null => {
  if (c === "." || c === ",") return c;
  if (c === "'" || c === "\u2019") return "'";
  if (c === " " || c === "\u00a0" || c === "\u202f" || c === "\u2009") return " ";
  return null;
};

// Which separator, if any, is the decimal point. With none given: the last of "." and "," when
// both appear; one that appears twice groups; after spaces or apostrophes it is the decimal;
// alone before exactly three digits it groups thousands ("1,234" and "1.234" are 1234), except
// after a lone 0 ("0.125").
const decimalIndex = (groups: readonly string[], seps: readonly string[], given: string | undefined): number => {
  const last = seps.length - 1;
  if (last < 0) return -1;
  if (given !== undefined) return seps[last] === given ? last : -1;
  const sep = seps[last] ?? "";
  if (sep === " " || sep === "'") return -1;
  if (seps.indexOf(sep) !== last) return -1;
  if (seps.some((s) => s !== sep)) return last;
  const tail = groups[last + 1] ?? "";
  const head = groups[0] ?? "";
  return tail.length === 3 && head !== "0" && head.length <= 3 ? -1 : last;
};

/**
 * Reads "1,234.50", "1.234,50", "1 234,50", "1'234.50", "1,23,456.00" or ".5" exactly; the
 * text holds only digits and separators. Returns a reason instead when it is not a number.
 */
export const parseDecimal = (text: string, decimalSeparator: string | undefined): DecimalDigits | string => {
  const groups: string[] = [];
  const seps: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (isDigit(text.charCodeAt(i))) continue;
    const sep = separatorOf(text.charAt(i));
    if (sep === null) return "not a number";
    if (i === start && !(i === 0 && (sep === "." || sep === ","))) return "not a number";
    groups.push(text.slice(start, i));
    seps.push(sep);
    start = i + 1;
  }
  groups.push(text.slice(start));
  if (groups[groups.length - 1] === "") return "not a number";
  let integerGroups = groups;
  let fraction = "";
  if (groups[0] === "") {
    // ".5": a leading separator can only be the decimal point
    if (groups.length !== 2 || (decimalSeparator !== undefined && seps[0] !== decimalSeparator)) return "not a number";
    integerGroups = ["0"];
    fraction = groups[1] ?? "";
  } else {
    const at = decimalIndex(groups, seps, decimalSeparator);
    const grouping = at === -1 ? seps : seps.slice(0, at);
    if (at !== -1) {
      fraction = groups[at + 1] ?? "";
      integerGroups = groups.slice(0, at + 1);
    }
    const groupSep = grouping[0];
    if (groupSep !== undefined) {
      if (grouping.some((s) => s !== groupSep) || groupSep === seps[at] || groupSep === decimalSeparator) {
        return "mixes separators";
      }
      // thousands groups of 3; lakh groups of 2 (1,23,456) in between are fine too
      const lastGroup = integerGroups.length - 1;
      for (let i = 0; i <= lastGroup; i++) {
        const n = integerGroups[i]?.length ?? 0;
        if (i === 0 ? n > 3 : i === lastGroup ? n !== 3 : n !== 2 && n !== 3) return "has misplaced digit grouping";
      }
    }
  }
  let integer = integerGroups.join("");
  let zeros = 0;
  while (zeros < integer.length - 1 && integer.charCodeAt(zeros) === 48) zeros++;
  integer = integer.slice(zeros);
  if (fraction.length > MAX_FRACTION_DIGITS) return `has more than ${MAX_FRACTION_DIGITS} decimal places`;
  if (integer.length > MAX_INTEGER_DIGITS) return `has more than ${MAX_INTEGER_DIGITS} digits before the decimal point`;
  return { integer, fraction };
};
