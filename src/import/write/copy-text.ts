// PostgreSQL's COPY text format, for the rows a batch stages. A backslash starts an escape, a tab
// ends a field and a newline a row; every other character stands for itself. So a value is safe
// once its backslashes, tabs, newlines and carriage returns are escaped (a lone `\.` line, the end
// marker, then cannot occur either), and `\N` (backslash, capital N) is NULL.
// Written here rather than taken from a library: it is these four replacements; the property
// test (copy-text.property.test.ts) round-trips any text through a real COPY.

const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPED: Readonly<Record<string, string>> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };
const escapeOne = (c: string): string => ESCAPED[c]!;

/** One field: `\N` for null, else the text with its special characters escaped. */
export const copyField = (value: string | null | undefined): string =>
  value === null || value === undefined ? "\\N" : SPECIAL.test(value) ? value.replace(SPECIALS, escapeOne) : value;

/** One row's line, its newline included. */
export const copyLine = (fields: readonly (string | null | undefined)[]): string => {
  let line = copyField(fields[0]);
  for (let i = 1; i < fields.length; i++) line += "\t" + copyField(fields[i]);
  return line + "\n";
};
