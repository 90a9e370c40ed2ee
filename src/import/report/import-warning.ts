/** Something about a whole import that the user should know before trusting it; never a row problem. */
export interface ImportWarning {
  readonly code: ImportWarningCode;
  /** The source column it concerns, when it concerns one. */
  readonly column: string | null;
  readonly message: string;
}

export const IMPORT_WARNING_CODES = [
  "AMBIGUOUS_DATE_ORDER",
  "AMBIGUOUS_DECIMAL_SEPARATOR",
  "DUPLICATE_FILE",
  "UNMAPPED_CHILD_ARRAY",
  "UNMAPPED_PART",
  "UNKNOWN_ENTITY",
  "MIXED_ENCODINGS",
] as const;

export type ImportWarningCode = (typeof IMPORT_WARNING_CODES)[number];
