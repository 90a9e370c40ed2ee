import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { ImportJob, ImportMode, ImportOptionsInput, ImportRowError } from "./import.types.js";
import { UserError } from "./node.type.js";
import { JSONScalar } from "./scalars.js";

export enum UpsertRecordStatus {
  INSERTED = "INSERTED",
  UPDATED = "UPDATED",
  UNCHANGED = "UNCHANGED",
  SKIPPED = "SKIPPED",
  FAILED = "FAILED",
}
registerEnumType(UpsertRecordStatus, {
  name: "UpsertRecordStatus",
  description: "What became of one record of a bulk call or an import.",
  valuesConfig: {
    INSERTED: { description: "Written as a new record." },
    UPDATED: { description: "Matched an existing record and changed it." },
    UNCHANGED: { description: "Matched an existing record that already held these values." },
    SKIPPED: { description: "Not written by rule (e.g. exists under mode CREATE, unknown under UPDATE, DUPLICATE_IN_FILE); see errors." },
    FAILED: { description: "Not written because a value was invalid; see errors." },
  },
});

const text = (description?: string) => Field(() => String, { nullable: true, ...(description ? { description } : {}) });

/** The import fields of a customer (see importFields), as a file's cells: text the import cleans. */
@InputType({ description: "A customer as the import reads one: text cleaned as a file's cells are." })
export class CustomerRecordInput {
  @text("The source system's id, up to 255 characters; unique per workspace.") externalId?: string | null;
  @text("Given name, up to 200 characters.") firstName?: string | null;
  @text("Family name, up to 200 characters.") lastName?: string | null;
  @text("Full name; split into first and last name when those are not given.") name?: string | null;
  @text("Email address, up to 320 characters; trimmed and lower-cased; unique per workspace.") email?: string | null;
  @text("Phone number, up to 64 characters; stored as E.164 using options.defaultCountry when it has no country code.") phone?: string | null;
  @text("Company or organisation, up to 255 characters.") company?: string | null;
  @text("Job title, up to 255 characters.") jobTitle?: string | null;
  @text("City, up to 200 characters.") city?: string | null;
  @text("Country name or code in any common language; stored as ISO 3166-1 alpha-2.") country?: string | null;
  @Field(() => [String], { nullable: true, description: "Tags, each up to 100 characters." }) tags?: string[] | null;
  @text("When the customer was created in the source system, in any common date format; becomes createdAt.") createdAt?: string | null;
  @Field(() => JSONScalar, { nullable: true, description: "An object of text, number or boolean values; merged into the stored ones." })
  customFields?: unknown;
}

@InputType({ description: "An interaction as the import reads one." })
export class InteractionRecordInput {
  @text("The source system's id, up to 255 characters; unique per workspace.") externalId?: string | null;
  @text("The customer's externalId; links the record to its customer.") customerExternalId?: string | null;
  @text("The customer's email; links the record to its customer when no customerExternalId is given.") customerEmail?: string | null;
  @text("CALL, EMAIL, MEETING, NOTE, CHAT, SMS, VISIT or OTHER (default); case-insensitive, synonyms accepted.") type?: string | null;
  @text("INBOUND or OUTBOUND; case-insensitive, synonyms accepted.") direction?: string | null;
  @text("Subject, up to 500 characters.") subject?: string | null;
  @text("Body or notes, up to 100,000 characters.") body?: string | null;
  @text("Required: when it happened, in any common date format (see options.dateFormat and options.timeZone).") occurredAt?: string | null;
}

@InputType({ description: 'A transaction as the import reads one; the amount is text ("1,234.50", "¥88").' })
export class TransactionRecordInput {
  @text("The source system's id, up to 255 characters; a transaction with one is never posted twice.") externalId?: string | null;
  @text("The customer's externalId; links the record to its customer.") customerExternalId?: string | null;
  @text("The customer's email; links the record to its customer when no customerExternalId is given.") customerEmail?: string | null;
  @text("PURCHASE (default), REFUND, PAYMENT or OTHER; a negative amount without a kind is a REFUND.") kind?: string | null;
  @text("PENDING, COMPLETED (default), FAILED or CANCELLED.") status?: string | null;
  @text('Required: the amount as text, e.g. "1,234.50", "1.234,50", "¥88.00" or "(12.00)"; stored as a positive exact decimal.') amount?: string | null;
  @text("ISO 4217 code, symbol or name; from the amount's symbol or options.defaultCurrency when absent.") currency?: string | null;
  @text("Required: when it happened, in any common date format (see options.dateFormat and options.timeZone).") occurredAt?: string | null;
  @text("Description, up to 2,000 characters.") description?: string | null;
}

const mode = () =>
  Field(() => ImportMode, {
    defaultValue: ImportMode.UPSERT,
    description: "UPSERT (default) writes new and existing records; CREATE skips existing ones; UPDATE skips unknown ones.",
  });
const matchOn = () => Field(() => [String], { nullable: true, description: "Dedupe keys, as for startImport." });
const options = () =>
  Field(() => ImportOptionsInput, {
    nullable: true,
    description: "How to read the values, as for startImport (dateFormat, timeZone, defaultCurrency, defaultCountry, ...).",
  });
const idempotencyKey = () =>
  Field(() => String, {
    nullable: true,
    description:
      "1 to 255 characters. A retry with the same key and records within 24 hours returns the first call's result; other records are an IDEMPOTENCY_KEY_REUSED user error.",
  });
const records = (type: Function) =>
  Field(() => [type], { description: "The records to write, at most 1,000 (more is a BAD_USER_INPUT error and nothing is written)." });

// each input spells its fields out: type-graphql takes no fields from an undecorated base class
@InputType({ description: "Input of upsertCustomers: up to 1,000 customers, matched and cleaned as an import would." })
export class UpsertCustomersInput {
  @records(CustomerRecordInput) records!: CustomerRecordInput[];
  @mode() mode!: ImportMode;
  @matchOn() matchOn?: string[] | null;
  @options() options?: ImportOptionsInput | null;
  @idempotencyKey() idempotencyKey?: string | null;
}

@InputType({ description: "Input of upsertInteractions: up to 1,000 interactions, matched and cleaned as an import would." })
export class UpsertInteractionsInput {
  @records(InteractionRecordInput) records!: InteractionRecordInput[];
  @mode() mode!: ImportMode;
  @matchOn() matchOn?: string[] | null;
  @options() options?: ImportOptionsInput | null;
  @idempotencyKey() idempotencyKey?: string | null;
}

@InputType({ description: "Input of upsertTransactions: up to 1,000 transactions, matched and cleaned as an import would." })
export class UpsertTransactionsInput {
  @records(TransactionRecordInput) records!: TransactionRecordInput[];
  @mode() mode!: ImportMode;
  @matchOn() matchOn?: string[] | null;
  @options() options?: ImportOptionsInput | null;
  @idempotencyKey() idempotencyKey?: string | null;
}

@ObjectType({ description: "What became of one input record." })
export class UpsertRecordResult {
  @Field(() => Int, { description: "The record's 0-based place in the input; its row in the job is index + 1." }) index!: number;
  @Field(() => UpsertRecordStatus, { description: "Inserted, updated, unchanged, skipped or failed." }) status!: UpsertRecordStatus;
  @Field(() => ID, { nullable: true, description: "The record written or matched; null when it failed or was skipped." }) id!: string | null;
  @Field(() => [ImportRowError], { description: "Why the record failed or was skipped, one per problem; empty when written." }) errors!: ImportRowError[];
}

@ObjectType({ description: "Result of a bulk upsert." })
export class UpsertRecordsPayload {
  @Field(() => ImportJob, { nullable: true, description: "The call as an import job (source API): in importJobs, revertable." }) job!: ImportJob | null;
  @Field(() => [UpsertRecordResult], { description: "One per input record, in input order." }) results!: UpsertRecordResult[];
  @Field(() => [UserError], { description: "Problems with the call as a whole (options, matchOn, idempotencyKey); when not empty, nothing was written." })
  userErrors!: UserError[];
}
