import type { ImportEntityName } from "../fields/field-catalog.js";
import type { ValueClass, ValueProfile } from "./classify-values.js";

/** One piece of value evidence: when `share(profile)` reaches `min`, `field` scores `base + slope * share`. */
interface ValueRule {
  readonly field: string;
  readonly share: (share: Readonly<Record<ValueClass, number>>) => number;
  readonly min: number;
  readonly base: number;
  readonly slope: number;
}

// Fewer sampled values than this say too little about a column.
const MIN_SAMPLES = 2;

const rule = (field: string, share: ValueRule["share"], min: number, base: number, slope: number): ValueRule => ({ field, share, min, base, slope });

// Strongly formatted phones count fully, bare digit runs (ids look the same) count half.
const phoneShare: ValueRule["share"] = (s) => Math.min(1, s.phone + 0.5 * s.digits);
const moneyShare: ValueRule["share"] = (s) => s.money;
const decimalShare: ValueRule["share"] = (s) => s.decimal;
const countryShare: ValueRule["share"] = (s) => Math.min(1, s.country + 0.6 * s.countryCode);

const RULES: Readonly<Record<ImportEntityName, readonly ValueRule[]>> = {
  CUSTOMER: [
    rule("email", (s) => s.email, 0.7, 0.55, 0.4),
    rule("phone", phoneShare, 0.7, 0.5, 0.4),
    rule("createdAt", (s) => s.date, 0.7, 0.45, 0.35),
    rule("country", countryShare, 0.7, 0.45, 0.4),
  ],
  INTERACTION: [
    rule("customerEmail", (s) => s.email, 0.7, 0.55, 0.4),
    rule("occurredAt", (s) => s.date, 0.7, 0.5, 0.35),
    rule("type", (s) => s.interactionType, 0.8, 0.5, 0.4),
    rule("direction", (s) => s.direction, 0.8, 0.5, 0.4),
    rule("body", (s) => s.longText, 0.6, 0.35, 0.2),
  ],
  TRANSACTION: [
    rule("customerEmail", (s) => s.email, 0.7, 0.55, 0.4),
    rule("occurredAt", (s) => s.date, 0.7, 0.5, 0.35),
    rule("amount", moneyShare, 0.7, 0.55, 0.35),
    rule("amount", decimalShare, 0.7, 0.4, 0.3),
    rule("currency", (s) => s.currency, 0.8, 0.5, 0.4),
    rule("kind", (s) => s.transactionKind, 0.8, 0.5, 0.4),
    rule("status", (s) => s.transactionStatus, 0.8, 0.5, 0.4),
    rule("description", (s) => s.longText, 0.6, 0.3, 0.2),
  ],
};

/** Fields the column's values suggest, with a score each. */
export const valueCandidates = (entity: ImportEntityName, profile: ValueProfile): Map<string, number> => {
  const scores = new Map<string, number>();
  if (profile.size < MIN_SAMPLES) return scores;
  for (const { field, share, min, base, slope } of RULES[entity]) {
    const value = share(profile.share);
    if (value < min) continue;
    const score = base + slope * value;
    if (score > (scores.get(field) ?? 0)) scores.set(field, score);
  }
  return scores;
};

/**
 * How well the values fit a field's kind, 0..1, or null when the kind takes any text or the
 * sample is too small to say. A header that says "Email" over a column of yes/no is doubtful.
 */
export const kindFit = (kind: string, field: string, profile: ValueProfile): number | null => {
  if (profile.size < 3) return null;
  const s = profile.share;
  switch (kind) {
    case "email":
      return s.email;
    case "phone":
      return Math.min(1, s.phone + s.digits);
    case "date":
      return Math.min(1, s.date + s.integer);
    case "money":
      return Math.min(1, s.money + s.decimal + s.integer);
    case "currency":
      return s.currency;
    case "country":
      return Math.min(1, s.country + s.countryCode);
    case "enum":
      return field === "direction" ? s.direction : null;
    default:
      return null;
  }
};
