import type { MappedValue } from "../map/mapping-spec.js";
import { cleanCountry } from "./clean-country.js";
import { cleanCurrency } from "./clean-currency.js";
import { cleanDate } from "./clean-date.js";
import { cleanEmail } from "./clean-email.js";
import { cleanEnum } from "./clean-enum.js";
import { type Money, cleanMoney } from "./clean-money.js";
import { cleanPhone } from "./clean-phone.js";
import type { CleanResult } from "./clean-result.js";
import { cleanText } from "./clean-text.js";
import type { FieldPlan } from "./field-plans.js";
import type { ResolvedCleanOptions } from "./resolve-clean-options.js";
import { splitTags } from "./split-tags.js";

export type FieldValue = string | Date | Money | readonly string[];

const NO_VALUES: readonly string[] = [];
// one options object per mark, so no row allocates one
const MONEY_OPTIONS = { ".": { decimalSeparator: "." }, ",": { decimalSeparator: "," } } as const;
const NO_MONEY_OPTIONS = {};

// the caller's decimalSeparator, else the mark the column's values showed, else read per value
const moneyOptions = (column: string, options: ResolvedCleanOptions) => {
  const mark = options.decimalSeparator ?? options.columnDecimalSeparators?.[column];
  return mark === "." || mark === "," ? MONEY_OPTIONS[mark] : NO_MONEY_OPTIONS;
};

/** Applies the cleaner of the field's kind, with the column's transform and the import's options. */
export const cleanField = (plan: FieldPlan, mapped: MappedValue, options: ResolvedCleanOptions): CleanResult<FieldValue> => {
  const { def } = plan;
  const value = mapped.value;
  switch (def.kind) {
    case "text":
      return cleanText(value, def.maxLength);
    case "email":
      return cleanEmail(value);
    case "phone":
      return cleanPhone(value, options.phoneCountry);
    case "date":
      return cleanDate(value, {
        format: mapped.transform?.dateFormat ?? options.dateFormat,
        order: options.columnDateOrders?.[mapped.column],
        timeZone: options.timeZone,
      });
    case "money":
      return cleanMoney(value, moneyOptions(mapped.column, options));
    case "currency":
      return cleanCurrency(value);
    case "country":
      return cleanCountry(value);
    case "enum":
      return cleanEnum(value, def.enumValues ?? NO_VALUES, plan.synonyms);
    case "tags":
      return splitTags(value, mapped.transform?.split, def.maxLength);
  }
};
