const ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

/**
 * Decodes the `_xHHHH_` escapes Excel writes for characters XML cannot hold (e.g. `_x000D_` for
 * a carriage return); `_x005F_` escapes a literal underscore, so `_x005F_x000D_` reads `_x000D_`.
 */
export function decodeXlsxEscapes(text: string): string {
  if (text.indexOf("_x") < 0) return text;
  return text.replace(ESCAPE, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}
