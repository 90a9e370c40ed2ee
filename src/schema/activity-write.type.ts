import { Field, ID, InputType, ObjectType } from "type-graphql";
import { Interaction, Transaction } from "./activity.type.js";
import { Direction, InteractionType, TransactionKind, TransactionStatus } from "./enums.js";
import { UserError } from "./node.type.js";
import { DateTimeScalar, DecimalScalar } from "./scalars.js";

@InputType({ description: "The customer, by exactly one of customerId, customerExternalId or customerEmail." })
export class CustomerRefInput {
  @Field(() => ID, { nullable: true }) customerId?: string | null;
  @Field(() => String, { nullable: true }) customerExternalId?: string | null;
  @Field(() => String, { nullable: true }) customerEmail?: string | null;
}

@InputType()
export class CreateInteractionInput extends CustomerRefInput {
  @Field(() => String, { nullable: true }) externalId?: string | null;
  @Field(() => InteractionType, { nullable: true, description: "Default OTHER." }) type?: InteractionType | null;
  @Field(() => Direction, { nullable: true }) direction?: Direction | null;
  @Field(() => String, { nullable: true }) subject?: string | null;
  @Field(() => String, { nullable: true }) body?: string | null;
  @Field(() => DateTimeScalar) occurredAt!: Date;
}

@InputType()
export class CreateTransactionInput extends CustomerRefInput {
  @Field(() => String, { nullable: true, description: "A transaction with an externalId is never posted twice." }) externalId?: string | null;
  @Field(() => TransactionKind, { nullable: true, description: "Default PURCHASE; a negative amount without a kind is a REFUND." })
  kind?: TransactionKind | null;
  @Field(() => TransactionStatus, { nullable: true, description: "Default COMPLETED." }) status?: TransactionStatus | null;
  @Field(() => DecimalScalar) amount!: string;
  @Field(() => String, { description: "ISO 4217, or a symbol or name such as € or 人民币." }) currency!: string;
  @Field(() => DateTimeScalar) occurredAt!: Date;
  @Field(() => String, { nullable: true }) description?: string | null;
}

@ObjectType()
export class CreateInteractionPayload {
  @Field(() => Interaction, { nullable: true }) interaction!: Interaction | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType()
export class CreateTransactionPayload {
  @Field(() => Transaction, { nullable: true }) transaction!: Transaction | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}
