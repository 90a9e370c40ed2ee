import { analyse } from "chardet";
import { lastLineCut } from "./line-breaks.js";
import { pickCjkEncoding } from "./pick-cjk-encoding.js";
import { textEncodingOf, UTF8, WINDOWS_1252, type TextEncoding } from "./text-encoding.js";
import { utf8LineStats } from "./utf8-line-stats.js";

export interface DetectedEncoding {
  readonly encoding: TextEncoding;
  /** 0..1: 1 for a BOM or valid UTF-8, lower for statistical guesses. */
  readonly confidence: number;
  /** The sample starts with this encoding's byte order mark (the decoders skip it). */
  readonly bom: boolean;
}

/** How much of a file to look at; enough lines for the statistics, little enough to be instant. */
export const ENCODING_SAMPLE_BYTES = 64 * 1024;

const UTF16LE = textEncodingOf("utf-16le")!;
const UTF16BE = textEncodingOf("utf-16be")!;
const NEWLINE = Uint8Array.of(0x0a);

function startsWith(sample: Uint8Array, prefix: Uint8Array): boolean {
  return sample.length >= prefix.length && prefix.every((byte, i) => sample[i] === byte);
}

function decodesStrictly(sample: Uint8Array, encoding: TextEncoding): boolean {
  try {
    new TextDecoder(encoding.decoderName, { fatal: true }).decode(sample);
    return true;
  } catch {
    return false;
  }
}

/** UTF-16 without a BOM: text that is mostly ASCII (as CSV structure is) has a NUL in every other byte. */
function utf16WithoutBom(sample: Uint8Array): TextEncoding | null {
  const pairs = sample.length >> 1;
  if (pairs < 2) return null;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i + 1 < sample.length; i += 2) {
    if (sample[i] === 0) evenNuls++;
    if (sample[i + 1] === 0) oddNuls++;
  }
  const [encoding, nuls, others] = oddNuls >= evenNuls ? [UTF16LE, oddNuls, evenNuls] : [UTF16BE, evenNuls, oddNuls];
  if (nuls < pairs * 0.1 || others > nuls * 0.1) return null;
  // A few stray NULs in a byte-oriented file: its LF bytes are not LF code units.
  const whole = lastLineCut(Buffer.from(sample.buffer, sample.byteOffset, pairs * 2), encoding.form);
  if (whole === -1 && sample.includes(0x0a)) return null;
  return decodesStrictly(sample.subarray(0, whole > 0 ? whole : pairs * 2), encoding) ? encoding : null;
}

/** The sample up to its last line break, so no character is cut at its end. */
function wholeLines(sample: Uint8Array): Uint8Array {
  const cut = lastLineCut(Buffer.from(sample.buffer, sample.byteOffset, sample.byteLength), "ascii");
  return cut > 0 ? sample.subarray(0, cut) : sample;
}

/** A window from inside the file, from its first line break on (it may start inside a character). */
function fromFirstLineBreak(window: Uint8Array): Uint8Array {
  const lf = window.indexOf(0x0a);
  return lf === -1 ? window.subarray(window.length) : window.subarray(lf + 1);
}

/** chardet's first candidate that this runtime decodes and that decodes the sample strictly. */
function chardetGuess(lines: Uint8Array): { encoding: TextEncoding; confidence: number } | null {
  for (const match of analyse(lines)) {
    const encoding = textEncodingOf(match.name);
    if (encoding === null || encoding.form !== "ascii" || encoding.decoderName === "utf-8") continue;
    if (decodesStrictly(lines, encoding)) return { encoding, confidence: match.confidence / 100 };
  }
  return null;
}

// chardet at or above this for a single-byte encoding has seen enough text to be believed.
const SURE_SINGLE_BYTE = 0.8;

/**
 * chardet's statistics need more text than a small export has: a few rows of Big5 come back as
 * ISO-8859-8, of GB18030 as KOI8-R. Unless chardet is sure of a single-byte encoding, a CJK
 * encoding that decodes the sample into everyday characters wins: over chardet's CJK guess
 * when clearly ahead of the other CJK decodings, over an unsure single-byte guess anyway.
 */
function legacyEncoding(samples: readonly Uint8Array[]): { encoding: TextEncoding; confidence: number } {
  const parts = samples.map(wholeLines);
  const lines = parts.length === 1 ? parts[0]! : Buffer.concat(parts.flatMap((part) => [part, NEWLINE]));
  const guess = chardetGuess(lines);
  if (guess !== null && !guess.encoding.multiByte && guess.confidence >= SURE_SINGLE_BYTE) return guess;
  const cjk = pickCjkEncoding(lines);
  const overrides = cjk !== null && (cjk.clear || guess === null || !guess.encoding.multiByte);
  if (overrides && cjk.encoding.name !== guess?.encoding.name) return { encoding: cjk.encoding, confidence: cjk.share * (cjk.clear ? 0.6 : 0.3) };
  return guess ?? { encoding: WINDOWS_1252, confidence: 0.1 };
}

/**
 * Detects the encoding of a file from its first bytes and, optionally, windows from further in
 * (so a file whose first lines are ASCII or legacy still counts its later lines). A BOM first,
 * then UTF-16 from NUL patterns (first bytes only), then UTF-8: a file valid as UTF-8 is UTF-8,
 * and so is one where valid multi-byte lines are at least half as many as invalid ones: a UTF-8
 * file with a few legacy lines, whose bad lines then fail one by one instead of the whole file
 * turning into mojibake. Last, chardet's statistics for legacy encodings (GB18030, Big5,
 * Shift_JIS, EUC-KR, windows-125x, ...), with the CJK tie-break of legacyEncoding for files
 * too small for them.
 */
export function detectEncoding(sample: Uint8Array, laterWindows: readonly Uint8Array[] = []): DetectedEncoding {
  for (const encoding of [UTF8, UTF16LE, UTF16BE]) {
    if (startsWith(sample, encoding.bom)) return { encoding, confidence: 1, bom: true };
  }
  const utf16 = utf16WithoutBom(sample);
  if (utf16 !== null) return { encoding: utf16, confidence: 0.9, bom: false };
  const samples = [sample, ...laterWindows.map(fromFirstLineBreak)];
  let validNonAsciiLines = 0;
  let invalidLines = 0;
  for (const part of samples) {
    const stats = utf8LineStats(part);
    validNonAsciiLines += stats.validNonAsciiLines;
    invalidLines += stats.invalidLines;
  }
  if (invalidLines === 0) return { encoding: UTF8, confidence: 1, bom: false };
  if (validNonAsciiLines > 0 && validNonAsciiLines * 2 >= invalidLines) {
    const confidence = validNonAsciiLines / (validNonAsciiLines + invalidLines);
    return { encoding: UTF8, confidence, bom: false };
  }
  return { ...legacyEncoding(samples), bom: false };
}
