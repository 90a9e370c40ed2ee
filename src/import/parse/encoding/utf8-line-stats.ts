export interface Utf8LineStats {
  /** Lines with at least one multi-byte character and no invalid byte. */
  readonly validNonAsciiLines: number;
  /** Lines with at least one byte sequence that is not UTF-8. */
  readonly invalidLines: number;
}

/** Length of the UTF-8 sequence at `i`, 0 if invalid; a sequence cut by the end of the sample counts as valid. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i]!;
  let length: number;
  let low = 0x80;
  let high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) length = 2;
  else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead === 0xe0) low = 0xa0;
    if (lead === 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead === 0xf0) low = 0x90;
    if (lead === 0xf4) high = 0x8f;
  } else return 0;
  for (let k = 1; k < length; k++) {
    if (i + k >= bytes.length) return bytes.length - i;
    const byte = bytes[i + k]!;
    if (byte < low || byte > high) return 0;
    low = 0x80;
    high = 0xbf;
  }
  return length;
}

/** Counts, line by line, how a sample fares as UTF-8: to tell a UTF-8 file with a few bad lines from a legacy one. */
export function utf8LineStats(bytes: Uint8Array): Utf8LineStats {
  let validNonAsciiLines = 0;
  let invalidLines = 0;
  let nonAscii = false;
  let invalid = false;
  const endLine = (): void => {
    if (invalid) invalidLines++;
    else if (nonAscii) validNonAsciiLines++;
    nonAscii = false;
    invalid = false;
  };
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i]!;
    if (byte < 0x80) {
      if (byte === 0x0a || byte === 0x0d) endLine();
      i++;
      continue;
    }
    const length = sequenceLength(bytes, i);
    if (length === 0) {
      invalid = true;
      i++;
    } else {
      nonAscii = true;
      i += length;
    }
  }
  endLine();
  return { validNonAsciiLines, invalidLines };
}
