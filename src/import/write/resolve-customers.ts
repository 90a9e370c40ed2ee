import type { CustomerLink } from "../clean/clean-record.js";
import { findCustomersByLinks, insertLinkedCustomers } from "../../entities/customer-link.repository.js";
import { findRedirectsByExternalIds } from "../../entities/customer-merge.repository.js";
import {
  customerLinkKey,
  customersToCreate,
  indexLinkedCustomers,
  linkLookups,
  missingExternalIds,
  missingLinks,
} from "../dedupe/categorize-customer-links.js";
import type { WriteContext } from "./write-types.js";

export interface CustomerResolution {
  /** The customer's id for a row's link, or null when it is unknown (and not created). */
  idFor(link: CustomerLink): string | null;
}

/**
 * Finds the customers a batch links to, in one query. An external id no customer holds that a
 * merged-away customer held leads to its survivor (as customer(externalId:) does): one more
 * query, only when some external id is not found. With createMissingCustomers, the customers
 * still unknown are created (from the external id or email the row gives) and looked up again.
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
  let missing = missingLinks(links, found);
  const redirected = new Map<string, string>();
  const merged = missingExternalIds(missing);
  if (merged.length > 0) {
    for (const [externalId, survivorId] of await findRedirectsByExternalIds(ctx.tx, ctx.workspaceId, merged)) {
      redirected.set(`x:${externalId}`, survivorId);
      found.set(`x:${externalId}`, survivorId);
    }
    if (redirected.size > 0) missing = missingLinks(links, found);
  }
  if (ctx.createMissingCustomers && missing.size > 0) {
    if (ctx.dryRun) {
      for (const key of missing.keys()) found.set(key, "0");
    } else {
      await insertLinkedCustomers(ctx.tx, ctx.workspaceId, ctx.jobId, customersToCreate(missing));
      found = await lookup();
      for (const [key, id] of redirected) if (!found.has(key)) found.set(key, id);
    }
  }
  return {
    idFor: (link) => {
      const key = customerLinkKey(link);
      return key ? (found.get(key) ?? null) : null;
    },
  };
};
