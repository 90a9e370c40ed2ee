import type { AppContext } from "../context.js";
import type { ActivityRow } from "../entities/activity.repository.js";
import type { CustomerRow } from "../entities/customer.repository.js";
import { findImportJob, type ImportJobRow } from "../entities/import-job.repository.js";
import { findTemplateRow, type MappingTemplateRow } from "../entities/mapping-template.repository.js";
import { fromGlobalId } from "../common/global-id.js";
import { loadCustomerOrSurvivor } from "./customer-query.service.js";

/** The row behind a global ID, named by its type. */
export type NodeRow =
  | { readonly type: "Customer"; readonly row: CustomerRow }
  | { readonly type: "Interaction"; readonly row: ActivityRow }
  | { readonly type: "Transaction"; readonly row: ActivityRow }
  | { readonly type: "ImportJob"; readonly row: ImportJobRow }
  | { readonly type: "MappingTemplate"; readonly row: MappingTemplateRow };

const readers: { [T in NodeRow["type"]]: (ctx: AppContext, rowId: string) => Promise<Extract<NodeRow, { type: T }>["row"] | null> } = {
  // a merged customer's old ID resolves to its survivor
  Customer: (ctx, rowId) => loadCustomerOrSurvivor(ctx, rowId),
  Interaction: (ctx, rowId) => ctx.loaders.interaction.load(rowId),
  Transaction: (ctx, rowId) => ctx.loaders.transaction.load(rowId),
  ImportJob: (ctx, rowId) => findImportJob(ctx.sql, ctx.principal.workspaceId, rowId),
  MappingTemplate: (ctx, rowId) => findTemplateRow(ctx.sql, ctx.principal.workspaceId, rowId),
};

/**
 * Any readable object of the caller's workspace by its global ID; null when the ID is not one,
 * names a type with no reader, or no such row is in the workspace.
 */
export const findNode = async (ctx: AppContext, id: string): Promise<NodeRow | null> => {
  const parsed = fromGlobalId(id);
  if (!parsed || !Object.hasOwn(readers, parsed.type)) return null;
  const type = parsed.type as NodeRow["type"];
  const row = await readers[type](ctx, parsed.rowId);
  return row ? ({ type, row } as NodeRow) : null;
};
