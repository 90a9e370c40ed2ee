/** Longest raw text kept for the error report, in UTF-16 code units. */
export const RAW_MAX_CHARS = 4096;

/** Cuts a record's raw text for the error report, never inside a surrogate pair. */
export function capRaw(text: string): string {
  if (text.length <= RAW_MAX_CHARS) return text;
  let end = RAW_MAX_CHARS;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}
