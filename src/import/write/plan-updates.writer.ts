import type { ImportEntityName } from "../fields/field-catalog.js";
import { applyPatches, lockUnchangedAndRecordChanges, type PlannedPatch } from "../../entities/planned-update.repository.js";
import type { PlannedField, WriteContext } from "./write-types.js";

const CUSTOM = "custom_fields.";

export interface PlanUpdate {
  readonly recordId: string;
  /** The record's version when the dry run read it. */
  readonly version: string;
  readonly fields: readonly PlannedField[];
}

/** A planned update as the statements take it: the column values apart from the custom fields (by key). */
export const plannedPatchOf = (u: PlanUpdate): PlannedPatch => {
  const patch: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  for (const [name, , after] of u.fields) {
    if (name.startsWith(CUSTOM)) custom[name.slice(CUSTOM.length)] = after;
    else patch[name] = after;
  }
  return { id: u.recordId, v: u.version, patch, custom: Object.keys(custom).length > 0 ? custom : null };
};

/**
 * Makes the planned updates whose records are still as the dry run read them (same version),
 * setting only the fields the plan changes (a custom field by its key), with each record's
 * before-image kept for revertImport as the writers keep it. Returns the ids updated; the others
 * changed since the dry run (or are gone) and are left alone.
 */
export const applyPlannedUpdates = async (ctx: WriteContext, entity: ImportEntityName, updates: readonly PlanUpdate[]): Promise<Set<string>> => {
  if (updates.length === 0) return new Set();
  const planned = updates.map(plannedPatchOf);
  const ids = await lockUnchangedAndRecordChanges(ctx.tx, ctx.workspaceId, ctx.jobId, entity, planned);
  if (ids.size > 0)
    await applyPatches(
      ctx.tx,
      ctx.workspaceId,
      ctx.jobId,
      entity,
      planned.filter((p) => ids.has(String(p.id))),
    );
  return ids;
};
