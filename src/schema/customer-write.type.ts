import { Field, ID, InputType, ObjectType } from "type-graphql";
import { Customer } from "./customer.type.js";
import { UserError } from "./node.type.js";
import { JSONScalar } from "./scalars.js";

/** The editable customer fields; cleaned as an import cleans them (emails lower-cased, phones to E.164...). */
@InputType({ description: "Customer fields. On update an absent field is left as it is and null clears it." })
export class CustomerFieldsInput {
  @Field(() => String, { nullable: true }) externalId?: string | null;
  @Field(() => String, { nullable: true }) firstName?: string | null;
  @Field(() => String, { nullable: true }) lastName?: string | null;
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field(() => String, { nullable: true, description: "Stored as E.164; without a country code, the customer's country is assumed." })
  phone?: string | null;
  @Field(() => String, { nullable: true }) company?: string | null;
  @Field(() => String, { nullable: true }) jobTitle?: string | null;
  @Field(() => String, { nullable: true }) city?: string | null;
  @Field(() => String, { nullable: true, description: "A name or code in any common language; stored as ISO 3166-1 alpha-2." })
  country?: string | null;
  @Field(() => [String], { nullable: true }) tags?: string[] | null;
  @Field(() => JSONScalar, { nullable: true, description: "An object of text values; on update it replaces the whole object." })
  customFields?: unknown;
}

@InputType()
export class CreateCustomerInput extends CustomerFieldsInput {}

@InputType()
export class UpdateCustomerInput extends CustomerFieldsInput {
  @Field(() => ID) id!: string;
}

@InputType()
export class DeleteCustomerInput {
  @Field(() => ID) id!: string;
}

@ObjectType()
export class CreateCustomerPayload {
  @Field(() => Customer, { nullable: true }) customer!: Customer | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType()
export class UpdateCustomerPayload {
  @Field(() => Customer, { nullable: true }) customer!: Customer | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType()
export class DeleteCustomerPayload {
  @Field(() => ID, { nullable: true, description: "The deleted customer's ID; its interactions and transactions went with it." })
  deletedId!: string | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}
