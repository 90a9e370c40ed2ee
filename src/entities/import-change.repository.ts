import type { SqlTx } from "./sql-client.js";

export type ChangedEntity = "CUSTOMER" | "INTERACTION" | "TRANSACTION";

/**
 * Keeps the before-images of the records a job's batch updates, for revertImport: `before` is a
 * JSON array of `{ id, before }`. A record the job changed before keeps its first image.
 */
export const recordImportChanges = async (tx: SqlTx, jobId: string, entity: ChangedEntity, before: string): Promise<void> => {
  await tx.query(
    `insert into import_change (job_id, entity, record_id, before, after_updated_at)
     select $1, $2, r.id, r.before, now() from jsonb_to_recordset($3::jsonb) as r(id bigint, before jsonb) on conflict do nothing`,
    [jobId, entity, before],
  );
};
