import type { CustomerLink } from "../clean/clean-record.js";
import { findCustomersByLinks, insertLinkedCustomers } from "../../entities/customer-link.repository.js";
import { customerLinkKey, customersToCreate, indexLinkedCustomers, linkLookups, missingLinks } from "../dedupe/categorize-customer-links.js";
import type { WriteContext } from "./write-types.js";

export interface CustomerResolution {
  /** The customer's id for a row's link, or null when it is unknown (and not created). */
  idFor(link: CustomerLink): string | null;
}

/**
 * Finds the customers a batch links to, in one query; with createMissingCustomers, creates the
 * unknown ones first (from the external id or email the row gives).
 */
export const resolveCustomers = async (ctx: WriteContext, links: readonly CustomerLink[]): Promise<CustomerResolution> => {
  const { externalIds, emails } = linkLookups(links);
  const lookup = async () => indexLinkedCustomers(await findCustomersByLinks(ctx.tx, ctx.workspaceId, externalIds, emails));
  let found = await lookup();
  if (ctx.dryRun && ctx.plannedCustomers) {
    for (const link of links) {
      const key = customerLinkKey(link);
      if (key && !found.has(key) && ctx.plannedCustomers.has(key)) found.set(key, "0");
    }
  }
  const missing = ctx.createMissingCustomers ? missingLinks(links, found) : new Map();
  if (missing.size > 0) {
    if (ctx.dryRun) {
      for (const key of missing.keys()) found.set(key, "0");
    } else {
      await insertLinkedCustomers(ctx.tx, ctx.workspaceId, ctx.jobId, customersToCreate(missing));
      found = await lookup();
    }
  }
  return { idFor: (link) => { const key = customerLinkKey(link); return key ? (found.get(key) ?? null) : null; } };
};
