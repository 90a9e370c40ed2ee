import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { connectionTypes } from "./connection.js";
import { DateTimeScalar, JSONScalar } from "./scalars.js";

@ObjectType({ simpleResolvers: true, description: "One field of a record as a change left it." })
export class AuditFieldChange {
  @Field({ description: "The field's API name; a custom field as customFields.<key>." }) field!: string;
  @Field(() => JSONScalar, { nullable: true, description: "Its value before the change; null for a create or a value that was empty." }) before!: unknown;
  @Field(() => JSONScalar, { nullable: true, description: "Its value after the change; null for a delete or a value cleared." }) after!: unknown;
}

@ObjectType({ simpleResolvers: true, description: "One entry of the workspace's append-only audit trail (ADMIN)." })
export class AuditEvent {
  @Field(() => ID, { description: "Opaque ID of the event." }) id!: string;
  @Field(() => DateTimeScalar, { description: "When it happened, ISO-8601 UTC." }) at!: Date;
  @Field({ description: "What happened, e.g. api_key.revoked, import.started, customer.updated, export.downloaded." }) action!: string;
  @Field(() => ID, { nullable: true, description: "The API key that did it; null for the command line." }) apiKeyId!: string | null;
  @Field(() => String, { nullable: true, description: "That key's prefix, kept after the key is gone." }) apiKeyPrefix!: string | null;
  @Field(() => String, { nullable: true, description: "The request's id, as in the request log and the x-request-id response header." }) requestId!:
    string | null;
  @Field(() => String, { nullable: true, description: "The kind of record it concerns (Customer, ImportJob, ApiKey...); null for an export." }) recordType!:
    string | null;
  @Field(() => ID, { nullable: true, description: "The global ID of that record." }) recordId!: string | null;
  @Field(() => [AuditFieldChange], {
    description: "For a record's create, update or delete, and a webhook endpoint's: each field changed with its before and after values; empty otherwise.",
  })
  changes!: AuditFieldChange[];
  @Field(() => JSONScalar, { description: "The rest of what the event records (counts, file name, filter...), as an object." }) details!: Record<
    string,
    unknown
  >;
}

export const { ConnectionType: AuditEventConnection } = connectionTypes<AuditEvent>("AuditEvent", () => AuditEvent);

@InputType({ description: "Narrows the audit trail; all given conditions must hold." })
export class AuditEventFilter {
  @Field(() => String, { nullable: true, description: "One action (customer.updated), or every action of a kind with .* (import.*)." }) action?: string | null;
  @Field(() => ID, { nullable: true, description: "Only events of this API key (its ID from apiKeys)." }) keyId?: string | null;
  @Field(() => ID, { nullable: true, description: "Only events about this record (its global ID)." }) recordId?: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "Only events at or after this instant." }) since?: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "Only events before this instant." }) until?: Date | null;
}

export enum FieldSourceKind {
  IMPORT = "IMPORT",
  API = "API",
}
registerEnumType(FieldSourceKind, {
  name: "FieldSourceKind",
  description: "What kind of writer last wrote a field.",
  valuesConfig: {
    IMPORT: { description: "An import job (a file, a database source, or a bulk upsert call)." },
    API: { description: "A single-record mutation with an API key." },
  },
});

@ObjectType({ simpleResolvers: true, description: "The last writer of one stored field of a record." })
export class FieldSource {
  @Field({ description: "The field's API name; a custom field as customFields.<key> (customFields when a mutation wrote them whole)." }) field!: string;
  @Field(() => FieldSourceKind, { description: "An import or a mutation." }) kind!: FieldSourceKind;
  @Field(() => DateTimeScalar, { description: "When it was written, ISO-8601 UTC." }) at!: Date;
  @Field(() => ID, { nullable: true, description: "The import job that wrote it (IMPORT)." }) importJobId!: string | null;
  @Field(() => Int, { nullable: true, description: "The job's source row (IMPORT): the row number of the file, database source or bulk call." }) row!:
    number | null;
  @Field(() => String, { nullable: true, description: "The source column the job's mapping read the field from (IMPORT)." }) column!: string | null;
  @Field(() => ID, { nullable: true, description: "The API key that wrote it (API)." }) apiKeyId!: string | null;
  @Field(() => String, { nullable: true, description: "That key's prefix (API)." }) apiKeyPrefix!: string | null;
  @Field(() => String, { nullable: true, description: "The request that wrote it (API), as in the request log." }) requestId!: string | null;
}
