import type { CustomerFilterValues } from "../entities/customer.repository.js";
import {
  findCustomerExportPage,
  findCustomFieldKeys,
  findInteractionExportPage,
  findInteractionsOfCustomers,
  findTransactionExportPage,
  findTransactionsOfCustomers,
  type ExportPageQuery,
} from "../entities/export.repository.js";
import type { NestedCustomer, NestedHeaders } from "../export/graph-json.export.js";
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
      pages: keysetPages(
        (after) => findCustomerExportPage(sql, query(after)),
        limit,
        (row) => customerValues(row, keys),
        signal,
      ),
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

/** Customers a page of a nested export: each brings its records, so fewer than a flat page. */
const NESTED_PAGE_SIZE = 500;

/** The customers' link columns: a nested record sits under its customer and needs neither. */
const LINK_COLUMNS = new Set(["customerExternalId", "customerEmail"]);
const withoutLinks = (headers: readonly string[]) => headers.map((h, i) => [h, i] as const).filter(([h]) => !LINK_COLUMNS.has(h));

/**
 * The customers of the caller's workspace (filtered like `customers`) each with its interactions
 * and transactions, in pages of customers by id: one query for the customers and one per kind
 * of record a page, so memory follows the page, not the workspace.
 */
export const openNestedExport = async (
  sql: SqlClient,
  principal: Principal,
  filter: CustomerFilterValues,
  signal: AbortSignal,
): Promise<{ headers: NestedHeaders; pages: AsyncIterable<NestedCustomer[]> }> => {
  const workspaceId = principal.workspaceId;
  const keys = await findCustomFieldKeys(sql, workspaceId, filter);
  const interactionKept = withoutLinks(INTERACTION_COLUMNS);
  const transactionKept = withoutLinks(TRANSACTION_COLUMNS);
  const pick = (values: ExportValue[], kept: readonly (readonly [string, number])[]) => kept.map(([, i]) => values[i]!);
  async function* pages(): AsyncGenerator<NestedCustomer[]> {
    const customerPages = keysetPages(
      (after) => findCustomerExportPage(sql, { workspaceId, filter, afterId: after, limit: NESTED_PAGE_SIZE }),
      NESTED_PAGE_SIZE,
      (row) => [String(row.id), ...customerValues(row, keys)],
      signal,
    );
    for await (const page of customerPages) {
      const ids = page.map((values) => values[0] as string);
      const [interactions, transactions] = await Promise.all([
        findInteractionsOfCustomers(sql, workspaceId, ids),
        findTransactionsOfCustomers(sql, workspaceId, ids),
      ]);
      const byCustomer = new Map<string, { interactions: ExportValue[][]; transactions: ExportValue[][] }>(
        ids.map((id) => [id, { interactions: [], transactions: [] }]),
      );
      for (const row of interactions) byCustomer.get(String(row.customer_id))!.interactions.push(pick(interactionValues(row), interactionKept));
      for (const row of transactions) byCustomer.get(String(row.customer_id))!.transactions.push(pick(transactionValues(row), transactionKept));
      yield page.map((values) => ({ customer: values.slice(1), ...byCustomer.get(values[0] as string)! }));
    }
  }
  return {
    headers: { customer: customerHeaders(keys), interaction: interactionKept.map(([h]) => h), transaction: transactionKept.map(([h]) => h) },
    pages: pages(),
  };
};
