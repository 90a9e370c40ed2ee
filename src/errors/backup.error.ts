export type BackupErrorCode = "NO_DATABASE" | "NOT_A_BACKUP" | "DATA_DIR_NOT_EMPTY" | "DATA_KEY_MISSING" | "DATA_KEY_UNKNOWN" | "BACKUP_TAMPERED";

/** A backup or restore of the embedded database that cannot go ahead; the message says why and what to do. */
export class BackupError extends Error {
  constructor(
    readonly code: BackupErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "BackupError";
  }
}
