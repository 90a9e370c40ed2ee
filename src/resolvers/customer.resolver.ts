import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, InputType, Int, Query, Resolver, Root } from "type-graphql";
import type { AppContext } from "../context.js";
import { Customer, MoneyTotal } from "../schema/customer.type.js";
import { HistoryConnection, InteractionConnection, TransactionConnection } from "../schema/activity.type.js";
import { connectionTypes, type Connection } from "../schema/connection.js";
import { CustomerOrderField, InteractionType, OrderDirection } from "../schema/enums.js";
import { DateTimeScalar } from "../schema/scalars.js";
import { customerActivity, findCustomer, listCustomers } from "../services/customer-query.service.js";
import { decimalText } from "../common/decimal-text.js";
import { customerFieldSources } from "../services/field-sources.service.js";
import { FieldSource } from "../schema/audit.type.js";
import { mapActivity, mapInteraction, mapTransaction } from "./mappers/activity.mapper.js";
import { mapCustomer } from "./mappers/customer.mapper.js";

export const { ConnectionType: CustomerConnection } = connectionTypes("Customer", () => Customer);

@InputType({ description: "Narrows the customers list; all given conditions must hold." })
export class CustomerFilter {
  @Field(() => String, { nullable: true, description: "Case-insensitive substring of the name, email, phone, company or external id." }) search?: string | null;
  @Field(() => [String], { nullable: true, description: "Customers with any of these tags." }) tags?: string[] | null;
  @Field(() => String, { nullable: true, description: "Only customers in this country (ISO 3166-1 alpha-2 code, e.g. DE)." }) country?: string | null;
  @Field(() => ID, { nullable: true, description: "Customers created or last updated by this import." }) importJobId?: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "Only customers created after this instant (ISO-8601)." }) createdAfter?: Date | null;
}

@InputType({ description: "Sort order of the customers list; default CREATED_AT ascending." })
export class CustomerOrder {
  @Field(() => CustomerOrderField, { description: "The timestamp to sort by." }) field!: CustomerOrderField;
  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC, description: "ASC (default) or DESC." }) direction!: OrderDirection;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: "Page size, 0 to 1000; default 50. More is a BAD_USER_INPUT error." }) first?: number | null;
  @Field(() => String, {
    nullable: true,
    description: "Start after this cursor (an edge cursor or pageInfo.endCursor of the same list, else a BAD_USER_INPUT error); omit for the first page.",
  })
  after?: string | null;
}

@ArgsType()
class HistoryArgs extends PageArgs {
  @Field(() => DateTimeScalar, { nullable: true, description: "Only items that occurred at or after this instant (ISO-8601)." }) since?: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "Only items that occurred before this instant (ISO-8601)." }) until?: Date | null;
}

@ArgsType()
class InteractionArgs extends PageArgs {
  @Field(() => InteractionType, { nullable: true, description: "Only interactions of this type." }) type?: InteractionType | null;
}

@Resolver(() => Customer)
export class CustomerResolver {
  @Query(() => Customer, {
    nullable: true,
    description:
      "One customer by exactly one of id, externalId or email (else BAD_USER_INPUT); null when none matches in your workspace. Any role (VIEWER and up).",
  })
  async customer(
    @Ctx() ctx: AppContext,
    @Arg("id", () => ID, { nullable: true, description: "The customer's global ID." }) id?: string,
    @Arg("externalId", () => String, { nullable: true, description: "The source system's id." }) externalId?: string,
    @Arg("email", () => String, { nullable: true, description: "Email address; matched trimmed and case-insensitively." }) email?: string,
  ): Promise<Customer | null> {
    const row = await findCustomer(ctx, { id, externalId, email });
    return row ? mapCustomer(row) : null;
  }

  @Query(() => CustomerConnection, {
    description: "The workspace's customers, a page at a time (up to 1000, default 50), filtered and sorted. Any role (VIEWER and up).",
  })
  customers(
    @Ctx() ctx: AppContext,
    @Args() { first, after }: PageArgs,
    @Arg("filter", () => CustomerFilter, { nullable: true, description: "Conditions to narrow the list; omit for all." }) filter?: CustomerFilter,
    @Arg("orderBy", () => CustomerOrder, { nullable: true, description: "Sort order; default CREATED_AT ascending." }) orderBy?: CustomerOrder,
  ): Promise<Connection<Customer>> {
    return listCustomers(ctx, { first, after, filter: filter ?? {}, orderBy: orderBy ?? null }, mapCustomer);
  }

  @FieldResolver(() => [MoneyTotal], { description: "Completed purchases minus completed refunds, one total per currency; empty when none." })
  async lifetimeValue(@Root() customer: Customer, @Ctx() ctx: AppContext): Promise<MoneyTotal[]> {
    const rows = await ctx.loaders.lifetimeValue.load(customer.rowId);
    return rows.map((r) => ({ currency: r.currency.trim(), amount: decimalText(r.amount) }));
  }

  @FieldResolver(() => [FieldSource], {
    description:
      "For each stored field, its last writer: an import (job, source row and column) or a mutation (API key and request), and when. Fields never written since this was recorded are not listed.",
  })
  fieldSources(@Root() customer: Customer, @Ctx() ctx: AppContext) {
    return customerFieldSources(ctx, customer.rowId);
  }

  @FieldResolver(() => DateTimeScalar, { nullable: true, description: "When the latest interaction occurred, ISO-8601 UTC; null when none." })
  lastInteractionAt(@Root() customer: Customer, @Ctx() ctx: AppContext): Promise<Date | null> {
    return ctx.loaders.lastInteractionAt.load(customer.rowId);
  }

  @FieldResolver(() => InteractionConnection, { description: "The customer's interactions, newest first, a page at a time (up to 1000, default 50)." })
  interactions(@Root() customer: Customer, @Ctx() ctx: AppContext, @Args() args: InteractionArgs) {
    return customerActivity(ctx, customer.rowId, ["I"], args, mapInteraction);
  }

  @FieldResolver(() => TransactionConnection, { description: "The customer's transactions, newest first, a page at a time (up to 1000, default 50)." })
  transactions(@Root() customer: Customer, @Ctx() ctx: AppContext, @Args() args: PageArgs) {
    return customerActivity(ctx, customer.rowId, ["T"], args, mapTransaction);
  }

  @FieldResolver(() => HistoryConnection, { description: "Interactions and transactions together, newest first, a page at a time (up to 1000, default 50)." })
  history(@Root() customer: Customer, @Ctx() ctx: AppContext, @Args() args: HistoryArgs) {
    return customerActivity(ctx, customer.rowId, ["I", "T"], args, mapActivity);
  }
}
