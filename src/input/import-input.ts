import type { UserError } from "../schema/node.type.js";
import type { ImportOptionsInput } from "../schema/import.types.js";
import { type StoredImportOptions, MATCH_KEYS, type ImportEntityName } from "../import/index.js";

const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));

const validTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const err = (field: string[], message: string, code: string): UserError => ({ field, message, code });

/** Checks the import options once, up front; returns them as stored on the job (runAt is the caller's, never stored here). */
export const checkImportOptions = (
  input: ImportOptionsInput | null | undefined,
  path: string[],
  entity: ImportEntityName,
  allowRunAt = false,
): { options: StoredImportOptions; errors: UserError[] } => {
  const o = input ?? {};
  const errors: UserError[] = [];
  const options: StoredImportOptions = {};
  const at = (name: string) => [...path, name];
  // options are stored as jsonb, which cannot hold U+0000
  for (const [name, value] of Object.entries(o)) {
    if (typeof value === "string" && value.includes("\0")) errors.push(err(at(name), `${name} cannot hold a NUL character.`, "INVALID_OPTION"));
  }
  if (errors.length > 0) return { options, errors };
  if (o.encoding) options.encoding = o.encoding.trim();
  if (o.delimiter !== null && o.delimiter !== undefined && o.delimiter !== "") {
    const d = o.delimiter === "\\t" ? "\t" : o.delimiter;
    if ([...d].length !== 1 || d === '"' || d === "\n" || d === "\r")
      errors.push(err(at("delimiter"), "The delimiter must be one character other than a quote or a line break.", "INVALID_OPTION"));
    else options.delimiter = d;
  }
  if (o.sheet) options.sheet = o.sheet;
  if (o.headerRow !== null && o.headerRow !== undefined) {
    if (!Number.isInteger(o.headerRow) || o.headerRow < 1 || o.headerRow > 1000)
      errors.push(err(at("headerRow"), "headerRow must be between 1 and 1000.", "INVALID_OPTION"));
    else options.headerRow = o.headerRow;
  }
  if (o.recordPath) options.recordPath = o.recordPath;
  if (o.table !== null && o.table !== undefined && o.table.trim() !== "") {
    if (o.table.length > 256 || /[\u0000-\u001f]/.test(o.table))
      errors.push(err(at("table"), "table must be a table name of at most 256 characters.", "INVALID_OPTION"));
    else options.table = o.table.trim();
  }
  if (o.dateFormat) options.dateFormat = o.dateFormat;
  if (o.timeZone) {
    if (!validTimeZone(o.timeZone)) errors.push(err(at("timeZone"), `"${o.timeZone}" is not an IANA time zone such as Asia/Shanghai.`, "INVALID_OPTION"));
    else options.timeZone = o.timeZone;
  }
  if (o.defaultCurrency) {
    const c = o.defaultCurrency.trim().toUpperCase();
    if (!CURRENCIES.has(c)) errors.push(err(at("defaultCurrency"), `"${o.defaultCurrency}" is not an ISO 4217 currency code.`, "INVALID_OPTION"));
    else options.defaultCurrency = c;
  }
  if (o.defaultCountry) {
    const c = o.defaultCountry.trim().toUpperCase();
    if (!/^[A-Z]{2}$/.test(c)) errors.push(err(at("defaultCountry"), "defaultCountry must be an ISO 3166-1 alpha-2 code such as CN.", "INVALID_OPTION"));
    else options.defaultCountry = c;
  }
  if (o.decimalSeparator) {
    if (o.decimalSeparator !== "." && o.decimalSeparator !== ",")
      errors.push(err(at("decimalSeparator"), 'decimalSeparator must be "." or ",".', "INVALID_OPTION"));
    else options.decimalSeparator = o.decimalSeparator;
  }
  if (o.createMissingCustomers) options.createMissingCustomers = true;
  if (o.amendPostedTransactions) {
    if (entity !== "TRANSACTION")
      errors.push(err(at("amendPostedTransactions"), `amendPostedTransactions applies to TRANSACTION imports, not ${entity}.`, "INVALID_OPTION"));
    else options.amendPostedTransactions = true;
  }
  if (o.onPossibleDuplicate) {
    if (entity !== "CUSTOMER")
      errors.push(err(at("onPossibleDuplicate"), `onPossibleDuplicate applies to CUSTOMER and GRAPH imports, not ${entity}.`, "INVALID_OPTION"));
    else if (o.onPossibleDuplicate !== "WARN") options.onPossibleDuplicate = o.onPossibleDuplicate;
  }
  // only a file import is queued to start later; elsewhere a runAt would be silently ignored
  if (o.runAt !== null && o.runAt !== undefined && !allowRunAt) errors.push(err(at("runAt"), "runAt applies to startImport only.", "INVALID_OPTION"));
  return { options, errors };
};

/** The dedupe keys of an import; activities always dedupe on their unique externalId. */
export const checkMatchOn = (
  entity: ImportEntityName,
  matchOn: readonly string[] | null | undefined,
  defaults: readonly string[],
): { matchOn: string[]; errors: UserError[] } => {
  const allowed = MATCH_KEYS[entity];
  const given = matchOn ?? defaults;
  const errors = given
    .map((key, i) =>
      allowed.includes(key)
        ? null
        : err(["input", "matchOn", String(i)], `"${key}" cannot be a dedupe key for ${entity}; use ${allowed.join(", ")}.`, "INVALID_MATCH_KEY"),
    )
    .filter((e): e is UserError => e !== null);
  const keys = [...new Set(given.filter((k) => allowed.includes(k)))];
  if (entity !== "CUSTOMER" && !keys.includes("externalId")) keys.unshift("externalId");
  return { matchOn: keys, errors };
};
