import type { CustomerFilterValues } from "../entities/customer.repository.js";
import {
  findCustomerExportPage,
  findCustomFieldKeys,
  findInteractionExportPage,
  findTransactionExportPage,
  type ExportPageQuery,
} from "../entities/export.repository.js";
import type { SqlClient } from "../entities/sql-client.js";
import {
  customerHeaders,
  customerValues,
  INTERACTION_COLUMNS,
  interactionValues,
  TRANSACTION_COLUMNS,
  transactionValues,
  type ExportEntity,
  type ExportValue,
} from "../export/export-columns.js";
import type { Principal } from "../auth/principal.js";

/** Rows per query. Interaction bodies may be long (up to 100,000 characters): fewer per page. */
export const EXPORT_PAGE_SIZE: Readonly<Record<ExportEntity, number>> = { customers: 5000, interactions: 1000, transactions: 5000 };

export interface ExportTable {
  readonly headers: readonly string[];
  /** Pages of rows in id order; stops querying once `signal` aborts or the consumer stops. */
  readonly pages: AsyncIterable<ExportValue[][]>;
}

/**
 * Keyset pages (id > last id), with the next page queried while the current one is written.
 * Not one snapshot: a row written meanwhile may or may not be in it, but none repeats or is
 * skipped, and no connection is held while a slow client reads.
 */
async function* keysetPages<R extends { id: string }>(
  fetch: (afterId: string | null) => Promise<R[]>,
  limit: number,
  toValues: (row: R) => ExportValue[],
  signal: AbortSignal,
): AsyncGenerator<ExportValue[][]> {
  let pending: Promise<R[]> | null = fetch(null);
  while (pending !== null && !signal.aborted) {
    const rows: R[] = await pending;
    pending = null;
    if (rows.length === limit && !signal.aborted) {
      pending = fetch(String(rows[rows.length - 1]!.id));
      // the consumer may stop before it awaits this page: its failure is then nobody's concern
      pending.catch(() => undefined);
    }
    if (rows.length > 0) yield rows.map(toValues);
  }
}

/** The columns and the rows of an export of the caller's workspace, filtered like `customers`. */
export const openExport = async (
  sql: SqlClient,
  principal: Principal,
  entity: ExportEntity,
  filter: CustomerFilterValues,
  signal: AbortSignal,
): Promise<ExportTable> => {
  const limit = EXPORT_PAGE_SIZE[entity];
  const query = (afterId: string | null): ExportPageQuery => ({ workspaceId: principal.workspaceId, filter, afterId, limit });
  if (entity === "customers") {
    const keys = await findCustomFieldKeys(sql, principal.workspaceId, filter);
    return {
      headers: customerHeaders(keys),
      pages: keysetPages((after) => findCustomerExportPage(sql, query(after)), limit, (row) => customerValues(row, keys), signal),
    };
  }
  if (entity === "interactions") {
    return {
      headers: INTERACTION_COLUMNS,
      pages: keysetPages((after) => findInteractionExportPage(sql, query(after)), limit, interactionValues, signal),
    };
  }
  return {
    headers: TRANSACTION_COLUMNS,
    pages: keysetPages((after) => findTransactionExportPage(sql, query(after)), limit, transactionValues, signal),
  };
};
