import type { CustomerLink } from "../clean/clean-record.js";
import type { WriteContext } from "./write-types.js";

export interface CustomerResolution {
  /** The customer's id for a row's link, or null when it is unknown (and not created). */
  idFor(link: CustomerLink): string | null;
}

const keyOf = (link: CustomerLink): string | null =>
  link.customerExternalId ? `x:${link.customerExternalId}` : link.customerEmail ? `e:${link.customerEmail}` : null;

/**
 * Finds the customers a batch links to, in one query; with createMissingCustomers, creates the
 * unknown ones first (from the external id or email the row gives).
 */
export const resolveCustomers = async (ctx: WriteContext, links: readonly CustomerLink[]): Promise<CustomerResolution> => {
  const externalIds = [...new Set(links.map((l) => l.customerExternalId).filter((v): v is string => !!v))];
  const emails = [...new Set(links.filter((l) => !l.customerExternalId && l.customerEmail).map((l) => l.customerEmail!))];
  const lookup = async () => {
    const rows = await ctx.tx.query<{ id: string; external_id: string | null; email: string | null }>(
      `select id, external_id, email from customer where workspace_id = $1 and (external_id = any($2::text[]) or email = any($3::text[]))`,
      [ctx.workspaceId, externalIds, emails],
    );
    const found = new Map<string, string>();
    for (const r of rows) {
      if (r.external_id) found.set(`x:${r.external_id}`, String(r.id));
      if (r.email) found.set(`e:${r.email}`, String(r.id));
    }
    return found;
  };
  let found = await lookup();
  if (ctx.dryRun && ctx.plannedCustomers) {
    for (const link of links) {
      const key = keyOf(link);
      if (key && !found.has(key) && ctx.plannedCustomers.has(key)) found.set(key, "0");
    }
  }
  if (ctx.createMissingCustomers) {
    const missing = new Map<string, CustomerLink>();
    for (const link of links) {
      const key = keyOf(link);
      if (key && !found.has(key)) missing.set(key, link);
    }
    if (missing.size > 0) {
      if (ctx.dryRun) {
        for (const key of missing.keys()) found.set(key, "0");
      } else {
        const created = [...missing.values()].map((l) => ({
          external_id: l.customerExternalId,
          email: l.customerExternalId ? (l.customerEmail ?? null) : l.customerEmail,
        }));
        await ctx.tx.query(
          `insert into customer (workspace_id, external_id, email, created_by_job_id, last_job_id)
           select $1, r.external_id, r.email, $2, $2 from jsonb_to_recordset($3::jsonb) as r(external_id text, email text)
           on conflict do nothing`,
          [ctx.workspaceId, ctx.jobId, JSON.stringify(created)],
        );
        found = await lookup();
      }
    }
  }
  return { idFor: (link) => { const key = keyOf(link); return key ? (found.get(key) ?? null) : null; } };
};
