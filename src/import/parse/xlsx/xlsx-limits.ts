/** Caps that keep a hostile or oversized workbook from exhausting memory, disk or time. */
export interface XlsxLimits {
  /** Inflated bytes over every part read (sheet, shared strings, styles, workbook). */
  readonly maxInflatedBytes: number;
  /** Largest inflated-to-compressed ratio of one part, enforced past `ratioGraceBytes`. */
  readonly maxRatio: number;
  /** Inflated bytes an entry may produce before its ratio is checked. */
  readonly ratioGraceBytes: number;
  /** Entries in the ZIP central directory. */
  readonly maxEntries: number;
  /** Shared-string bytes kept in memory; the rest spill to a temporary file. */
  readonly sharedStringsMemoryBytes: number;
  /**
   * Characters of one text node or tag carried from one inflated chunk (64 KiB) to the next:
   * what a single cell or tag can make the reader buffer.
   */
  readonly maxXmlRunChars: number;
  /** Element nesting depth in any part. */
  readonly maxXmlDepth: number;
  /** Attributes of one element in any part: the elements of a workbook carry a handful. */
  readonly maxXmlAttributes: number;
  /** Directory for the shared-strings spill file; default os.tmpdir(). */
  readonly tempDir?: string;
}

export const DEFAULT_XLSX_LIMITS: XlsxLimits = {
  maxInflatedBytes: 1024 * 1024 * 1024,
  maxRatio: 200,
  ratioGraceBytes: 4 * 1024 * 1024,
  maxEntries: 10_000,
  sharedStringsMemoryBytes: 16 * 1024 * 1024,
  maxXmlRunChars: 8 * 1024 * 1024,
  maxXmlDepth: 64,
  maxXmlAttributes: 1000,
};

export function resolveXlsxLimits(overrides: Partial<XlsxLimits>): XlsxLimits {
  const limits: XlsxLimits = { ...DEFAULT_XLSX_LIMITS, ...definedOnly(overrides) };
  for (const [key, value] of Object.entries(limits)) {
    if (key !== "tempDir" && !(typeof value === "number" && value > 0)) {
      throw new RangeError(`xlsx limit ${key} must be a positive number`);
    }
  }
  return limits;
}

function definedOnly(overrides: Partial<XlsxLimits>): Partial<XlsxLimits> {
  return Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
}
