import type { CellValue } from "../parse/parser.js";
import { cellToText } from "./cell-to-text.js";
import { type CleanResult, cleanFail, cleanOk } from "./clean-result.js";
import { isRegion, lookupCountry } from "./lookup-country.js";

const EMPTY: CleanResult<never> = cleanOk(null);

/** ISO 3166-1 alpha-2 from "CN", "CHN", "156", "China", "中国", "中國", "Deutschland", "U.S.A.", "Royaume-Uni"... */
export const cleanCountry = (value: CellValue): CleanResult<string> => {
  if (value === null) return EMPTY;
  const text = (typeof value === "string" ? value : cellToText(value)).trim();
  if (text === "") return EMPTY;
  const code = lookupCountry(text);
  if (code !== null) return cleanOk(code);
  return isRegion(text)
    ? cleanFail("INVALID_COUNTRY", "a region, not a country (expected a country name or an ISO 3166 code)")
    : cleanFail("INVALID_COUNTRY", "not a known country (expected a name or an ISO 3166 code)");
};
