import type { CustomerLink } from "../clean/clean-record.js";

/** The key a row links to its customer by: `x:` and its customer's external id, else `e:` and its email; null for neither. */
export const customerLinkKey = (link: CustomerLink): string | null =>
  link.customerExternalId ? `x:${link.customerExternalId}` : link.customerEmail ? `e:${link.customerEmail}` : null;

/** What a batch's links look customers up by, each once: an email only for a link without an external id. */
export const linkLookups = (links: readonly CustomerLink[]): { externalIds: string[]; emails: string[] } => ({
  externalIds: [...new Set(links.map((l) => l.customerExternalId).filter((v): v is string => !!v))],
  emails: [...new Set(links.filter((l) => !l.customerExternalId && l.customerEmail).map((l) => l.customerEmail!))],
});

/** The customers found, by link key (a customer with both keys under both). */
export const indexLinkedCustomers = (rows: readonly { id: string; external_id: string | null; email: string | null }[]): Map<string, string> => {
  const found = new Map<string, string>();
  for (const r of rows) {
    if (r.external_id) found.set(`x:${r.external_id}`, String(r.id));
    if (r.email) found.set(`e:${r.email}`, String(r.id));
  }
  return found;
};

/** The links no customer was found for, one per key (in the order keys first appear, with the last row's link). */
export const missingLinks = (links: readonly CustomerLink[], found: ReadonlyMap<string, string>): Map<string, CustomerLink> => {
  const missing = new Map<string, CustomerLink>();
  for (const link of links) {
    const key = customerLinkKey(link);
    if (key && !found.has(key)) missing.set(key, link);
  }
  return missing;
};

/** The external ids among missing links: the ones a merged-away customer may have held. */
export const missingExternalIds = (missing: ReadonlyMap<string, CustomerLink>): string[] =>
  [...missing.keys()].filter((k) => k.startsWith("x:")).map((k) => k.slice(2));

/** The customers createMissingCustomers makes for missing links: the external id, with the email the row gives beside it. */
export const customersToCreate = (missing: ReadonlyMap<string, CustomerLink>): { external_id: string | null; email: string | null }[] =>
  [...missing.values()].map((l) => ({ external_id: l.customerExternalId, email: l.customerExternalId ? (l.customerEmail ?? null) : l.customerEmail }));
