import type { CellValue } from "../parse/parser.js";
import { cellToText } from "./cell-to-text.js";
import { type CleanResult, cleanFail, cleanOk } from "./clean-result.js";
import { lookupCurrency } from "./lookup-currency.js";

const EMPTY: CleanResult<never> = cleanOk(null);

/**
 * An ISO 4217 code from a code in any case ("usd"), a symbol ("€", "US$", "¥" => CNY) or a
 * name ("人民币", "Euro", "美元", "円").
 */
export const cleanCurrency = (value: CellValue): CleanResult<string> => {
  if (value === null) return EMPTY;
  const text = (typeof value === "string" ? value : cellToText(value)).trim();
  if (text === "") return EMPTY;
  const match = lookupCurrency(text);
  return match === null ? cleanFail("INVALID_CURRENCY", "not a known currency (expected an ISO 4217 code such as USD)") : cleanOk(match.code);
};
