import type { MappedRecord } from "../map/mapping-spec.js";
import type { Money } from "./clean-money.js";
import type { CleanOptions, CleanTransaction, RowCleanResult, RowProblem } from "./clean-record.js";
import { FAILED, cleanFields } from "./clean-fields.js";
import { customerLinkProblem } from "./customer-link-problem.js";
import { ENTITY_PLANS, fieldPositions } from "./field-plans.js";
import { dateValue, moneyValue, textValue } from "./field-value.js";
import { type ResolvedCleanOptions, resolveCleanOptions } from "./resolve-clean-options.js";
import { fieldProblem, recordErrorProblems } from "./row-problem.js";

const PLAN = ENTITY_PLANS.TRANSACTION;
const F = fieldPositions(PLAN, ["externalId", "customerExternalId", "customerEmail", "kind", "status", "amount", "currency", "occurredAt", "description"]);
const DEFAULT_KIND = "PURCHASE";
const DEFAULT_STATUS = "COMPLETED";

// The currency column, else the amount's own symbol or code, else the import's default. A
// column that contradicts the amount ("€12" with USD) is an error; one that refines it ("$12"
// with CAD) is not. No currency at all is REQUIRED: the value is missing, not malformed.
const pickCurrency = (record: MappedRecord, column: string | null, money: Money, options: ResolvedCleanOptions, problems: RowProblem[]): string | null => {
  if (column !== null) {
    if (money.currency !== null && !money.currencies.includes(column)) {
      problems.push(fieldProblem("INVALID_CURRENCY", "currency", `${column} disagrees with the amount's currency (${money.currency})`, record.fields.currency));
      return null;
    }
    return column;
  }
  if (money.currency !== null) return money.currency;
  if (options.fallbackCurrency === "") {
    problems.push(fieldProblem("INVALID_CURRENCY", "currency", "not given, and the import's default currency is not a known ISO 4217 code"));
    return null;
  }
  if (options.fallbackCurrency === null) {
    problems.push(fieldProblem("REQUIRED", "currency", "not given by a currency column, the amount or the import's default currency", record.fields.currency));
  }
  return options.fallbackCurrency;
};

/**
 * A transaction row: amount, occurredAt and a customer link required; the amount is stored as
 * a positive magnitude, and a negative amount without a kind is a REFUND (with any other
 * kind it is an error: the sign and the kind would disagree about which way money moved).
 */
export const cleanTransactionRow = (record: MappedRecord, options: CleanOptions): RowCleanResult<CleanTransaction> => {
  if (record.error !== undefined) return { ok: false, problems: recordErrorProblems(record.error) };
  const problems: RowProblem[] = [];
  const resolved = resolveCleanOptions(options);
  // amount and occurredAt are required in the catalog: cleanFields reports them when empty
  const values = cleanFields(PLAN, record, resolved, problems);
  const link = customerLinkProblem(values, F.customerExternalId, F.customerEmail);
  if (link !== null) problems.push(link);
  const occurredAt = dateValue(values[F.occurredAt]);
  const money = moneyValue(values[F.amount]);
  const negative = money?.amount.startsWith("-") ?? false;
  const givenKind = values[F.kind];
  const kind = givenKind === undefined ? (negative ? "REFUND" : DEFAULT_KIND) : textValue(givenKind);
  if (negative && kind !== null && kind !== "REFUND" && givenKind !== undefined) {
    problems.push(
      fieldProblem(
        "INVALID_NUMBER",
        "amount",
        `negative, but the kind is ${kind}; only a REFUND (or a row without a kind) may be negative`,
        record.fields.amount,
      ),
    );
  }
  const currency = money === null || values[F.currency] === FAILED ? null : pickCurrency(record, textValue(values[F.currency]), money, resolved, problems);
  if (problems.length > 0 || money === null || occurredAt === null || currency === null || kind === null) {
    return { ok: false, problems };
  }
  return {
    ok: true,
    record: {
      externalId: textValue(values[F.externalId]),
      customerExternalId: textValue(values[F.customerExternalId]),
      customerEmail: textValue(values[F.customerEmail]),
      kind,
      status: textValue(values[F.status]) ?? DEFAULT_STATUS,
      amount: negative ? money.amount.slice(1) : money.amount,
      currency,
      occurredAt,
      description: textValue(values[F.description]),
    },
  };
};
