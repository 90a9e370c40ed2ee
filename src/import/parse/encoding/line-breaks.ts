import type { ByteForm, TextEncoding } from "./text-encoding.js";

// Byte-level line-break search. In every ASCII-compatible encoding handled here (UTF-8,
// GB18030, Big5, Shift_JIS, EUC-*, single-byte ones) the bytes 0x0A and 0x0D are never part
// of a multi-byte character, so a cut next to them is always a character boundary; in UTF-16
// the same holds for the code units U+000A and U+000D at even offsets.

const LF = 0x0a;
const CR = 0x0d;

function unitAt(bytes: Uint8Array, i: number, form: ByteForm): number {
  if (form === "ascii") return bytes[i]!;
  const first = bytes[i]!;
  const second = bytes[i + 1]!;
  return form === "utf16le" ? first | (second << 8) : (first << 8) | second;
}

function unitBytes(form: ByteForm): number {
  return form === "ascii" ? 1 : 2;
}

/**
 * Offset just after the last line break in `bytes`, where the bytes may be cut; -1 if none.
 * A CR in the very last unit is cut before instead, since an LF may follow in the next read.
 */
export function lastLineCut(bytes: Buffer, form: ByteForm): number {
  if (form === "ascii") {
    if (bytes.length === 0) return -1;
    const lf = bytes.lastIndexOf(LF);
    const cr = bytes.lastIndexOf(CR);
    if (cr > lf) return cr === bytes.length - 1 ? (cr > 0 ? cr : -1) : cr + 1;
    return lf === -1 ? -1 : lf + 1;
  }
  const whole = bytes.length - (bytes.length % 2);
  for (let i = whole - 2; i >= 0; i -= 2) {
    const unit = unitAt(bytes, i, form);
    if (unit === LF) return i + 2;
    if (unit === CR) return i + 2 === whole ? (i > 0 ? i : -1) : i + 2;
  }
  return -1;
}

/** Offset just after the first line break (CRLF, LF or CR) at or after `from` and before `end`; `end` if none. */
export function nextLineStart(bytes: Buffer, from: number, end: number, form: ByteForm): number {
  const step = unitBytes(form);
  if (form === "ascii") {
    const lf = bytes.indexOf(LF, from);
    const cr = bytes.indexOf(CR, from);
    const first = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
    if (first === -1 || first >= end) return end;
    return first === cr && first + 1 < end && bytes[first + 1] === LF ? first + 2 : first + 1;
  }
  for (let i = from; i + step <= end; i += step) {
    const unit = unitAt(bytes, i, form);
    if (unit === LF) return i + step;
    if (unit === CR) return i + 2 * step <= end && unitAt(bytes, i + step, form) === LF ? i + 2 * step : i + step;
  }
  return end;
}

/**
 * Where a run of bytes with no line break may be cut without splitting a character (used only
 * for over-long lines). Legacy multi-byte encodings have no self-synchronising byte patterns:
 * there, a byte below 0x30 is always a whole character; failing that, the cut may split one
 * and the decoder reports both halves as invalid, in a record that is too large anyway.
 */
export function safeCharCut(bytes: Buffer, encoding: TextEncoding): number {
  const end = bytes.length;
  if (encoding.form !== "ascii") {
    let cut = end - (end % 2);
    const last = cut >= 2 ? unitAt(bytes, cut - 2, encoding.form) : 0;
    if (last >= 0xd800 && last <= 0xdbff) cut -= 2;
    return cut;
  }
  if (!encoding.multiByte) return end;
  if (encoding.decoderName === "utf-8") {
    for (let back = 1; back <= 3 && back <= end; back++) {
      const byte = bytes[end - back]!;
      if ((byte & 0xc0) === 0x80) continue;
      const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
      return length > back ? end - back : end;
    }
    return end;
  }
  for (let i = end - 1; i >= 0; i--) {
    if (bytes[i]! < 0x30) return i + 1;
  }
  return end;
}
