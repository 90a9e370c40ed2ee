import { createUnionType, Field, ID, ObjectType } from "type-graphql";
import { DateTimeScalar, DecimalScalar } from "./scalars.js";
import { Node } from "./node.type.js";
import { Direction, InteractionType, TransactionKind, TransactionStatus } from "./enums.js";
import { connectionTypes } from "./connection.js";

@ObjectType({ implements: Node, simpleResolvers: true })
export class Interaction implements Node {
  @Field(() => ID) id!: string;
  rowId!: string;
  customerRowId!: string;
  @Field(() => String, { nullable: true }) externalId!: string | null;
  @Field(() => InteractionType) type!: InteractionType;
  @Field(() => Direction, { nullable: true }) direction!: Direction | null;
  @Field(() => String, { nullable: true }) subject!: string | null;
  @Field(() => String, { nullable: true }) body!: string | null;
  @Field(() => DateTimeScalar) occurredAt!: Date;
  @Field(() => DateTimeScalar) createdAt!: Date;
}

@ObjectType({ implements: Node, simpleResolvers: true })
export class Transaction implements Node {
  @Field(() => ID) id!: string;
  rowId!: string;
  customerRowId!: string;
  @Field(() => String, { nullable: true }) externalId!: string | null;
  @Field(() => TransactionKind) kind!: TransactionKind;
  @Field(() => TransactionStatus) status!: TransactionStatus;
  @Field(() => DecimalScalar) amount!: string;
  @Field() currency!: string;
  @Field(() => DateTimeScalar) occurredAt!: Date;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => DateTimeScalar) createdAt!: Date;
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
