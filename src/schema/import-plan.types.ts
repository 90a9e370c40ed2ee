import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { connectionTypes } from "./connection.js";

export enum PlannedChangeKind {
  INSERT = "INSERT",
  UPDATE = "UPDATE",
  UNCHANGED = "UNCHANGED",
  CONFLICT = "CONFLICT",
}
registerEnumType(PlannedChangeKind, {
  name: "PlannedChangeKind",
  description: "What a dry run found a row would do.",
  valuesConfig: {
    INSERT: { description: "A new record would be created." },
    UPDATE: { description: "An existing record would change; fields lists what changes." },
    UNCHANGED: { description: "An existing record already holds these values." },
    CONFLICT: { description: "The row clashes with stored records (CONFLICT, ALREADY_POSTED): it would fail; code and message say why." },
  },
});

@ObjectType({ description: "One field of a planned change: its value before and after, as text (tags comma-separated)." })
export class PlannedFieldChange {
  @Field({ description: "The import field (externalId, email, tags, customFields.<key>, amount, customerId...)." }) field!: string;
  @Field(() => String, { nullable: true, description: "The stored value now; null for none, and for an insert." }) before!: string | null;
  @Field(() => String, { nullable: true, description: "The value the change writes; null for none." }) after!: string | null;
}

@ObjectType({ description: "What a dry run found one source row would do; applyImportPlan makes exactly these changes." })
export class PlannedChange {
  @Field(() => Int, { description: "The source row's number (1 = first record)." }) row!: number;
  @Field(() => PlannedChangeKind, { description: "INSERT, UPDATE, UNCHANGED or CONFLICT." }) kind!: PlannedChangeKind;
  @Field(() => String, {
    nullable: true,
    description: "Where the row is in the source (line, cell, byte offset, key); null for UNCHANGED rows, whose plan keeps only the row and record.",
  })
  location!: string | null;
  @Field(() => [String], { nullable: true, description: "The source row's cells as they came; null for UNCHANGED rows." }) source!: string[] | null;
  @Field(() => ID, { nullable: true, description: "The global ID of the record the row matched (UPDATE, UNCHANGED); null for an insert or a conflict." })
  recordId!: string | null;
  @Field(() => [PlannedFieldChange], { description: "UPDATE: each field that changes, before and after; INSERT: each value given; empty otherwise." })
  fields!: PlannedFieldChange[];
  @Field(() => String, { nullable: true, description: "CONFLICT: the row error code (CONFLICT or ALREADY_POSTED); null otherwise." }) code!: string | null;
  @Field(() => String, { nullable: true, description: "CONFLICT: what clashes; null otherwise." }) message!: string | null;
}

export const { ConnectionType: PlannedChangeConnection } = connectionTypes("PlannedChange", () => PlannedChange);
