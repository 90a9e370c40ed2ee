import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { ImportJob, ImportMode, ImportOptionsInput, ImportRowError } from "./import.types.js";
import { UserError } from "./node.type.js";
import { JSONScalar } from "./scalars.js";

export enum UpsertRecordStatus { INSERTED = "INSERTED", UPDATED = "UPDATED", UNCHANGED = "UNCHANGED", SKIPPED = "SKIPPED", FAILED = "FAILED" }
registerEnumType(UpsertRecordStatus, { name: "UpsertRecordStatus", description: "What became of one record of a bulk call or an import." });

const text = (description?: string) => Field(() => String, { nullable: true, ...(description ? { description } : {}) });

/** The import fields of a customer (see importFields), as a file's cells: text the import cleans. */
@InputType({ description: "A customer as the import reads one: text cleaned as a file's cells are." })
export class CustomerRecordInput {
  @text() externalId?: string | null;
  @text() firstName?: string | null;
  @text() lastName?: string | null;
  @text("Full name; split into first and last name when those are not given.") name?: string | null;
  @text() email?: string | null;
  @text() phone?: string | null;
  @text() company?: string | null;
  @text() jobTitle?: string | null;
  @text() city?: string | null;
  @text() country?: string | null;
  @Field(() => [String], { nullable: true }) tags?: string[] | null;
  @text("When the customer was created in the source system.") createdAt?: string | null;
  @Field(() => JSONScalar, { nullable: true, description: "An object of text, number or boolean values; merged into the stored ones." })
  customFields?: unknown;
}

@InputType({ description: "An interaction as the import reads one." })
export class InteractionRecordInput {
  @text() externalId?: string | null;
  @text() customerExternalId?: string | null;
  @text() customerEmail?: string | null;
  @text() type?: string | null;
  @text() direction?: string | null;
  @text() subject?: string | null;
  @text() body?: string | null;
  @text() occurredAt?: string | null;
}

@InputType({ description: "A transaction as the import reads one; the amount is text (\"1,234.50\", \"¥88\")." })
export class TransactionRecordInput {
  @text() externalId?: string | null;
  @text() customerExternalId?: string | null;
  @text() customerEmail?: string | null;
  @text() kind?: string | null;
  @text() status?: string | null;
  @text() amount?: string | null;
  @text() currency?: string | null;
  @text() occurredAt?: string | null;
  @text() description?: string | null;
}

const mode = () => Field(() => ImportMode, { defaultValue: ImportMode.UPSERT });
const matchOn = () => Field(() => [String], { nullable: true, description: "Dedupe keys, as for startImport." });
const options = () => Field(() => ImportOptionsInput, { nullable: true });
const idempotencyKey = () =>
  Field(() => String, { nullable: true, description: "A retry with the same key and records within 24 hours returns the first call's result." });
const records = (type: Function) => Field(() => [type], { description: "At most 1,000." });

// each input spells its fields out: type-graphql takes no fields from an undecorated base class
@InputType()
export class UpsertCustomersInput {
  @records(CustomerRecordInput) records!: CustomerRecordInput[];
  @mode() mode!: ImportMode;
  @matchOn() matchOn?: string[] | null;
  @options() options?: ImportOptionsInput | null;
  @idempotencyKey() idempotencyKey?: string | null;
}

@InputType()
export class UpsertInteractionsInput {
  @records(InteractionRecordInput) records!: InteractionRecordInput[];
  @mode() mode!: ImportMode;
  @matchOn() matchOn?: string[] | null;
  @options() options?: ImportOptionsInput | null;
  @idempotencyKey() idempotencyKey?: string | null;
}

@InputType()
export class UpsertTransactionsInput {
  @records(TransactionRecordInput) records!: TransactionRecordInput[];
  @mode() mode!: ImportMode;
  @matchOn() matchOn?: string[] | null;
  @options() options?: ImportOptionsInput | null;
  @idempotencyKey() idempotencyKey?: string | null;
}

@ObjectType()
export class UpsertRecordResult {
  @Field(() => Int, { description: "The record's 0-based place in the input; its row in the job is index + 1." }) index!: number;
  @Field(() => UpsertRecordStatus) status!: UpsertRecordStatus;
  @Field(() => ID, { nullable: true, description: "The record written or matched; null when it failed or was skipped." }) id!: string | null;
  @Field(() => [ImportRowError]) errors!: ImportRowError[];
}

@ObjectType()
export class UpsertRecordsPayload {
  @Field(() => ImportJob, { nullable: true, description: "The call as an import job (source API): in importJobs, revertable." }) job!: ImportJob | null;
  @Field(() => [UpsertRecordResult], { description: "One per input record, in input order." }) results!: UpsertRecordResult[];
  @Field(() => [UserError]) userErrors!: UserError[];
}
