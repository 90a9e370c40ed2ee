import type { RowProblem } from "../clean/clean-record.js";
import type { PossibleDuplicateRow } from "../../entities/duplicate-candidate.repository.js";
import { toGlobalId } from "../../common/global-id.js";
import { reasonsOf } from "./duplicate-reasons.js";
import { problem, type PossibleDuplicatePolicy } from "../write/write-types.js";

export type CustomerKey = "externalId" | "email" | "phone";
export const CUSTOMER_KEY_COLUMN: Readonly<Record<CustomerKey, "external_id" | "email" | "phone">> = {
  externalId: "external_id",
  email: "email",
  phone: "phone",
};
/** The keys no two customers share. */
export const UNIQUE_CUSTOMER_KEYS: readonly ("externalId" | "email")[] = ["externalId", "email"];

/** A row as the categorisation reads it: its number and match keys. */
export interface KeyedRow {
  readonly rowNumber: number;
  readonly keys: Readonly<Record<string, string | null>>;
}
/** A stored customer as the categorisation reads it. */
export interface KeyedCustomer {
  readonly id: string;
  readonly external_id: string | null;
  readonly email: string | null;
  readonly phone: string | null;
}

export type CustomerIndex<C> = Record<CustomerKey, Map<string, C>>;

export interface CustomerRules {
  readonly mode: "CREATE" | "UPSERT" | "UPDATE";
  readonly matchOn: readonly string[];
  readonly possibleDuplicates: PossibleDuplicatePolicy;
}

/** What becomes of one row: refused, inserted as new (perhaps looking like `duplicate`), or written into `target` (updated or unchanged). */
export type CustomerDecision<R, C> =
  | { readonly kind: "failed"; readonly row: R; readonly problem: RowProblem }
  | { readonly kind: "skipped"; readonly row: R; readonly problem: RowProblem }
  | { readonly kind: "insert"; readonly row: R; readonly duplicate: PossibleDuplicateRow | undefined }
  | { readonly kind: "write"; readonly row: R; readonly target: C; readonly intoDuplicate: boolean };

const pairKey = (externalId: string | null | undefined, email: string | null | undefined): string => `${externalId ?? "\u0000"}\u0001${email ?? "\u0000"}`;

/**
 * Which rows a first insert (`on conflict do nothing`) took. RETURNING lists the inserted rows in
 * the batch's order, less the ones that conflicted; rows of one batch never share a match key
 * (the in-file duplicate check), so a row's pair of unique values names it. `left` are the rows
 * not inserted that have a unique value to look up (a row with neither matches no customer).
 */
export const splitInsertedCustomers = <R extends KeyedRow>(
  rows: readonly R[],
  created: readonly { id: string; external_id: string | null; email: string | null }[],
): { inserted: { row: R; id: string }[]; left: R[] } => {
  const inserted: { row: R; id: string }[] = [];
  const left: R[] = [];
  let next = 0;
  for (const r of rows) {
    const c = created[next];
    if (c && pairKey(c.external_id, c.email) === pairKey(r.keys["externalId"], r.keys["email"])) {
      inserted.push({ row: r, id: String(c.id) });
      next++;
    } else if (r.keys["externalId"] || r.keys["email"]) left.push(r);
  }
  if (next !== created.length) throw new Error("inserted customers came back in an order other than the batch's");
  return { inserted, left };
};

/** The keys a batch looks customers up by: the unique ones, and those it matches on. */
export const customerLookupKeys = (matchOn: readonly string[]): CustomerKey[] => [
  ...new Set<CustomerKey>([...UNIQUE_CUSTOMER_KEYS, ...(matchOn as CustomerKey[])]),
];

/** The values of each lookup key the rows give. */
export const wantedCustomerKeys = (rows: readonly KeyedRow[], lookupKeys: readonly CustomerKey[]): Record<CustomerKey, string[]> => {
  const wanted: Record<CustomerKey, string[]> = { externalId: [], email: [], phone: [] };
  for (const { keys } of rows) for (const k of lookupKeys) if (keys[k]) wanted[k].push(keys[k]!);
  return wanted;
};

/** The customers by each lookup key's value; of two holding one value (a phone), the first (lowest id, as read). */
export const indexCustomers = <C extends KeyedCustomer>(existing: readonly C[], lookupKeys: readonly CustomerKey[]): CustomerIndex<C> => {
  const index: CustomerIndex<C> = { externalId: new Map(), email: new Map(), phone: new Map() };
  for (const row of existing)
    for (const k of lookupKeys) {
      const v = row[CUSTOMER_KEY_COLUMN[k]];
      if (v && !index[k].has(v)) index[k].set(v, row);
    }
  return index;
};

/** The rows no stored customer matches by any lookup key: the ones the possible-duplicate check compares. */
export const unmatchedCustomerRows = <R extends KeyedRow>(rows: readonly R[], index: CustomerIndex<unknown>, lookupKeys: readonly CustomerKey[]): R[] =>
  rows.filter(
    (row) =>
      !lookupKeys.some((k) => {
        const v = row.keys[k];
        return v ? index[k].has(v) : false;
      }),
  );

/** A row skipped as a likely duplicate: the existing customer's id is the problem's value. */
export const duplicateProblem = (d: PossibleDuplicateRow, why: string): RowProblem => {
  const id = toGlobalId("Customer", d.id);
  return problem(
    "POSSIBLE_DUPLICATE",
    `Probably the same person as customer ${id} (score ${d.score}: ${reasonsOf(d)
      .map((x) => x.code)
      .join(", ")}); ${why}`,
    null,
    id,
  );
};

/**
 * Decides each row of a batch, in order: its match keys find at most one stored customer (two
 * is a CONFLICT), its unique values are held by no other customer nor claimed by an earlier row
 * (else CONFLICT), the mode allows what follows (EXISTS, NOT_FOUND); a new row that looks like an
 * existing customer (`fuzzy`, by row number) is inserted beside it (WARN), skipped (SKIP), or
 * merged into it (MERGE, in UPSERT mode, once a batch, when no other row writes that customer
 * and it is in `mergeTargets`).
 */
export const categorizeCustomers = <R extends KeyedRow, C extends KeyedCustomer>(
  rules: CustomerRules,
  rows: readonly R[],
  index: CustomerIndex<C>,
  fuzzy: ReadonlyMap<number, PossibleDuplicateRow>,
  mergeTargets: ReadonlyMap<string, C>,
): CustomerDecision<R, C>[] => {
  const decisions: CustomerDecision<R, C>[] = [];
  // the customers rows match exactly, which no other row merges into
  const exactTargets = new Set<string>();
  if (rules.possibleDuplicates === "MERGE" && rules.mode === "UPSERT" && fuzzy.size > 0) {
    for (const row of rows)
      for (const k of rules.matchOn) {
        const v = row.keys[k];
        const m = v ? index[k as CustomerKey].get(v) : undefined;
        if (m) exactTargets.add(String(m.id));
      }
  }
  const mergedInto = new Set<string>();
  // unique values taken by earlier rows of this batch, so two rows never claim one
  const claimed: Record<"externalId" | "email", Map<string, number>> = { externalId: new Map(), email: new Map() };
  for (const row of rows) {
    const r = row.keys as Readonly<Record<CustomerKey, string | null>>;
    const matches = rules.matchOn
      .map((k) => (r[k as CustomerKey] ? index[k as CustomerKey].get(r[k as CustomerKey]!) : undefined))
      .filter((m) => m !== undefined);
    let target = matches[0] ?? null;
    const other = matches.find((m) => m.id !== target?.id);
    if (other) {
      decisions.push({ kind: "failed", row, problem: problem("CONFLICT", "The row's keys match two different customers.", null) });
      continue;
    }
    const taken = UNIQUE_CUSTOMER_KEYS.find((k) => {
      const v = r[k];
      if (!v) return false;
      const holder = index[k].get(v);
      return (holder && holder.id !== target?.id) || claimed[k].has(v);
    });
    if (taken) {
      decisions.push({ kind: "failed", row, problem: problem("CONFLICT", `This ${taken} belongs to another customer.`, taken, r[taken]) });
      continue;
    }
    if (target && rules.mode === "CREATE") {
      decisions.push({ kind: "skipped", row, problem: problem("EXISTS", "The customer exists already and the mode is CREATE.", null) });
      continue;
    }
    if (!target && rules.mode === "UPDATE") {
      decisions.push({ kind: "skipped", row, problem: problem("NOT_FOUND", "No customer matches and the mode is UPDATE.", null) });
      continue;
    }
    const dup = target ? undefined : fuzzy.get(row.rowNumber);
    if (dup && rules.possibleDuplicates !== "WARN") {
      const into = mergeTargets.get(dup.id);
      const why =
        rules.possibleDuplicates === "SKIP"
          ? "onPossibleDuplicate is SKIP."
          : rules.mode === "CREATE"
            ? "the mode CREATE does not merge into an existing customer."
            : exactTargets.has(dup.id) || mergedInto.has(dup.id)
              ? "another row of the batch writes that customer, so this one is not merged into it."
              : null;
      if (why !== null || !into) {
        decisions.push({ kind: "skipped", row, problem: duplicateProblem(dup, why ?? "it is no longer there to merge into.") });
        continue;
      }
      mergedInto.add(dup.id);
      target = into;
    }
    for (const k of UNIQUE_CUSTOMER_KEYS) if (r[k]) claimed[k].set(r[k]!, row.rowNumber);
    decisions.push(target ? { kind: "write", row, target, intoDuplicate: dup !== undefined } : { kind: "insert", row, duplicate: dup });
  }
  return decisions;
};
