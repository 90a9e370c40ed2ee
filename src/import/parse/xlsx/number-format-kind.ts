/** How a numeric cell is read, decided by its number format. */
export type NumberFormatKind = "number" | "date" | "text";

/**
 * Built-in format ids that show dates or times: 14–22 and 45–47 everywhere, 27–36 and 50–58
 * in the East Asian locales that define them (all of them date or time formats).
 */
const BUILT_IN_DATE_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);
const BUILT_IN_TEXT_ID = 49;

/** The kind of a cell format: its custom code when the workbook defines one, else its built-in id. */
export function numberFormatKind(id: number, code: string | undefined): NumberFormatKind {
  if (code !== undefined) return formatCodeKind(code);
  if (BUILT_IN_DATE_IDS.has(id)) return "date";
  return id === BUILT_IN_TEXT_ID ? "text" : "number";
}

/**
 * Strips what never denotes a date part: quoted literals, escaped and padding characters,
 * bracketed colours, conditions and locales, "General" and AM/PM markers.
 */
const NOT_TOKENS = /"[^"]*"|\\.|_.|\*.|\[(?![hms]+\])[^\]]*\]|General|AM\/PM|A\/P/gi;
/** d m y h s, era (e, g), Buddhist year (b), and elapsed time [h] [mm] [ss]; "E+" is scientific. */
const DATE_TOKEN = /[dmyhsgb]|e(?![+-])|\[[hms]+\]/i;

/** The kind of a format code such as "yyyy-mm-dd", "0.00" or "@". */
export function formatCodeKind(code: string): NumberFormatKind {
  const stripped = code.replace(NOT_TOKENS, "");
  if (stripped.trim() === "@") return "text";
  return DATE_TOKEN.test(stripped) ? "date" : "number";
}
