import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { AppContext } from "../context.js";
import { Node } from "../schema/node.type.js";
import { fromGlobalId } from "../common/global-id.js";
import { loadCustomerOrSurvivor } from "../services/customer-query.service.js";
import { mapInteraction, mapTransaction } from "./mappers/activity.mapper.js";
import { mapCustomer } from "./mappers/customer.mapper.js";
import { mapImportJob, mapTemplate } from "./mappers/import-job.mapper.js";
import { findImportJob } from "../entities/import-job.repository.js";
import { findTemplateRow } from "../entities/mapping-template.repository.js";

/** Readers of each node type by row id, within the caller's workspace. */
export type NodeReader = (ctx: AppContext, rowId: string) => Promise<Node | null>;

export const NODE_READERS: Record<string, NodeReader> = {
  // a merged customer's old ID resolves to its survivor
  Customer: async (ctx, rowId) => {
    const row = await loadCustomerOrSurvivor(ctx, rowId);
    return row ? mapCustomer(row) : null;
  },
  Interaction: async (ctx, rowId) => {
    const row = await ctx.loaders.interaction.load(rowId);
    return row ? mapInteraction(row) : null;
  },
  Transaction: async (ctx, rowId) => {
    const row = await ctx.loaders.transaction.load(rowId);
    return row ? mapTransaction(row) : null;
  },
  ImportJob: async (ctx, rowId) => {
    const row = await findImportJob(ctx.sql, ctx.principal.workspaceId, rowId);
    return row ? mapImportJob(row) : null;
  },
  MappingTemplate: async (ctx, rowId) => {
    const row = await findTemplateRow(ctx.sql, ctx.principal.workspaceId, rowId);
    return row ? mapTemplate(row) : null;
  },
};

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: "Any object by its ID; null when it is not in your workspace. Any role (VIEWER and up)." })
  async node(@Ctx() ctx: AppContext, @Arg("id", () => ID, { description: "A global ID from any object's id field." }) id: string): Promise<Node | null> {
    const parsed = fromGlobalId(id);
    const reader = parsed ? NODE_READERS[parsed.type] : undefined;
    return reader && parsed ? reader(ctx, parsed.rowId) : null;
  }
}
