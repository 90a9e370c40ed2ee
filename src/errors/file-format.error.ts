/** Codes for a file that cannot be opened at all (as opposed to a bad record in it). */
export type FileErrorCode =
  | "EMPTY_FILE"
  | "NO_HEADER"
  | "UNSUPPORTED_FORMAT"
  | "FORMAT_MISMATCH"
  | "CORRUPT_FILE"
  | "ENCRYPTED_FILE"
  | "LEGACY_XLS"
  | "ZIP_BOMB"
  | "ZIP_UNSAFE_PATH"
  | "PART_NOT_FOUND"
  | "DTD_FORBIDDEN"
  | "SHEET_NOT_FOUND"
  | "TABLE_NOT_FOUND"
  | "UNKNOWN_ENCODING"
  | "FILE_TOO_LARGE";

/** Thrown by a parser when the file as a whole is unreadable; the job fails with this code. */
export class FileFormatError extends Error {
  constructor(
    readonly code: FileErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "FileFormatError";
  }
}
