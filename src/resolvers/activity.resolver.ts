import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { AppContext } from "../context.js";
import { Interaction, Transaction } from "../schema/activity.type.js";
import { Customer } from "../schema/customer.type.js";
import { mapCustomer } from "./mappers/customer.mapper.js";

const customerOf = async (ctx: AppContext, rowId: string): Promise<Customer> => {
  const row = await ctx.loaders.customer.load(rowId);
  if (!row) throw new Error(`customer ${rowId} of an activity is missing`);
  return mapCustomer(row);
};

@Resolver(() => Interaction)
export class InteractionResolver {
  @FieldResolver(() => Customer, { description: "The customer this interaction is with." })
  customer(@Root() interaction: Interaction, @Ctx() ctx: AppContext): Promise<Customer> {
    return customerOf(ctx, interaction.customerRowId);
  }
}

@Resolver(() => Transaction)
export class TransactionResolver {
  @FieldResolver(() => Customer, { description: "The customer this transaction is with." })
  customer(@Root() transaction: Transaction, @Ctx() ctx: AppContext): Promise<Customer> {
    return customerOf(ctx, transaction.customerRowId);
  }
}
