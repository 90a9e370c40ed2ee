import type { AppContext } from "../context.js";
import type { CustomerRow } from "../entities/customer.repository.js";
import {
  findRedirects,
  isLockNotAvailable,
  lockCustomers,
  lockMerge,
  recordMergeAndMoveHistory,
  survivorUnchangedSince,
  undoMerge,
  writeRedirects,
  writeSurvivor,
  type SurvivorValues,
} from "../entities/customer-merge.repository.js";
import { writeConflictOf } from "../entities/write-conflict.js";
import { markForRescore } from "../entities/duplicate-scan.repository.js";
import { customerNameKey } from "../import/index.js";
import { rowIdOf, toGlobalId } from "../common/global-id.js";
import { sqlTimeToDate } from "../common/sql-time.js";
import { inputError, type InputError } from "../input/write-input.js";
import { CUSTOMER_TEXT_COLUMNS } from "../entities/customer-columns.js";

export const MAX_MERGED = 50;

/** The customer fields a merge may take from a chosen record, by their API names. */
const FIELD_COLUMNS = CUSTOMER_TEXT_COLUMNS satisfies Record<string, keyof SurvivorValues & keyof CustomerRow>;
const CUSTOM_PREFIX = "customFields.";

export interface MergeInput {
  survivorId: string;
  mergedIds: readonly string[];
  fields?: readonly { field: string; from: string }[] | null;
  dryRun?: boolean | null;
}

export interface MergeResult {
  mergeId: string | null;
  customer: CustomerRow | null;
  mergedIds: string[];
  movedInteractions: number;
  movedTransactions: number;
  userErrors: InputError[];
}

const refused = (userErrors: InputError[]): MergeResult => ({
  mergeId: null,
  customer: null,
  mergedIds: [],
  movedInteractions: 0,
  movedTransactions: 0,
  userErrors,
});

/** Thrown inside the transaction to roll a preview back, carrying what it would have done. */
class Preview extends Error {
  constructor(readonly result: MergeResult) {
    super("preview");
  }
}

/** Thrown inside the transaction to roll back with user errors. */
class Refusal extends Error {
  constructor(readonly userErrors: InputError[]) {
    super("refused");
  }
}

const isEmpty = (v: unknown): boolean => v === null || v === undefined || v === "";

/**
 * The survivor's values: each field from the record the caller chose, else the most recently
 * updated record's non-empty value (externalId: the survivor's own, when it has one); tags combined, newest
 * record's first, none twice; custom fields combined key by key the same way; created_at the
 * earliest, since the person was a customer from then.
 */
export const combineCustomers = (survivor: CustomerRow, merged: readonly CustomerRow[], chosen: ReadonlyMap<string, CustomerRow>): SurvivorValues => {
  const newest = [survivor, ...merged].sort((a, b) => sqlTimeToDate(b.updated_at).getTime() - sqlTimeToDate(a.updated_at).getTime());
  const pick = <K extends keyof CustomerRow>(column: K, field: string): CustomerRow[K] => {
    const from = chosen.get(field);
    if (from) return from[column];
    // the survivor keeps its own source-system id when it has one; the others redirect to it
    if (column === "external_id" && !isEmpty(survivor.external_id)) return survivor[column];
    return newest.find((c) => !isEmpty(c[column]))?.[column] ?? survivor[column];
  };
  const v = {} as Record<string, unknown>;
  for (const [field, column] of Object.entries(FIELD_COLUMNS)) v[column] = pick(column, field);
  const tags = new Set<string>();
  for (const c of newest) for (const tag of c.tags ?? []) tags.add(tag);
  const keys = new Set(newest.flatMap((c) => Object.keys(c.custom_fields ?? {})));
  const custom: Record<string, string> = {};
  for (const key of keys) {
    const from = chosen.get(CUSTOM_PREFIX + key);
    const value = from ? from.custom_fields?.[key] : newest.find((c) => !isEmpty(c.custom_fields?.[key]))?.custom_fields[key];
    if (value !== undefined && value !== null) custom[key] = value;
  }
  const earliest = [survivor, ...merged].reduce((a, b) => (sqlTimeToDate(b.created_at) < sqlTimeToDate(a.created_at) ? b : a));
  const values = v as unknown as SurvivorValues;
  return {
    ...values,
    tags: [...tags],
    custom_fields: custom,
    created_at: sqlTimeToDate(earliest.created_at).toISOString(),
    name_key: customerNameKey(values.first_name, values.last_name, values.company),
  };
};

/** Checks the ids and the field choices before anything is locked; the row ids, or user errors. */
const checkInput = (input: MergeInput): { survivor: string; merged: string[]; errors: InputError[] } => {
  const errors: InputError[] = [];
  const survivor = rowIdOf(input.survivorId, "Customer");
  if (!survivor) errors.push(inputError(["survivorId"], "NOT_FOUND", "survivorId is not a customer ID."));
  const merged: string[] = [];
  if (input.mergedIds.length === 0) errors.push(inputError(["mergedIds"], "NOTHING_TO_MERGE", "mergedIds lists no customer."));
  if (input.mergedIds.length > MAX_MERGED) errors.push(inputError(["mergedIds"], "TOO_MANY", `A merge takes at most ${MAX_MERGED} customers.`));
  input.mergedIds.forEach((id, i) => {
    const rowId = rowIdOf(id, "Customer");
    if (!rowId) errors.push(inputError(["mergedIds", String(i)], "NOT_FOUND", "Not a customer ID."));
    else if (rowId === survivor) errors.push(inputError(["mergedIds", String(i)], "SURVIVOR_IN_MERGED", "The survivor cannot be among the merged customers."));
    else if (merged.includes(rowId)) errors.push(inputError(["mergedIds", String(i)], "DUPLICATE_ID", "This customer is listed twice."));
    else merged.push(rowId);
  });
  const seen = new Set<string>();
  (input.fields ?? []).forEach((f, i) => {
    const known = f.field in FIELD_COLUMNS || (f.field.startsWith(CUSTOM_PREFIX) && f.field.length > CUSTOM_PREFIX.length);
    if (!known)
      errors.push(
        inputError(
          ["fields", String(i), "field"],
          "UNKNOWN_FIELD",
          `${f.field} is not a field a merge chooses: ${Object.keys(FIELD_COLUMNS).join(", ")} or customFields.<key>.`,
        ),
      );
    else if (seen.has(f.field)) errors.push(inputError(["fields", String(i), "field"], "DUPLICATE_FIELD", `${f.field} is chosen twice.`));
    seen.add(f.field);
    const from = rowIdOf(f.from, "Customer");
    if (!from || (from !== survivor && !input.mergedIds.some((id) => rowIdOf(id, "Customer") === from))) {
      errors.push(inputError(["fields", String(i), "from"], "NOT_IN_MERGE", "from must be the survivor or one of the merged customers."));
    }
  });
  return { survivor: survivor ?? "", merged, errors };
};

/**
 * Merges customers into a survivor in one transaction: the customers are locked without waiting
 * (a merge of any of them already under way is MERGE_IN_PROGRESS), their history moves to the
 * survivor, the merged ones are deleted and redirected. With dryRun the same work runs and is
 * rolled back, and the result is what it would have been.
 */
export const mergeCustomers = async (ctx: AppContext, input: MergeInput): Promise<MergeResult> => {
  const checked = checkInput(input);
  if (checked.errors.length > 0) return refused(checked.errors);
  const workspaceId = ctx.principal.workspaceId;
  const all = [checked.survivor, ...checked.merged];
  try {
    const result = await ctx.sql.transaction(async (tx) => {
      const rows = await lockCustomers(tx, workspaceId, all);
      const byId = new Map(rows.map((r) => [String(r.id), r]));
      const missing = all.filter((id) => !byId.has(id));
      if (missing.length > 0) {
        const redirects = await findRedirects(tx, workspaceId, missing);
        throw new Refusal(
          missing.map((id) => {
            const path = id === checked.survivor ? ["survivorId"] : ["mergedIds", String(input.mergedIds.findIndex((g) => rowIdOf(g, "Customer") === id))];
            const into = redirects.get(id);
            return into
              ? inputError(path, "ALREADY_MERGED", `Customer ${toGlobalId("Customer", id)} was merged into ${toGlobalId("Customer", into)}.`)
              : inputError(path, "NOT_FOUND", `No customer of this workspace has the ID ${toGlobalId("Customer", id)}.`);
          }),
        );
      }
      const survivor = byId.get(checked.survivor)!;
      const merged = checked.merged.map((id) => byId.get(id)!);
      const chosen = new Map((input.fields ?? []).map((f) => [f.field, byId.get(rowIdOf(f.from, "Customer")!)!]));
      const values = combineCustomers(survivor, merged, chosen);
      const moved = await recordMergeAndMoveHistory(tx, { workspaceId, survivorId: survivor.id, mergedIds: checked.merged, keyId: ctx.principal.keyId });
      const customer = await writeSurvivor(tx, workspaceId, moved.mergeId, survivor.id, values);
      const former = survivor.external_id !== null && survivor.external_id !== values.external_id ? survivor.external_id : null;
      await writeRedirects(tx, workspaceId, moved.mergeId, survivor.id, merged, former);
      const result: MergeResult = {
        mergeId: moved.mergeId,
        customer,
        mergedIds: checked.merged,
        movedInteractions: moved.interactions,
        movedTransactions: moved.transactions,
        userErrors: [],
      };
      if (input.dryRun) throw new Preview({ ...result, mergeId: null });
      return result;
    });
    ctx.logger.info({ mergeId: result.mergeId, survivorId: checked.survivor, mergedIds: checked.merged }, "customers merged");
    return result;
  } catch (error) {
    if (error instanceof Preview) return error.result;
    if (error instanceof Refusal) return refused(error.userErrors);
    if (isLockNotAvailable(error)) {
      return refused([
        inputError([], "MERGE_IN_PROGRESS", "Another merge (or a write) holds one of these customers; nothing was merged. Try again when it ends."),
      ]);
    }
    throw error;
  }
};

export interface UnmergeResult {
  customers: CustomerRow[];
  userErrors: InputError[];
}

/** Undoes a merge exactly, unless the survivor changed since (CHANGED_SINCE_MERGE) or a restored key is taken (UNMERGE_CONFLICT). */
export const unmergeCustomers = async (ctx: AppContext, mergeGlobalId: string): Promise<UnmergeResult> => {
  const mergeId = rowIdOf(mergeGlobalId, "CustomerMerge");
  const notFound = { customers: [], userErrors: [inputError(["mergeId"], "NOT_FOUND", "No merge of this workspace has this ID.")] };
  if (!mergeId) return notFound;
  const workspaceId = ctx.principal.workspaceId;
  try {
    return await ctx.sql.transaction(async (tx) => {
      const merge = await lockMerge(tx, workspaceId, mergeId);
      if (!merge) throw new Refusal(notFound.userErrors);
      if (merge.undone_at !== null) throw new Refusal([inputError(["mergeId"], "ALREADY_UNMERGED", "This merge was undone already.")]);
      const survivor = await lockCustomers(tx, workspaceId, [String(merge.survivor_id)]);
      if (survivor.length === 0) {
        throw new Refusal([inputError(["mergeId"], "SURVIVOR_GONE", "The survivor was deleted or merged again since; undo that first.")]);
      }
      if (!(await survivorUnchangedSince(tx, workspaceId, mergeId))) {
        throw new Refusal([inputError(["mergeId"], "CHANGED_SINCE_MERGE", "The survivor was changed after the merge; undoing it would lose that change.")]);
      }
      const customers = await undoMerge(tx, workspaceId, mergeId);
      // they are back with the timestamps they had: the duplicate rescoring's watermark would pass them by
      await markForRescore(
        tx,
        workspaceId,
        customers.map((c) => c.id),
      );
      return { customers, userErrors: [] };
    });
  } catch (error) {
    if (error instanceof Refusal) return { customers: [], userErrors: error.userErrors };
    if (isLockNotAvailable(error)) {
      return { customers: [], userErrors: [inputError(["mergeId"], "MERGE_IN_PROGRESS", "Another merge or undo holds these customers; nothing was changed.")] };
    }
    const conflict = writeConflictOf(error);
    if (conflict?.kind === "unique") {
      return {
        customers: [],
        userErrors: [
          inputError(
            ["mergeId"],
            "UNMERGE_CONFLICT",
            `A customer created since the merge has the ${conflict.field ?? "key"} of a merged one; nothing was changed.`,
          ),
        ],
      };
    }
    throw error;
  }
};
