import type { SqlTx } from "./sql-client.js";

/** A customer's id with the keys an interaction or transaction links to it by. */
export interface CustomerLinkRow {
  id: string;
  external_id: string | null;
  email: string | null;
}

/** The workspace's customers with any of these external ids or emails. */
export const findCustomersByLinks = (tx: SqlTx, workspaceId: string, externalIds: readonly string[], emails: readonly string[]): Promise<CustomerLinkRow[]> =>
  tx.query<CustomerLinkRow>(
    `select id, external_id, email from customer where workspace_id = $1 and (external_id = any($2::text[]) or email = any($3::text[]))`,
    [workspaceId, externalIds, emails],
  );

/** Creates customers from nothing but their keys (createMissingCustomers); a key taken meanwhile is skipped. */
export const insertLinkedCustomers = async (
  tx: SqlTx,
  workspaceId: string,
  jobId: string,
  keys: readonly { external_id: string | null; email: string | null }[],
): Promise<void> => {
  await tx.query(
    `insert into customer (workspace_id, external_id, email, created_by_job_id, last_job_id)
     select $1, r.external_id, r.email, $2, $2 from jsonb_to_recordset($3::jsonb) as r(external_id text, email text)
     on conflict do nothing`,
    [workspaceId, jobId, JSON.stringify(keys)],
  );
};
