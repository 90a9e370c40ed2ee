import type { ImportStatus } from "../entities/import-job.entity.js";

/** Plain JSON-safe event payloads: they may cross processes through Redis. */
export interface ImportProgressPayload {
  jobId: string;
  workspaceId: string;
  status: ImportStatus;
  processedRows: number;
  totalRows: number | null;
  insertedCount: number;
  updatedCount: number;
  unchangedCount: number;
  skippedCount: number;
  failedCount: number;
  progress: number;
  rowsPerSecond: number | null;
  etaSeconds: number | null;
}

export interface ImportErrorsPayload {
  jobId: string;
  workspaceId: string;
  /** The row errors of one committed batch, with their connection cursors. */
  errors: {
    cursor: string;
    row: number;
    location: string | null;
    column: string | null;
    field: string | null;
    value: string | null;
    code: string;
    message: string;
  }[];
}

/** A job was queued: idle workers in every process look for it now instead of at their next poll. */
export interface ImportQueuedPayload {
  jobId: string;
}

/** A key was revoked: every process drops it from its cache and closes its sockets. */
export interface ApiKeyRevokedPayload {
  keyId: string;
}

export type EventTopics = {
  IMPORT_PROGRESS: [jobId: string, payload: ImportProgressPayload];
  IMPORT_ERRORS: [jobId: string, payload: ImportErrorsPayload];
  IMPORT_QUEUED: [payload: ImportQueuedPayload];
  API_KEY_REVOKED: [payload: ApiKeyRevokedPayload];
};
