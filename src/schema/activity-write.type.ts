import { Field, ID, InputType, ObjectType } from "type-graphql";
import { Interaction, Transaction } from "./activity.type.js";
import { Direction, InteractionType, TransactionKind, TransactionStatus } from "./enums.js";
import { UserError } from "./node.type.js";
import { DateTimeScalar, DecimalScalar } from "./scalars.js";

@InputType({ description: "The customer, by exactly one of customerId, customerExternalId or customerEmail." })
export class CustomerRefInput {
  @Field(() => ID, { nullable: true, description: "The customer's global ID." }) customerId?: string | null;
  @Field(() => String, { nullable: true, description: "The customer's externalId." }) customerExternalId?: string | null;
  @Field(() => String, { nullable: true, description: "The customer's email; matched case-insensitively." }) customerEmail?: string | null;
}

@InputType({ description: "Input of createInteraction; an unknown customer is a CUSTOMER_NOT_FOUND user error." })
export class CreateInteractionInput extends CustomerRefInput {
  @Field(() => String, {
    nullable: true,
    description: "The source system's id, up to 255 characters; unique per workspace (a taken one is a TAKEN user error).",
  })
  externalId?: string | null;
  @Field(() => InteractionType, { nullable: true, description: "Default OTHER." }) type?: InteractionType | null;
  @Field(() => Direction, { nullable: true, description: "Who started it; default unknown (null)." }) direction?: Direction | null;
  @Field(() => String, { nullable: true, description: "Subject or title, up to 500 characters." }) subject?: string | null;
  @Field(() => String, { nullable: true, description: "Full text or notes, up to 100,000 characters." }) body?: string | null;
  @Field(() => DateTimeScalar, { description: "When it happened, ISO-8601 (stored as UTC)." }) occurredAt!: Date;
}

@InputType({ description: "Input of createTransaction; an unknown customer is a CUSTOMER_NOT_FOUND user error." })
export class CreateTransactionInput extends CustomerRefInput {
  @Field(() => String, {
    nullable: true,
    description: "The source system's id, up to 255 characters; a transaction with an externalId is never posted twice (a repeat is a TAKEN user error).",
  })
  externalId?: string | null;
  @Field(() => TransactionKind, { nullable: true, description: "Default PURCHASE; a negative amount without a kind is a REFUND." })
  kind?: TransactionKind | null;
  @Field(() => TransactionStatus, { nullable: true, description: "Default COMPLETED." }) status?: TransactionStatus | null;
  @Field(() => DecimalScalar, { description: 'Decimal string with up to 4 decimal places, e.g. "1234.50"; stored as a positive magnitude.' }) amount!: string;
  @Field(() => String, { description: "ISO 4217, or a symbol or name such as € or 人民币." }) currency!: string;
  @Field(() => DateTimeScalar, { description: "When it happened, ISO-8601 (stored as UTC)." }) occurredAt!: Date;
  @Field(() => String, { nullable: true, description: "Free-text description, up to 2,000 characters." }) description?: string | null;
}

@ObjectType({ description: "Result of createInteraction." })
export class CreateInteractionPayload {
  @Field(() => Interaction, { nullable: true, description: "The new interaction; null when userErrors is not empty." }) interaction!: Interaction | null;
  @Field(() => [UserError], { description: "Problems with the input (e.g. REQUIRED, CUSTOMER_NOT_FOUND, INVALID_NUMBER); empty on success." })
  userErrors!: UserError[];
}

@ObjectType({ description: "Result of createTransaction." })
export class CreateTransactionPayload {
  @Field(() => Transaction, { nullable: true, description: "The new transaction; null when userErrors is not empty." }) transaction!: Transaction | null;
  @Field(() => [UserError], { description: "Problems with the input (e.g. REQUIRED, CUSTOMER_NOT_FOUND, INVALID_NUMBER); empty on success." })
  userErrors!: UserError[];
}
