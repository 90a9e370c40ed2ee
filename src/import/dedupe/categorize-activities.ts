import type { RowProblem } from "../clean/clean-record.js";
import { sqlTimeToDate } from "../../common/sql-time.js";
import type { ActivityKeys } from "../write/activity-tables.js";
import { problem } from "../write/write-types.js";

/** A row of a batch with its keys and the customer it links to. */
export interface LinkedActivity<R> {
  readonly row: R;
  readonly keys: ActivityKeys;
  readonly customerId: string;
}

/** A stored record as the categorisation reads it: ids, identities and columns as text. */
export type StoredActivityValues = {
  readonly id: string;
  readonly customer_id: string;
  readonly external_id: string | null;
  readonly content_key?: string | null;
  readonly plan_version: string;
} & Readonly<Partial<Record<string, string | null>>>;

/** What becomes of one linked row: refused, inserted, left as it is, or updated (before and after normalized by column). */
export type ActivityDecision<R> =
  | { readonly kind: "skipped"; readonly row: R; readonly problem: RowProblem }
  | { readonly kind: "failed"; readonly row: R; readonly problem: RowProblem }
  | { readonly kind: "insert"; readonly linked: LinkedActivity<R> }
  | { readonly kind: "unchanged"; readonly row: R; readonly recordId: string }
  | {
      readonly kind: "update";
      readonly row: R;
      readonly recordId: string;
      readonly version: string;
      readonly values: Record<string, string | null>;
      readonly before: Record<string, string | null>;
      readonly after: Record<string, string | null>;
    };

export interface ActivityRules {
  /** The columns compared, besides the customer. */
  readonly columns: readonly string[];
  readonly mode: "CREATE" | "UPSERT" | "UPDATE";
  /** Why a stored record may not take a row's values, or null. */
  guard(before: Record<string, string | null>, after: Record<string, string | null>, keys: ActivityKeys): RowProblem | null;
}

// A record's identity: its externalId, else (transactions) its content key; null for neither.
export const identityOf = (externalId: string | null | undefined, contentKey: string | null | undefined): string | null =>
  externalId ? `x:${externalId}` : contentKey ? `c:${contentKey}` : null;

const BY_CONTENT = "A transaction with this customer, time, kind, amount and currency (and place among the file's identical rows)";

/** A column's value as stored and as a row gives it, in one spelling: ISO times, amounts without trailing zeros, trimmed text. */
export const normalizeActivityValue = (col: string, v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (col === "occurred_at") return sqlTimeToDate(v as string).toISOString();
  if (col === "amount")
    return String(v)
      .replace(/(\.\d*?)0+$/, "$1")
      .replace(/\.$/, "");
  return String(v).trim();
};

/**
 * Which inserted record each sent row became. RETURNING lists inserted rows in the insert's
 * order (customer, then place in the batch): a row with an identity is found by it, one without
 * (an interaction with no externalId) by its customer in turn. Rows not inserted are left out.
 */
export const matchReturnedActivities = <R>(
  sent: readonly LinkedActivity<R>[],
  back: readonly { id: string; customer_id: string; external_id: string | null; content_key?: string | null }[],
): { linked: LinkedActivity<R>; id: string }[] => {
  const byIdentity = new Map<string, string>();
  const keyless = new Map<string, string[]>();
  for (const b of back) {
    const identity = identityOf(b.external_id, b.content_key);
    if (identity !== null) byIdentity.set(identity, String(b.id));
    else {
      const list = keyless.get(String(b.customer_id));
      if (list) list.push(String(b.id));
      else keyless.set(String(b.customer_id), [String(b.id)]);
    }
  }
  const matched: { linked: LinkedActivity<R>; id: string }[] = [];
  for (const l of sent) {
    const identity = identityOf(l.keys.externalId, l.keys.contentKey);
    const id = identity !== null ? byIdentity.get(identity) : keyless.get(l.customerId)?.shift();
    if (id !== undefined) matched.push({ linked: l, id });
  }
  return matched;
};

/** The identities the stored records are looked up by: external ids, and content keys of rows without one. */
export const activityLookups = (linked: readonly LinkedActivity<unknown>[]): { externalIds: string[]; contentKeys: string[] } => ({
  externalIds: linked.map((l) => l.keys.externalId).filter((v): v is string => !!v),
  contentKeys: linked.map((l) => (l.keys.externalId ? null : l.keys.contentKey)).filter((v): v is string => !!v),
});

/** The stored records by identity. */
export const indexActivities = <S extends { external_id: string | null; content_key?: string | null }>(stored: readonly S[]): Map<string | null, S> =>
  new Map(stored.map((e) => [identityOf(e.external_id, e.content_key), e]));

/**
 * Decides each linked row against the stored record with its identity (`insert` holds the row's
 * column values as JSON): a record there and the mode CREATE, or none and the mode UPDATE, skips
 * the row; no record inserts it; a record updates when a value (or the customer) differs and the
 * rules' guard lets it, else the row is unchanged.
 */
export const categorizeActivities = <R extends { readonly insert: string }>(
  rules: ActivityRules,
  linked: readonly LinkedActivity<R>[],
  stored: ReadonlyMap<string | null, StoredActivityValues>,
): ActivityDecision<R>[] => {
  const decisions: ActivityDecision<R>[] = [];
  for (const l of linked) {
    const { row, keys: r, customerId } = l;
    const identity = identityOf(r.externalId, r.contentKey);
    const current = identity !== null ? stored.get(identity) : undefined;
    const byContent = !r.externalId && !!r.contentKey;
    if (current && rules.mode === "CREATE") {
      decisions.push({
        kind: "skipped",
        row,
        problem: byContent
          ? problem("EXISTS", `${BY_CONTENT} exists already and the mode is CREATE.`)
          : problem("EXISTS", "A record with this externalId exists already and the mode is CREATE.", "externalId", r.externalId),
      });
      continue;
    }
    if (!current && rules.mode === "UPDATE") {
      decisions.push({
        kind: "skipped",
        row,
        problem: byContent
          ? problem("NOT_FOUND", `${BY_CONTENT} does not exist and the mode is UPDATE.`)
          : problem("NOT_FOUND", "No record has this externalId and the mode is UPDATE.", "externalId", r.externalId),
      });
      continue;
    }
    if (!current) {
      decisions.push({ kind: "insert", linked: l });
      continue;
    }
    // the row's insert JSON holds its column values (and its external id)
    const values: Record<string, string | null> = { ...(JSON.parse(row.insert) as Record<string, string | null>), customer_id: customerId };
    const before: Record<string, string | null> = { customer_id: String(current.customer_id) };
    const after: Record<string, string | null> = { customer_id: customerId };
    for (const c of rules.columns) {
      before[c] = normalizeActivityValue(c, current[c]);
      after[c] = normalizeActivityValue(c, values[c]);
    }
    if (!Object.keys(after).some((c) => after[c] !== before[c])) {
      decisions.push({ kind: "unchanged", row, recordId: String(current.id) });
      continue;
    }
    const refused = rules.guard(before, after, r);
    if (refused) {
      decisions.push({ kind: "failed", row, problem: refused });
      continue;
    }
    decisions.push({ kind: "update", row, recordId: String(current.id), version: String(current.plan_version), values, before, after });
  }
  return decisions;
};

/** The fields an update changes, for a dry run's plan: the values the update writes, as it writes them (the comparison normalizes them). */
export const plannedActivityFields = (d: Extract<ActivityDecision<unknown>, { kind: "update" }>) =>
  Object.keys(d.after)
    .filter((c) => d.after[c] !== d.before[c])
    .map((c) => [c, d.before[c], d.values[c] ?? null] as const);
