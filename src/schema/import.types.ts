import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import GraphQLUpload from "graphql-upload/GraphQLUpload.mjs";
import type { FileUpload } from "graphql-upload/processRequest.mjs";
import { connectionTypes } from "./connection.js";
import { Node, UserError } from "./node.type.js";
import { DateTimeScalar, JSONScalar } from "./scalars.js";

export enum ImportEntity { CUSTOMER = "CUSTOMER", INTERACTION = "INTERACTION", TRANSACTION = "TRANSACTION" }
export enum ImportMode { CREATE = "CREATE", UPSERT = "UPSERT", UPDATE = "UPDATE" }
export enum FileFormat { CSV = "CSV", XLSX = "XLSX", JSON = "JSON", NDJSON = "NDJSON", XML = "XML" }
export enum ImportStatus { SCHEDULED = "SCHEDULED", QUEUED = "QUEUED", RUNNING = "RUNNING", COMPLETED = "COMPLETED", FAILED = "FAILED", CANCELLED = "CANCELLED", REVERTED = "REVERTED" }
registerEnumType(ImportEntity, { name: "ImportEntity" });
registerEnumType(ImportMode, { name: "ImportMode", description: "CREATE skips existing records, UPDATE skips unknown ones, UPSERT does both." });
registerEnumType(FileFormat, { name: "FileFormat" });
registerEnumType(ImportStatus, { name: "ImportStatus", description: "SCHEDULED waits for its runAt, then is QUEUED for a worker." });
export enum ImportSource { FILE = "FILE", API = "API", DATABASE = "DATABASE" }
registerEnumType(ImportSource, { name: "ImportSource", description: "Where a job's records came from: an uploaded file, a bulk upsert call, a database." });

@InputType()
export class FieldTransformInput {
  @Field(() => String, { nullable: true, description: 'Date pattern for this column, e.g. "DD.MM.YYYY".' }) dateFormat?: string | null;
  @Field(() => JSONScalar, { nullable: true, description: "Source value to target value, e.g. {\"VIP\": \"vip\"}." }) valueMap?: Record<string, string> | null;
  @Field(() => String, { nullable: true, description: "Separator for tags; default , ; and 、" }) split?: string | null;
  @Field(() => String, { nullable: true, description: "Used when the cell is empty." }) default?: string | null;
}

@InputType()
export class FieldMappingInput {
  @Field({ description: "Column header, JSON path or XML element name." }) source!: string;
  @Field({ description: 'A field from importFields, or "customFields.<key>".' }) target!: string;
  @Field(() => FieldTransformInput, { nullable: true }) transform?: FieldTransformInput | null;
}

@InputType()
export class ImportOptionsInput {
  @Field(() => String, { nullable: true }) encoding?: string | null;
  @Field(() => String, { nullable: true }) delimiter?: string | null;
  @Field(() => String, { nullable: true, description: "XLSX sheet name or 1-based index." }) sheet?: string | null;
  @Field(() => Int, { nullable: true, description: "1-based line or row of the headers." }) headerRow?: number | null;
  @Field(() => String, { nullable: true, description: "XML record element, or the JSON key of the wrapped array." }) recordPath?: string | null;
  @Field(() => String, { nullable: true }) dateFormat?: string | null;
  @Field(() => String, { nullable: true, description: "IANA zone for dates without an offset." }) timeZone?: string | null;
  @Field(() => String, { nullable: true }) defaultCurrency?: string | null;
  @Field(() => String, { nullable: true }) defaultCountry?: string | null;
  @Field(() => String, { nullable: true }) decimalSeparator?: string | null;
  @Field(() => Boolean, { nullable: true, description: "Create the customers that interactions or transactions link to when unknown." })
  createMissingCustomers?: boolean | null;
  @Field(() => Boolean, {
    nullable: true,
    description: "Transactions only: let this import change the amount, currency, kind, customer, time or status of a COMPLETED transaction (else the row fails with ALREADY_POSTED). The change is kept with its before-image, so revertImport undoes it.",
  })
  amendPostedTransactions?: boolean | null;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "startImport only: start no earlier than this time (at most a year ahead); the job is SCHEDULED until then. A past time or now starts at once.",
  })
  runAt?: Date | null;
}

@InputType()
export class StartImportInput {
  @Field(() => GraphQLUpload) file!: Promise<FileUpload>;
  @Field(() => ImportEntity) entity!: ImportEntity;
  @Field(() => FileFormat, { nullable: true }) format?: FileFormat | null;
  @Field(() => [FieldMappingInput], { nullable: true }) mapping?: FieldMappingInput[] | null;
  @Field(() => ID, { nullable: true }) templateId?: string | null;
  @Field(() => ImportMode, { defaultValue: ImportMode.UPSERT }) mode!: ImportMode;
  @Field(() => [String], { nullable: true, description: 'Dedupe keys, default ["externalId", "email"].' }) matchOn?: string[] | null;
  @Field(() => Boolean, { defaultValue: false }) dryRun!: boolean;
  @Field(() => ImportOptionsInput, { nullable: true }) options?: ImportOptionsInput | null;
}

@InputType()
export class PreviewImportInput {
  @Field(() => GraphQLUpload) file!: Promise<FileUpload>;
  @Field(() => ImportEntity) entity!: ImportEntity;
  @Field(() => FileFormat, { nullable: true }) format?: FileFormat | null;
  @Field(() => ImportOptionsInput, { nullable: true }) options?: ImportOptionsInput | null;
  @Field(() => Int, { defaultValue: 20 }) sampleSize!: number;
}

@InputType()
export class ImportJobIdInput {
  @Field(() => ID) id!: string;
}

@InputType()
export class SaveMappingTemplateInput {
  @Field() name!: string;
  @Field(() => ImportEntity) entity!: ImportEntity;
  @Field(() => [FieldMappingInput]) mapping!: FieldMappingInput[];
  @Field(() => ImportOptionsInput, { nullable: true }) options?: ImportOptionsInput | null;
}

@ObjectType()
export class FieldMapping {
  @Field() source!: string;
  @Field() target!: string;
  @Field(() => JSONScalar, { nullable: true }) transform!: Record<string, unknown> | null;
}

@ObjectType()
export class ImportRowError {
  @Field(() => Int, { description: "1-based record number: the first record after the header is 1." }) row!: number;
  @Field(() => String, { nullable: true }) location!: string | null;
  @Field(() => String, { nullable: true }) column!: string | null;
  @Field(() => String, { nullable: true }) field!: string | null;
  @Field(() => String, { nullable: true }) value!: string | null;
  @Field() code!: string;
  @Field() message!: string;
}

@ObjectType({ description: "Something about a whole import to know before trusting it: a column read one way of two, a file imported before." })
export class ImportWarning {
  @Field({ description: "AMBIGUOUS_DATE_ORDER, AMBIGUOUS_DECIMAL_SEPARATOR or DUPLICATE_FILE." }) code!: string;
  @Field(() => String, { nullable: true, description: "The source column it concerns, when it concerns one." }) column!: string | null;
  @Field({ description: "What was found and the choice made." }) message!: string;
}

export const { ConnectionType: ImportRowErrorConnection } = connectionTypes("ImportRowError", () => ImportRowError);

@ObjectType({ implements: Node })
export class ImportJob implements Node {
  @Field(() => ID) id!: string;
  rowId!: string;
  @Field(() => ImportEntity) entity!: ImportEntity;
  @Field(() => ImportSource) source!: ImportSource;
  @Field(() => ImportStatus) status!: ImportStatus;
  @Field(() => ImportMode) mode!: ImportMode;
  @Field() dryRun!: boolean;
  @Field() fileName!: string;
  @Field(() => FileFormat) format!: FileFormat;
  @Field(() => String, { nullable: true }) encoding!: string | null;
  @Field(() => [FieldMapping]) mapping!: FieldMapping[];
  @Field(() => [String]) matchOn!: string[];
  @Field(() => Int, { nullable: true }) totalRows!: number | null;
  @Field(() => Int) processedRows!: number;
  @Field(() => Int) insertedCount!: number;
  @Field(() => Int) updatedCount!: number;
  @Field(() => Int) unchangedCount!: number;
  @Field(() => Int) skippedCount!: number;
  @Field(() => Int) failedCount!: number;
  @Field(() => Float, { description: "0..1" }) progress!: number;
  @Field(() => String, { nullable: true, description: "Why the job failed, when it did." }) errorCode!: string | null;
  @Field(() => String, { nullable: true }) errorMessage!: string | null;
  @Field(() => JSONScalar, { nullable: true, description: "What a revert did: deleted, restored, and records left as they were." }) revertReport!: Record<string, unknown> | null;
  @Field(() => [ImportWarning], { description: "Decided when the import started: ambiguous columns and the reading chosen, a file imported before." })
  warnings!: ImportWarning[];
  @Field(() => DateTimeScalar, { nullable: true, description: "When a scheduled import was asked to start; null when it was not scheduled." })
  runAt!: Date | null;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) startedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) finishedAt!: Date | null;
}

export const { ConnectionType: ImportJobConnection } = connectionTypes("ImportJob", () => ImportJob);

@ObjectType()
export class StartImportPayload {
  @Field(() => ImportJob, { nullable: true }) job!: ImportJob | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType()
export class ImportJobPayload {
  @Field(() => ImportJob, { nullable: true }) job!: ImportJob | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType()
export class SuggestedMapping {
  @Field() source!: string;
  @Field(() => String, { nullable: true }) target!: string | null;
  @Field(() => Float) confidence!: number;
  @Field(() => [String]) sampleValues!: string[];
}

@ObjectType()
export class ImportPreview {
  @Field(() => FileFormat) format!: FileFormat;
  @Field(() => String, { nullable: true }) encoding!: string | null;
  @Field(() => String, { nullable: true }) delimiter!: string | null;
  @Field(() => String, { nullable: true }) sheet!: string | null;
  @Field(() => [String]) headers!: string[];
  @Field(() => [SuggestedMapping]) suggestedMapping!: SuggestedMapping[];
  @Field(() => [JSONScalar], { description: "The first rows as they would be written." }) sampleRows!: Record<string, unknown>[];
  @Field(() => [ImportRowError]) sampleErrors!: ImportRowError[];
  @Field(() => [ImportWarning], { description: "What an import of this file would record as its warnings." }) warnings!: ImportWarning[];
}

@ObjectType()
export class ImportField {
  @Field() name!: string;
  @Field() type!: string;
  @Field() required!: boolean;
  @Field(() => [String]) aliases!: string[];
  @Field(() => String, { nullable: true }) description!: string | null;
}

@ObjectType({ implements: Node })
export class MappingTemplate implements Node {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => ImportEntity) entity!: ImportEntity;
  @Field(() => [FieldMapping]) mapping!: FieldMapping[];
  @Field(() => JSONScalar, { nullable: true }) options!: Record<string, unknown> | null;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar) updatedAt!: Date;
}

@ObjectType()
export class MappingTemplatePayload {
  @Field(() => MappingTemplate, { nullable: true }) template!: MappingTemplate | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType()
export class ImportProgressEvent {
  @Field(() => ID) jobId!: string;
  @Field(() => ImportStatus) status!: ImportStatus;
  @Field(() => Int) processedRows!: number;
  @Field(() => Int, { nullable: true }) totalRows!: number | null;
  @Field(() => Int) insertedCount!: number;
  @Field(() => Int) updatedCount!: number;
  @Field(() => Int) unchangedCount!: number;
  @Field(() => Int) skippedCount!: number;
  @Field(() => Int) failedCount!: number;
  @Field(() => Float) progress!: number;
  @Field(() => Float, { nullable: true }) rowsPerSecond!: number | null;
  @Field(() => Float, { nullable: true }) etaSeconds!: number | null;
}

@ObjectType()
export class ImportErrorBatch {
  @Field(() => ID) jobId!: string;
  @Field(() => [ImportRowError]) errors!: ImportRowError[];
  @Field(() => String, { nullable: true, description: "Cursor of the last error in this batch, for a later `after`." }) cursor!: string | null;
}
