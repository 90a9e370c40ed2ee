import { Arg, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import type { AppContext } from "../context.js";
import { CreateInteractionInput, CreateInteractionPayload, CreateTransactionInput, CreateTransactionPayload } from "../schema/activity-write.type.js";
import {
  CreateCustomerInput,
  CreateCustomerPayload,
  DeleteCustomerInput,
  DeleteCustomerPayload,
  UpdateCustomerInput,
  UpdateCustomerPayload,
} from "../schema/customer-write.type.js";
import { createInteraction, createTransaction } from "../services/activity-write.service.js";
import { createCustomer, deleteCustomerById, updateCustomerFields } from "../services/customer-write.service.js";
import { toGlobalId } from "../common/global-id.js";
import { mapInteraction, mapTransaction } from "./mappers/activity.mapper.js";
import { mapCustomer } from "./mappers/customer.mapper.js";

/** Plain writes of one record; values go through the import's cleaners, problems come back as userErrors. */
@Resolver()
export class CustomerMutationResolver {
  @Authorized("IMPORTER")
  @Mutation(() => CreateCustomerPayload, { description: "Creates one customer, its values cleaned as an import cleans them. IMPORTER or ADMIN." })
  async createCustomer(
    @Ctx() ctx: AppContext,
    @Arg("input", () => CreateCustomerInput, { description: "The new customer's fields." }) input: CreateCustomerInput,
  ): Promise<CreateCustomerPayload> {
    const { customer, userErrors } = await createCustomer(ctx, input);
    return { customer: customer && mapCustomer(customer), userErrors };
  }

  @Authorized("IMPORTER")
  @Mutation(() => UpdateCustomerPayload, { description: "Changes the fields given; null clears one. IMPORTER or ADMIN." })
  async updateCustomer(
    @Ctx() ctx: AppContext,
    @Arg("input", () => UpdateCustomerInput, { description: "The customer and the fields to change." }) input: UpdateCustomerInput,
  ): Promise<UpdateCustomerPayload> {
    const { id, ...fields } = input;
    const { customer, userErrors } = await updateCustomerFields(ctx, id, fields);
    return { customer: customer && mapCustomer(customer), userErrors };
  }

  @Authorized("IMPORTER")
  @Mutation(() => DeleteCustomerPayload, { description: "Deletes a customer with its interactions and transactions. IMPORTER or ADMIN." })
  async deleteCustomer(
    @Ctx() ctx: AppContext,
    @Arg("input", () => DeleteCustomerInput, { description: "The customer to delete." }) input: DeleteCustomerInput,
  ): Promise<DeleteCustomerPayload> {
    const { deletedRowId, userErrors } = await deleteCustomerById(ctx, input.id);
    return { deletedId: deletedRowId && toGlobalId("Customer", deletedRowId), userErrors };
  }

  @Authorized("IMPORTER")
  @Mutation(() => CreateInteractionPayload, { description: "Records one interaction with an existing customer. IMPORTER or ADMIN." })
  async createInteraction(
    @Ctx() ctx: AppContext,
    @Arg("input", () => CreateInteractionInput, { description: "The customer and the interaction's fields." }) input: CreateInteractionInput,
  ): Promise<CreateInteractionPayload> {
    const { row, userErrors } = await createInteraction(ctx, input);
    return { interaction: row && mapInteraction(row), userErrors };
  }

  @Authorized("IMPORTER")
  @Mutation(() => CreateTransactionPayload, { description: "Records one transaction with an existing customer. IMPORTER or ADMIN." })
  async createTransaction(
    @Ctx() ctx: AppContext,
    @Arg("input", () => CreateTransactionInput, { description: "The customer and the transaction's fields." }) input: CreateTransactionInput,
  ): Promise<CreateTransactionPayload> {
    const { row, userErrors } = await createTransaction(ctx, input);
    return { transaction: row && mapTransaction(row), userErrors };
  }
}
