import { createUnionType, Field, ID, ObjectType } from "type-graphql";
import { DateTimeScalar, DecimalScalar } from "./scalars.js";
import { Node } from "./node.type.js";
import { Direction, InteractionType, TransactionKind, TransactionStatus } from "./enums.js";
import { connectionTypes } from "./connection.js";

@ObjectType({ implements: Node, simpleResolvers: true, description: "A contact with a customer: a call, email, meeting, note, ..." })
export class Interaction implements Node {
  @Field(() => ID, { description: "Opaque global ID." }) id!: string;
  rowId!: string;
  customerRowId!: string;
  @Field(() => String, { nullable: true, description: "The source system's id; unique per workspace when set." }) externalId!: string | null;
  @Field(() => InteractionType, { description: "What kind of contact it was." }) type!: InteractionType;
  @Field(() => Direction, { nullable: true, description: "Who started it; null when unknown." }) direction!: Direction | null;
  @Field(() => String, { nullable: true, description: "Subject or title." }) subject!: string | null;
  @Field(() => String, { nullable: true, description: "Full text or notes." }) body!: string | null;
  @Field(() => DateTimeScalar, { description: "When it happened, ISO-8601 UTC." }) occurredAt!: Date;
  @Field(() => DateTimeScalar, { description: "When it was recorded here, ISO-8601 UTC." }) createdAt!: Date;
}

@ObjectType({ implements: Node, simpleResolvers: true, description: "A money movement with a customer. Amounts are positive magnitudes; kind says which way." })
export class Transaction implements Node {
  @Field(() => ID, { description: "Opaque global ID." }) id!: string;
  rowId!: string;
  customerRowId!: string;
  @Field(() => String, { nullable: true, description: "The source system's id; unique per workspace when set, so the transaction is never posted twice." })
  externalId!: string | null;
  @Field(() => TransactionKind, { description: "Purchase, refund, payment or other." }) kind!: TransactionKind;
  @Field(() => TransactionStatus, { description: "Where it stands; only COMPLETED counts in lifetimeValue." }) status!: TransactionStatus;
  @Field(() => DecimalScalar, { description: 'Positive amount as a Decimal string, e.g. "1234.50".' }) amount!: string;
  @Field({ description: "ISO 4217 currency code, e.g. USD." }) currency!: string;
  @Field(() => DateTimeScalar, { description: "When it happened, ISO-8601 UTC." }) occurredAt!: Date;
  @Field(() => String, { nullable: true, description: "Free-text description from the source." }) description!: string | null;
  @Field(() => DateTimeScalar, { description: "When it was recorded here, ISO-8601 UTC." }) createdAt!: Date;
}

export const HistoryItem = createUnionType({
  name: "HistoryItem",
  description: "An interaction or a transaction in a customer's history.",
  types: () => [Interaction, Transaction] as const,
  resolveType: (value) => ("kind" in value ? "Transaction" : "Interaction"),
});

export const { ConnectionType: InteractionConnection } = connectionTypes("Interaction", () => Interaction);
export const { ConnectionType: TransactionConnection } = connectionTypes("Transaction", () => Transaction);
export const { ConnectionType: HistoryConnection } = connectionTypes("History", () => HistoryItem);
