/**
 * What the import pipeline tells the process's metrics about its work. The pipeline knows only
 * this interface (the judging thread and the tests never load the metrics library); the server
 * and the worker pass in the implementation from src/metrics/.
 */
export interface ImportRecorder {
  /** A batch committed: its records, and the code of each row error stored with it. */
  batchCommitted(entity: string, records: number, errors: readonly { code: string }[]): void;
  /** A job this worker ran reached a terminal status, after `seconds` since it first started. */
  jobFinished(status: string, seconds: number | null): void;
}
