import type { CellValue } from "../parse/parser.js";
import { cellToText } from "./cell-to-text.js";
import { type CleanResult, cleanFail, cleanOk } from "./clean-result.js";
import { enumKey } from "./enum-key.js";
import type { EnumSynonyms } from "./enum-synonyms.js";

const EMPTY: CleanResult<never> = cleanOk(null);
const NO_SYNONYMS: EnumSynonyms = new Map();

interface Lookup {
  readonly values: ReadonlyMap<string, string>;
  readonly message: string;
}

// allowed lists and synonym tables are module constants: build each pairing's lookup once
const lookups = new WeakMap<readonly string[], WeakMap<EnumSynonyms, Lookup>>();

const lookupFor = (allowed: readonly string[], synonyms: EnumSynonyms): Lookup => {
  let bySynonyms = lookups.get(allowed);
  if (bySynonyms === undefined) {
    bySynonyms = new WeakMap();
    lookups.set(allowed, bySynonyms);
  }
  let lookup = bySynonyms.get(synonyms);
  if (lookup === undefined) {
    const values = new Map<string, string>();
    for (const value of allowed) values.set(enumKey(value), value);
    for (const [key, value] of synonyms) if (allowed.includes(value) && !values.has(key)) values.set(key, value);
    lookup = { values, message: `not one of ${allowed.join(", ")}` };
    bySynonyms.set(synonyms, lookup);
  }
  return lookup;
};

/** One of `allowed`, matched case-insensitively, directly or through a synonym ("电话" => CALL). */
export const cleanEnum = (value: CellValue, allowed: readonly string[], synonyms: EnumSynonyms = NO_SYNONYMS): CleanResult<string> => {
  if (value === null) return EMPTY;
  const text = (typeof value === "string" ? value : cellToText(value)).trim();
  if (text === "") return EMPTY;
  const lookup = lookupFor(allowed, synonyms);
  const found = lookup.values.get(enumKey(text));
  return found === undefined ? cleanFail("INVALID_ENUM", lookup.message) : cleanOk(found);
};
