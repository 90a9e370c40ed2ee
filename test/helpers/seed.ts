import type { SqlClient } from "../../src/entities/sql-client.js";
import { toGlobalId } from "../../src/common/global-id.js";

/** Rows written straight with SQL, so read tests do not depend on the write paths. */
export interface Seeded {
  readonly rowId: string;
  /** The opaque GraphQL ID. */
  readonly id: string;
}

export interface CustomerSeed {
  externalId?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  company?: string | null;
  jobTitle?: string | null;
  city?: string | null;
  country?: string | null;
  tags?: string[];
  createdAt?: string | Date;
  updatedAt?: string | Date;
  createdByJobId?: string | null;
  lastJobId?: string | null;
}

export const seedCustomer = async (sql: SqlClient, workspaceId: string, c: CustomerSeed = {}): Promise<Seeded> => {
  const rows = await sql.query<{ id: string }>(
    `insert into customer (workspace_id, external_id, first_name, last_name, email, phone, company, job_title, city, country,
                           tags, created_by_job_id, last_job_id, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::text[], $12, $13,
             coalesce($14::timestamptz, now()), coalesce($15::timestamptz, $14::timestamptz, now()))
     returning id`,
    [
      workspaceId,
      c.externalId ?? null,
      c.firstName ?? null,
      c.lastName ?? null,
      c.email ?? null,
      c.phone ?? null,
      c.company ?? null,
      c.jobTitle ?? null,
      c.city ?? null,
      c.country ?? null,
      c.tags ?? [],
      c.createdByJobId ?? null,
      c.lastJobId ?? null,
      c.createdAt ?? null,
      c.updatedAt ?? null,
    ],
  );
  const rowId = String(rows[0]!.id);
  return { rowId, id: toGlobalId("Customer", rowId) };
};

export interface InteractionSeed {
  type?: string;
  direction?: string | null;
  subject?: string | null;
  body?: string | null;
  occurredAt: string | Date;
  externalId?: string | null;
}

export const seedInteraction = async (sql: SqlClient, workspaceId: string, customerRowId: string, i: InteractionSeed): Promise<Seeded> => {
  const rows = await sql.query<{ id: string }>(
    `insert into interaction (workspace_id, customer_id, external_id, type, direction, subject, body, occurred_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
    [workspaceId, customerRowId, i.externalId ?? null, i.type ?? "NOTE", i.direction ?? null, i.subject ?? null, i.body ?? null, i.occurredAt],
  );
  const rowId = String(rows[0]!.id);
  return { rowId, id: toGlobalId("Interaction", rowId) };
};

export interface TransactionSeed {
  kind?: string;
  status?: string;
  amount: string;
  currency?: string;
  occurredAt: string | Date;
  externalId?: string | null;
  description?: string | null;
}

export const seedTransaction = async (sql: SqlClient, workspaceId: string, customerRowId: string, t: TransactionSeed): Promise<Seeded> => {
  const rows = await sql.query<{ id: string }>(
    `insert into "transaction" (workspace_id, customer_id, external_id, kind, status, amount, currency, occurred_at, description)
     values ($1, $2, $3, $4, $5, $6::numeric, $7, $8, $9) returning id`,
    [
      workspaceId,
      customerRowId,
      t.externalId ?? null,
      t.kind ?? "PURCHASE",
      t.status ?? "COMPLETED",
      t.amount,
      t.currency ?? "USD",
      t.occurredAt,
      t.description ?? null,
    ],
  );
  const rowId = String(rows[0]!.id);
  return { rowId, id: toGlobalId("Transaction", rowId) };
};

/** Follows `pageInfo.endCursor` until `hasNextPage` is false; returns every page's edges in order. */
export const walkPages = async <E>(
  fetchPage: (after: string | null) => Promise<{ edges: E[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }>,
  maxPages = 1000,
): Promise<{ edges: E[]; pages: number }> => {
  const edges: E[] = [];
  let after: string | null = null;
  for (let pages = 1; pages <= maxPages; pages++) {
    const page = await fetchPage(after);
    edges.push(...page.edges);
    if (!page.pageInfo.hasNextPage) return { edges, pages };
    after = page.pageInfo.endCursor;
  }
  throw new Error(`more than ${maxPages} pages`);
};
