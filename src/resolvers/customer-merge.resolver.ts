import { Arg, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import type { AppContext } from "../context.js";
import { MergeCustomersInput, MergeCustomersPayload, UnmergeCustomersInput, UnmergeCustomersPayload } from "../schema/customer-merge.type.js";
import { mergeCustomers, unmergeCustomers } from "../services/customer-merge.service.js";
import { toGlobalId } from "../common/global-id.js";
import { mapCustomer } from "./mappers/customer.mapper.js";

@Resolver()
export class CustomerMergeResolver {
  @Authorized("IMPORTER")
  @Mutation(() => MergeCustomersPayload, {
    description:
      "Merges duplicate customers into one, in one transaction: history moved, tags and custom fields combined, the merged customers deleted and redirected. dryRun previews it. IMPORTER or ADMIN.",
  })
  async mergeCustomers(
    @Ctx() ctx: AppContext,
    @Arg("input", () => MergeCustomersInput, { description: "The survivor, the customers merged into it and the field choices." }) input: MergeCustomersInput,
  ): Promise<MergeCustomersPayload> {
    const r = await mergeCustomers(ctx, input);
    return {
      mergeId: r.mergeId && toGlobalId("CustomerMerge", r.mergeId),
      customer: r.customer && mapCustomer(r.customer),
      mergedIds: r.mergedIds.map((id) => toGlobalId("Customer", id)),
      movedInteractions: r.movedInteractions,
      movedTransactions: r.movedTransactions,
      dryRun: input.dryRun === true,
      userErrors: r.userErrors,
    };
  }

  @Authorized("IMPORTER")
  @Mutation(() => UnmergeCustomersPayload, {
    description: "Undoes a merge: the customers, their fields and their history as they were before it. IMPORTER or ADMIN.",
  })
  async unmergeCustomers(
    @Ctx() ctx: AppContext,
    @Arg("input", () => UnmergeCustomersInput, { description: "The merge to undo." }) input: UnmergeCustomersInput,
  ): Promise<UnmergeCustomersPayload> {
    const r = await unmergeCustomers(ctx, input.mergeId);
    return { customers: r.customers.map(mapCustomer), userErrors: r.userErrors };
  }
}
