import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, InputType, Int, Query, Resolver, Root } from "type-graphql";
import type { AppContext } from "../context.js";
import { Customer, MoneyTotal } from "../schema/customer.type.js";
import { HistoryConnection, InteractionConnection, TransactionConnection } from "../schema/activity.type.js";
import { connectionTypes, type Connection } from "../schema/connection.js";
import { CustomerOrderField, InteractionType, OrderDirection } from "../schema/enums.js";
import { DateTimeScalar } from "../schema/scalars.js";
import { customerActivity, findCustomer, listCustomers } from "../services/customer-query.service.js";
import { decimalText } from "../services/decimal-text.js";
import { mapActivity, mapInteraction, mapTransaction } from "./mappers/activity.mapper.js";
import { mapCustomer } from "./mappers/customer.mapper.js";

export const { ConnectionType: CustomerConnection } = connectionTypes("Customer", () => Customer);

@InputType()
export class CustomerFilter {
  @Field(() => String, { nullable: true, description: "Matches name, email, phone, company or external id." }) search?: string | null;
  @Field(() => [String], { nullable: true, description: "Customers with any of these tags." }) tags?: string[] | null;
  @Field(() => String, { nullable: true, description: "ISO 3166-1 alpha-2" }) country?: string | null;
  @Field(() => ID, { nullable: true, description: "Customers created or last updated by this import." }) importJobId?: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) createdAfter?: Date | null;
}

@InputType()
export class CustomerOrder {
  @Field(() => CustomerOrderField) field!: CustomerOrderField;
  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC }) direction!: OrderDirection;
}

@ArgsType()
class PageArgs {
  @Field(() => Int, { nullable: true }) first?: number | null;
  @Field(() => String, { nullable: true }) after?: string | null;
}

@ArgsType()
class HistoryArgs extends PageArgs {
  @Field(() => DateTimeScalar, { nullable: true }) since?: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) until?: Date | null;
}

@ArgsType()
class InteractionArgs extends PageArgs {
  @Field(() => InteractionType, { nullable: true }) type?: InteractionType | null;
}

@Resolver(() => Customer)
export class CustomerResolver {
  @Query(() => Customer, { nullable: true, description: "One customer by exactly one of id, externalId or email." })
  async customer(
    @Ctx() ctx: AppContext,
    @Arg("id", () => ID, { nullable: true }) id?: string,
    @Arg("externalId", () => String, { nullable: true }) externalId?: string,
    @Arg("email", () => String, { nullable: true }) email?: string,
  ): Promise<Customer | null> {
    const row = await findCustomer(ctx, { id, externalId, email });
    return row ? mapCustomer(row) : null;
  }

  @Query(() => CustomerConnection)
  customers(
    @Ctx() ctx: AppContext,
    @Args() { first, after }: PageArgs,
    @Arg("filter", () => CustomerFilter, { nullable: true }) filter?: CustomerFilter,
    @Arg("orderBy", () => CustomerOrder, { nullable: true }) orderBy?: CustomerOrder,
  ): Promise<Connection<Customer>> {
    return listCustomers(ctx, { first, after, filter: filter ?? {}, orderBy: orderBy ?? null }, mapCustomer);
  }

  @FieldResolver(() => [MoneyTotal], { description: "Completed purchases minus refunds, per currency." })
  async lifetimeValue(@Root() customer: Customer, @Ctx() ctx: AppContext): Promise<MoneyTotal[]> {
    const rows = await ctx.loaders.lifetimeValue.load(customer.rowId);
    return rows.map((r) => ({ currency: r.currency.trim(), amount: decimalText(r.amount) }));
  }

  @FieldResolver(() => DateTimeScalar, { nullable: true })
  lastInteractionAt(@Root() customer: Customer, @Ctx() ctx: AppContext): Promise<Date | null> {
    return ctx.loaders.lastInteractionAt.load(customer.rowId);
  }

  @FieldResolver(() => InteractionConnection)
  interactions(@Root() customer: Customer, @Ctx() ctx: AppContext, @Args() args: InteractionArgs) {
    return customerActivity(ctx, customer.rowId, ["I"], args, mapInteraction);
  }

  @FieldResolver(() => TransactionConnection)
  transactions(@Root() customer: Customer, @Ctx() ctx: AppContext, @Args() args: PageArgs) {
    return customerActivity(ctx, customer.rowId, ["T"], args, mapTransaction);
  }

  @FieldResolver(() => HistoryConnection, { description: "Interactions and transactions, newest first." })
  history(@Root() customer: Customer, @Ctx() ctx: AppContext, @Args() args: HistoryArgs) {
    return customerActivity(ctx, customer.rowId, ["I", "T"], args, mapActivity);
  }
}
