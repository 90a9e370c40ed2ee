import type { AppContext } from "../context.js";
import { countCustomers, findCustomerBy, findCustomerPage, type CustomerFilterValues, type CustomerRow } from "../entities/customer.repository.js";
import { findRedirectByExternalId, findRedirects } from "../entities/customer-merge.repository.js";
import type { ActivityPageQuery, ActivityRow } from "../entities/activity.repository.js";
import { toConnection, type Connection } from "../schema/connection.js";
import { badInput } from "../errors/app-error.js";
import { rowIdOf } from "../common/global-id.js";
import { cursorRowIdOrThrow, cursorTimeOrThrow, decodeCursorOrThrow, encodeCursor, pageSizeOrThrow } from "../common/pagination.js";
import { sqlTimeKey } from "../common/sql-time.js";

export interface CustomerListArgs {
  first?: number | null;
  after?: string | null;
  filter?: CustomerFilterValues & { importJobId?: string | null };
  orderBy?: { field: "CREATED_AT" | "UPDATED_AT"; direction: "ASC" | "DESC" } | null;
}

// PostgreSQL text cannot hold U+0000, and the cleaners drop it from what they store: a lookup
// drops it too (rather than failing the query), so it finds what the same input wrote.
const withoutNul = (text: string): string => (text.includes("\0") ? text.replaceAll("\0", "") : text);

export const listCustomers = async <T>(ctx: AppContext, args: CustomerListArgs, map: (row: CustomerRow) => T): Promise<Connection<T>> => {
  const limit = pageSizeOrThrow(args.first);
  const orderColumn = args.orderBy?.field === "UPDATED_AT" ? "updated_at" : "created_at";
  const descending = args.orderBy?.direction === "DESC";
  const kind = orderColumn === "updated_at" ? "customers.updated_at" : "customers.created_at";
  const cursor = decodeCursorOrThrow(args.after, kind, 2);
  const filter: CustomerFilterValues = {
    ...args.filter,
    search: args.filter?.search ? withoutNul(args.filter.search) : null,
    country: args.filter?.country ? withoutNul(args.filter.country) : null,
    tags: args.filter?.tags ? args.filter.tags.map(withoutNul) : null,
  };
  if (args.filter?.importJobId) {
    const jobId = rowIdOf(args.filter.importJobId, "ImportJob");
    if (!jobId) throw badInput('"filter.importJobId" is not a valid ImportJob ID.', { field: "filter.importJobId" });
    filter.importJobId = jobId;
  }
  const rows = await findCustomerPage(ctx.sql, ctx.principal.workspaceId, {
    filter,
    orderColumn,
    descending,
    after: cursor ? { at: cursorTimeOrThrow(cursor[0]), id: cursorRowIdOrThrow(cursor[1]) } : null,
    limit: limit + 1,
  });
  const at = (row: CustomerRow) => (orderColumn === "updated_at" ? row.updated_at : row.created_at);
  return toConnection(
    rows,
    limit,
    (row) => encodeCursor(kind, [sqlTimeKey(at(row)), String(row.id)]),
    map,
    () => countCustomers(ctx.sql, ctx.principal.workspaceId, filter),
  );
};

/** The customer with this row id, or, for a customer merged into another, the survivor. */
export const loadCustomerOrSurvivor = async (ctx: AppContext, rowId: string): Promise<CustomerRow | null> => {
  const row = await ctx.loaders.customer.load(rowId);
  if (row) return row;
  const survivor = (await findRedirects(ctx.sql, ctx.principal.workspaceId, [rowId])).get(rowId);
  return survivor ? ctx.loaders.customer.load(survivor) : null;
};

export const findCustomer = async (
  ctx: AppContext,
  by: { id?: string | null; externalId?: string | null; email?: string | null },
): Promise<CustomerRow | null> => {
  const given = [by.id, by.externalId, by.email].filter((v) => v !== null && v !== undefined);
  if (given.length !== 1) throw badInput("Give exactly one of id, externalId or email.");
  if (by.id !== null && by.id !== undefined) {
    const rowId = rowIdOf(by.id, "Customer");
    return rowId ? loadCustomerOrSurvivor(ctx, rowId) : null;
  }
  if (by.externalId !== null && by.externalId !== undefined) {
    const externalId = withoutNul(by.externalId);
    const live = await findCustomerBy(ctx.sql, ctx.principal.workspaceId, "external_id", externalId);
    if (live) return live;
    // the external id of a customer merged into another: the survivor
    const survivor = await findRedirectByExternalId(ctx.sql, ctx.principal.workspaceId, externalId);
    return survivor ? ctx.loaders.customer.load(survivor) : null;
  }
  return findCustomerBy(ctx.sql, ctx.principal.workspaceId, "email", withoutNul(by.email!).trim().toLowerCase());
};

export interface ActivityArgs {
  first?: number | null;
  after?: string | null;
  since?: Date | null;
  until?: Date | null;
  type?: string | null;
}

/** A newest-first page of a customer's interactions, transactions, or both. */
export const customerActivity = async <T>(
  ctx: AppContext,
  customerRowId: string,
  sources: ActivityPageQuery["sources"],
  args: ActivityArgs,
  map: (row: ActivityRow) => T,
): Promise<Connection<T>> => {
  const limit = pageSizeOrThrow(args.first);
  const kind = sources.length === 2 ? "history" : sources[0] === "I" ? "interactions" : "transactions";
  const cursor = decodeCursorOrThrow(args.after, kind, 3);
  if (cursor && !sources.includes(cursor[1] as "I" | "T")) throw badInput('"after" is not a valid cursor.', { field: "after" });
  const query: ActivityPageQuery = {
    sources,
    after: cursor ? { at: cursorTimeOrThrow(cursor[0]), k: cursor[1] as "I" | "T", id: cursorRowIdOrThrow(cursor[2]) } : null,
    since: args.since ?? null,
    until: args.until ?? null,
    interactionType: args.type ?? null,
    limit: limit + 1,
  };
  const rows = await ctx.loaders.activityPage.load({ customerId: customerRowId, query });
  const { sources: s, since, until, interactionType } = query;
  return toConnection(
    rows,
    limit,
    (row) => encodeCursor(kind, [sqlTimeKey(row.occurred_at), row.k, String(row.id)]),
    map,
    () => ctx.loaders.activityCount.load({ customerId: customerRowId, query: { sources: s, since, until, interactionType } }),
  );
};
