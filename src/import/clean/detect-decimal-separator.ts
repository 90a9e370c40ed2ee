import { toHalfWidth } from "./to-half-width.js";

/** What a column's values say about its decimal mark. */
export type DecimalSeparatorVerdict =
  | { readonly kind: "decided"; readonly separator: "." | "," }
  /** Some value reads either way ("1,234") and no value decides; `example` is the first such value. */
  | { readonly kind: "ambiguous"; readonly example: string }
  | { readonly kind: "none" };

const NONE: DecimalSeparatorVerdict = { kind: "none" };
const DIGIT_RUN = /\d[\d.,'\u2019 \u00a0\u202f\u2009]*\d|\d/;
const GROUPING_ONLY = /['\u2019 \u00a0\u202f\u2009]/;
// bounds the work on a hostile cell, as cleanMoney does
const MAX_AMOUNT_TEXT = 100;

type Evidence = "." | "," | "ambiguous" | null;

const other = (sep: "." | ","): "." | "," => (sep === "." ? "," : ".");

// The mark one value shows: the last of "." and "," when both appear; the other one when one
// repeats ("1,234,567"); one after spaces or apostrophes ("1 234,5"); one not followed by
// exactly three digits ("0.99", "12,5"), or after a lone 0 or more than three digits ("0.125",
// "1234.567"). A lone mark before three digits ("1,234", "1.005") shows nothing: ambiguous.
const evidenceOf = (value: string): Evidence => {
  const text = toHalfWidth(value);
  if (text.length > MAX_AMOUNT_TEXT) return null;
  const run = DIGIT_RUN.exec(text);
  if (run === null) return null;
  const before = text.charAt(run.index - 1);
  if ((before === "." || before === ",") && !/[\p{L}\d]/u.test(text.charAt(run.index - 2))) return before;
  const core = run[0];
  const marks = [...core].filter((c) => c === "." || c === ",") as ("." | ",")[];
  if (marks.length === 0) return null;
  const last = marks[marks.length - 1]!;
  if (marks.some((m) => m !== last)) return last;
  if (marks.length > 1) return other(last);
  const at = core.lastIndexOf(last);
  const head = core.slice(0, at);
  if (GROUPING_ONLY.test(head)) return last;
  const tail = core.slice(at + 1);
  if (!/^\d+$/.test(tail) || !/^\d+$/.test(head)) return null;
  if (tail.length !== 3 || head === "0" || head.length > 3) return last;
  return "ambiguous";
};

/**
 * The decimal mark of an amount column from its sample values: decided when the values that
 * show a mark all show the same one; ambiguous when none shows one (or they contradict each
 * other) and some value would read differently under each; none when nothing needs deciding.
 */
export const detectDecimalSeparator = (samples: readonly string[]): DecimalSeparatorVerdict => {
  let dot = 0;
  let comma = 0;
  let example: string | null = null;
  for (const sample of samples) {
    const evidence = evidenceOf(sample);
    if (evidence === ".") dot++;
    else if (evidence === ",") comma++;
    else if (evidence === "ambiguous") example ??= sample.trim();
  }
  if (dot > 0 && comma === 0) return { kind: "decided", separator: "." };
  if (comma > 0 && dot === 0) return { kind: "decided", separator: "," };
  return example === null ? NONE : { kind: "ambiguous", example };
};
