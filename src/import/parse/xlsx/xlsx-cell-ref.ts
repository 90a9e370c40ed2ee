/** Excel's last column, XFD. */
export const MAX_COLUMNS = 16_384;

/**
 * 0-based column of a cell reference such as "B7" or "$AA$12"; -1 when it has no letters
 * or lies past XFD.
 */
export function columnIndexOfRef(ref: string): number {
  let column = 0;
  let letters = 0;
  for (let i = 0; i < ref.length; i++) {
    const code = ref.charCodeAt(i) | 0x20; // lower-case ASCII letters
    if (code >= 97 && code <= 122) {
      column = column * 26 + (code - 96);
      if (++letters > 3) return -1;
    } else if (ref.charCodeAt(i) !== 36 /* $ */) {
      break;
    }
  }
  return letters === 0 || column > MAX_COLUMNS ? -1 : column - 1;
}

/** Letters of a 0-based column: 0 => "A", 27 => "AB". */
export function columnLetters(index: number): string {
  let letters = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}
