import { FileFormatError } from "../../../errors/file-format.error.js";

/** How line breaks look in the bytes: one byte (ASCII-compatible encodings) or a UTF-16 code unit. */
export type ByteForm = "ascii" | "utf16le" | "utf16be";

/** An encoding the parsers can decode, as resolved from a label or detected. */
export interface TextEncoding {
  /** The name TextDecoder takes: "utf-8", "utf-16le", "gb18030", "big5", "shift_jis", ... */
  readonly decoderName: string;
  /** The name shown to users: "UTF-8", "UTF-16LE", "GB18030", "Big5", "Shift_JIS", "windows-1252". */
  readonly name: string;
  readonly form: ByteForm;
  /** Characters take more than one byte and their trail bytes may look like ASCII. */
  readonly multiByte: boolean;
  /** The byte order mark of this encoding, empty if it has none. */
  readonly bom: Uint8Array;
}

// Labels people use that the WHATWG list (what TextDecoder knows) lacks.
const EXTRA_LABELS: Readonly<Record<string, string>> = {
  cp936: "gb18030",
  ms936: "gb18030",
  "windows-936": "gb18030",
  gb2312: "gb18030",
  gbk: "gb18030",
  cp950: "big5",
  ms950: "big5",
  "windows-950": "big5",
  cp932: "shift_jis",
  "shift-jis": "shift_jis",
  shiftjis: "shift_jis",
  cp949: "euc-kr",
  ms949: "euc-kr",
  uhc: "euc-kr",
  euckr: "euc-kr",
  eucjp: "euc-jp",
  "utf-8-sig": "utf-8",
  "utf-8-bom": "utf-8",
  utf8bom: "utf-8",
  ucs2: "utf-16le",
  utf16: "utf-16le",
  utf16le: "utf-16le",
  utf16be: "utf-16be",
  "iso8859-1": "windows-1252",
  iso88591: "windows-1252",
};

const DISPLAY_NAMES: Readonly<Record<string, string>> = {
  "utf-8": "UTF-8",
  "utf-16le": "UTF-16LE",
  "utf-16be": "UTF-16BE",
  gbk: "GB18030",
  gb18030: "GB18030",
  big5: "Big5",
  shift_jis: "Shift_JIS",
  "euc-jp": "EUC-JP",
  "euc-kr": "EUC-KR",
  "iso-2022-jp": "ISO-2022-JP",
};

const MULTI_BYTE = new Set(["utf-8", "gbk", "gb18030", "big5", "shift_jis", "euc-jp", "euc-kr", "iso-2022-jp"]);

const BOMS: Readonly<Record<string, Uint8Array>> = {
  "utf-8": Uint8Array.of(0xef, 0xbb, 0xbf),
  "utf-16le": Uint8Array.of(0xff, 0xfe),
  "utf-16be": Uint8Array.of(0xfe, 0xff),
  gb18030: Uint8Array.of(0x84, 0x31, 0x95, 0x33),
};

const NO_BOM = new Uint8Array(0);

function decoderNameOf(label: string): string | null {
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return null;
  }
}

/** The encoding for a name TextDecoder reports (or accepts); null when TextDecoder lacks it. */
export function textEncodingOf(label: string): TextEncoding | null {
  const reported = decoderNameOf(label);
  if (reported === null) return null;
  // The WHATWG GBK decoder is the GB18030 one; ask ICU for the superset explicitly.
  const decoderName = reported === "gbk" ? "gb18030" : reported;
  return {
    decoderName,
    name: DISPLAY_NAMES[decoderName] ?? (decoderName.startsWith("windows-") ? decoderName : decoderName.toUpperCase()),
    form: decoderName === "utf-16le" ? "utf16le" : decoderName === "utf-16be" ? "utf16be" : "ascii",
    multiByte: MULTI_BYTE.has(decoderName),
    bom: BOMS[decoderName] ?? NO_BOM,
  };
}

/**
 * Resolves a user-given label ("utf8", "GBK", "cp936", "latin1", "sjis", "UTF-16LE", ...).
 * Throws UNKNOWN_ENCODING for a label no decoder here understands.
 */
export function encodingFromLabelOrThrow(label: string): TextEncoding {
  const lower = label.trim().toLowerCase();
  const key = lower.replaceAll("_", "-");
  const candidates = [EXTRA_LABELS[key], EXTRA_LABELS[key.replaceAll("-", "")], lower, key, key.replaceAll("-", "_")];
  for (const candidate of candidates) {
    const encoding = candidate === undefined || candidate === "" ? null : textEncodingOf(candidate);
    if (encoding !== null) return encoding;
  }
  throw new FileFormatError("UNKNOWN_ENCODING", `Unknown or unsupported encoding "${label}".`);
}

export const UTF8: TextEncoding = textEncodingOf("utf-8")!;
export const WINDOWS_1252: TextEncoding = textEncodingOf("windows-1252")!;
