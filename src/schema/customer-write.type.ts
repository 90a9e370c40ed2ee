import { Field, ID, InputType, ObjectType } from "type-graphql";
import { Customer } from "./customer.type.js";
import { UserError } from "./node.type.js";
import { JSONScalar } from "./scalars.js";

/** The editable customer fields; cleaned as an import cleans them (emails lower-cased, phones to E.164...). */
@InputType({ description: "Customer fields. On update an absent field is left as it is and null clears it." })
export class CustomerFieldsInput {
  @Field(() => String, {
    nullable: true,
    description: "The source system's id, up to 255 characters; unique per workspace (a taken one is a TAKEN user error).",
  })
  externalId?: string | null;
  @Field(() => String, { nullable: true, description: "Given name, up to 200 characters." }) firstName?: string | null;
  @Field(() => String, { nullable: true, description: "Family name, up to 200 characters." }) lastName?: string | null;
  @Field(() => String, {
    nullable: true,
    description: "Email address, up to 320 characters; trimmed and lower-cased; unique per workspace (a taken one is a TAKEN user error).",
  })
  email?: string | null;
  @Field(() => String, { nullable: true, description: "Stored as E.164; without a country code, the customer's country is assumed." })
  phone?: string | null;
  @Field(() => String, { nullable: true, description: "Company or organisation, up to 255 characters." }) company?: string | null;
  @Field(() => String, { nullable: true, description: "Job title, up to 255 characters." }) jobTitle?: string | null;
  @Field(() => String, { nullable: true, description: "City, up to 200 characters." }) city?: string | null;
  @Field(() => String, { nullable: true, description: "A name or code in any common language; stored as ISO 3166-1 alpha-2." })
  country?: string | null;
  @Field(() => [String], { nullable: true, description: "Labels, each up to 100 characters; replaces the whole list on update." }) tags?: string[] | null;
  @Field(() => JSONScalar, { nullable: true, description: "An object of text values; on update it replaces the whole object." })
  customFields?: unknown;
}

@InputType({
  description: "Input of createCustomer: a customer needs at least one of externalId, email, phone, firstName, lastName, company (else a REQUIRED user error).",
})
export class CreateCustomerInput extends CustomerFieldsInput {}

@InputType({ description: "Input of updateCustomer: an absent field is left as it is, null clears it." })
export class UpdateCustomerInput extends CustomerFieldsInput {
  @Field(() => ID, { description: "The customer to change." }) id!: string;
}

@InputType({ description: "Input of deleteCustomer." })
export class DeleteCustomerInput {
  @Field(() => ID, { description: "The customer to delete." }) id!: string;
}

@ObjectType({ description: "Result of createCustomer." })
export class CreateCustomerPayload {
  @Field(() => Customer, { nullable: true, description: "The new customer; null when userErrors is not empty." }) customer!: Customer | null;
  @Field(() => [UserError], { description: "Problems with the input (e.g. REQUIRED, TAKEN, NOT_FOUND, INVALID_EMAIL); empty on success." })
  userErrors!: UserError[];
}

@ObjectType({ description: "Result of updateCustomer." })
export class UpdateCustomerPayload {
  @Field(() => Customer, { nullable: true, description: "The customer as changed; null when userErrors is not empty." }) customer!: Customer | null;
  @Field(() => [UserError], { description: "Problems with the input (e.g. REQUIRED, TAKEN, NOT_FOUND, INVALID_EMAIL); empty on success." })
  userErrors!: UserError[];
}

@ObjectType({ description: "Result of deleteCustomer." })
export class DeleteCustomerPayload {
  @Field(() => ID, {
    nullable: true,
    description: "The deleted customer's ID (its interactions and transactions went with it); null when nothing was deleted.",
  })
  deletedId!: string | null;
  @Field(() => [UserError], { description: "Problems with the input (e.g. REQUIRED, TAKEN, NOT_FOUND, INVALID_EMAIL); empty on success." })
  userErrors!: UserError[];
}
