import type { SqlTx } from "./sql-client.js";

/**
 * A write batch's transaction settings: its commit does not wait for the WAL flush (the batch's
 * cursor is in the same transaction, so a crash loses whole batches that are redone), and the
 * planner prices random reads as on SSDs, so a batch's key lookups use the unique indexes.
 */
export const setBatchTransactionSettings = async (tx: SqlTx): Promise<void> => {
  await tx.query("select set_config('synchronous_commit', 'off', true), set_config('random_page_cost', '1.1', true)");
};
