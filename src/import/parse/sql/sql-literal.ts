import { isUtf8 } from "node:buffer";
import type { SqlToken } from "./sql-lexer.js";

/** A literal's value as text (numbers keep their digits), or why the token is no literal. */
export type SqlLiteral = { readonly ok: true; readonly value: string | null; readonly invalidUtf8: boolean } | { readonly ok: false; readonly message: string };

const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const HEX_NUMBER = /^0x([0-9A-Fa-f]*)$/;
const BIT_NUMBER = /^0b([01]*)$/;
const WORDS: Readonly<Record<string, string | null>> = { NULL: null, DEFAULT: null, TRUE: "true", FALSE: "false" };

const ok = (value: string | null, invalidUtf8 = false): SqlLiteral => ({ ok: true, value, invalidUtf8 });

/** Binary data stays readable: text when its bytes are UTF-8, else its hex digits as 0x... */
const fromBytes = (bytes: Buffer): string => (isUtf8(bytes) && !bytes.includes(0) ? bytes.toString("utf8") : `0x${bytes.toString("hex").toUpperCase()}`);

const fromHex = (digits: string): SqlLiteral =>
  /^[0-9A-Fa-f]*$/.test(digits) && digits.length % 2 === 0
    ? ok(fromBytes(Buffer.from(digits, "hex")))
    : { ok: false, message: `"${digits}" is not an even run of hex digits.` };

const fromBits = (bits: string): SqlLiteral =>
  /^[01]*$/.test(bits) ? ok(bits === "" ? "0" : BigInt(`0b${bits}`).toString()) : { ok: false, message: `"${bits}" is not a bit string.` };

/**
 * The value of one literal token in a VALUES tuple. `binary`: a MySQL _binary introducer came
 * before it. Binary data (introduced so, or holding a NUL) reads as text when it is UTF-8 without
 * NUL, else as 0x and its hex digits; text that is not UTF-8 fails its row (INVALID_ENCODING). Anything else (a function call, an expression) is not read: nothing in a dump runs.
 */
export function literalValue(token: SqlToken, binary: boolean): SqlLiteral {
  switch (token.kind) {
    case "string":
      if (token.prefix === "X") return fromHex(token.text);
      if (token.prefix === "B") return fromBits(token.text);
      if ((binary || token.prefix === "_binary") && token.bytes !== null) return ok(fromBytes(token.bytes));
      // a NUL marks binary data (MariaDB writes BLOBs as plain strings): hex, not a failed row
      if (token.bytes !== null && token.bytes.includes(0)) return ok(fromBytes(token.bytes));
      return ok(token.text, token.invalidUtf8);
    case "number": {
      if (NUMBER.test(token.text)) return ok(token.text);
      const hex = HEX_NUMBER.exec(token.text);
      if (hex !== null) return fromHex(hex[1]!);
      const bits = BIT_NUMBER.exec(token.text);
      if (bits !== null) return fromBits(bits[1]!);
      return { ok: false, message: `"${token.text}" is not a number.` };
    }
    case "word": {
      const upper = token.text.toUpperCase();
      if (upper in WORDS) return ok(WORDS[upper]!);
      return { ok: false, message: `"${token.text.slice(0, 40)}" is not a literal value; only literals are read from a dump.` };
    }
    default:
      return { ok: false, message: `"${token.text.slice(0, 40)}" is not a literal value.` };
  }
}
