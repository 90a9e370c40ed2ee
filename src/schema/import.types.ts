import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import GraphQLUpload from "graphql-upload/GraphQLUpload.mjs";
import type { FileUpload } from "graphql-upload/processRequest.mjs";
import { connectionTypes } from "./connection.js";
import { Node, UserError } from "./node.type.js";
import { DateTimeScalar, JSONScalar } from "./scalars.js";
import { OnExisting } from "./enums.js";

export enum ImportEntity {
  CUSTOMER = "CUSTOMER",
  INTERACTION = "INTERACTION",
  TRANSACTION = "TRANSACTION",
  GRAPH = "GRAPH",
}
export enum ImportMode {
  CREATE = "CREATE",
  UPSERT = "UPSERT",
  UPDATE = "UPDATE",
}
export enum FileFormat {
  CSV = "CSV",
  XLSX = "XLSX",
  JSON = "JSON",
  NDJSON = "NDJSON",
  XML = "XML",
  SQL = "SQL",
}
export enum ImportContainer {
  WORKBOOK = "WORKBOOK",
  ZIP = "ZIP",
}
export enum ImportStatus {
  SCHEDULED = "SCHEDULED",
  QUEUED = "QUEUED",
  RUNNING = "RUNNING",
  COMPLETED = "COMPLETED",
  FAILED = "FAILED",
  CANCELLED = "CANCELLED",
  REVERTED = "REVERTED",
}
registerEnumType(ImportEntity, {
  name: "ImportEntity",
  description: "The kind of record an import writes.",
  valuesConfig: {
    CUSTOMER: { description: "Customers." },
    INTERACTION: { description: "Interactions, each linked to a customer." },
    TRANSACTION: { description: "Transactions, each linked to a customer." },
    GRAPH: {
      description:
        "startImport and previewImport only: customers with their interactions and transactions in one job, customers first: records that hold them (nested JSON, NDJSON or XML), a workbook with a sheet per entity, or a ZIP with a file per entity; see StartImportInput.mappings.",
    },
  },
});
registerEnumType(ImportMode, {
  name: "ImportMode",
  description: "CREATE skips existing records, UPDATE skips unknown ones, UPSERT does both.",
  valuesConfig: {
    CREATE: { description: "Insert new records only; a record that matches an existing one is skipped." },
    UPSERT: { description: "Insert new records and update matching ones (the default)." },
    UPDATE: { description: "Update matching records only; a record that matches none is skipped." },
  },
});
registerEnumType(FileFormat, {
  name: "FileFormat",
  description: "The format of an import file.",
  valuesConfig: {
    CSV: { description: "Delimited text (comma, semicolon, tab, ...), any common encoding." },
    XLSX: { description: "An Excel workbook; one sheet is read." },
    JSON: { description: "A JSON array of objects, or an object wrapping one (see options.recordPath)." },
    NDJSON: { description: "One JSON object per line." },
    XML: { description: "Repeated record elements (see options.recordPath)." },
    SQL: { description: "A mysqldump or pg_dump (plain) file; the rows of one table are read (see options.table). Nothing in it is executed." },
  },
});
registerEnumType(ImportStatus, {
  name: "ImportStatus",
  description: "Where an import job stands. SCHEDULED waits for its runAt, then is QUEUED for a worker.",
  valuesConfig: {
    SCHEDULED: { description: "Waiting for its runAt (options.runAt); cancellable; then QUEUED." },
    QUEUED: { description: "Waiting for a worker." },
    RUNNING: { description: "A worker is reading and writing it." },
    COMPLETED: { description: "Every record was read and accounted for (some may have failed or been skipped)." },
    FAILED: { description: "Stopped by a problem with the file as a whole; see errorCode and errorMessage." },
    CANCELLED: { description: "Stopped by cancelImport; batches committed before stay written." },
    REVERTED: { description: "Undone by revertImport; see revertReport." },
  },
});
export enum PossibleDuplicatePolicy {
  WARN = "WARN",
  SKIP = "SKIP",
  MERGE = "MERGE",
  IGNORE = "IGNORE",
}
registerEnumType(PossibleDuplicatePolicy, {
  name: "PossibleDuplicatePolicy",
  description:
    "What a customer import does with a new row that scores as a likely duplicate of an existing customer (the scoring of duplicateCandidates, at its default minScore).",
  valuesConfig: {
    WARN: { description: "Write it as new and list it in the job's warnings (POSSIBLE_DUPLICATE with the existing customer's id); the default." },
    SKIP: { description: "Skip the row with the row error POSSIBLE_DUPLICATE, whose value is the existing customer's id." },
    MERGE: {
      description:
        "UPSERT only: update the existing customer with the row, as a row matching it by key would (mapping policies apply). Where it cannot (mode CREATE, or another row of the same batch writes that customer) the row is skipped as with SKIP.",
    },
    IGNORE: { description: "Do not look for likely duplicates: the fastest for a first load into an empty workspace." },
  },
});
registerEnumType(ImportContainer, {
  name: "ImportContainer",
  description: "GRAPH imports: what holds the parts, one per entity.",
  valuesConfig: {
    WORKBOOK: { description: "An XLSX workbook with a sheet per entity (see GraphMappingInput.sheet)." },
    ZIP: {
      description: "A ZIP holding a CSV, XLSX, JSON, NDJSON or XML file per entity (see GraphMappingInput.file); each file in its own format and encoding.",
    },
  },
});
export enum ImportSource {
  FILE = "FILE",
  API = "API",
  DATABASE = "DATABASE",
}
registerEnumType(ImportSource, {
  name: "ImportSource",
  description: "Where a job's records came from: an uploaded file, a bulk upsert call, a database.",
  valuesConfig: {
    FILE: { description: "An uploaded file (startImport)." },
    API: { description: "A bulk upsert call (upsertCustomers, upsertInteractions, upsertTransactions)." },
    DATABASE: { description: "Another database." },
  },
});

@InputType({ description: "How to read one mapped column's values." })
export class FieldTransformInput {
  @Field(() => String, { nullable: true, description: 'Date pattern for this column, e.g. "DD.MM.YYYY".' }) dateFormat?: string | null;
  @Field(() => JSONScalar, { nullable: true, description: 'Source value to target value, e.g. {"VIP": "vip"}.' }) valueMap?: Record<string, string> | null;
  @Field(() => String, { nullable: true, description: "Separator for tags; default , ; and 、" }) split?: string | null;
  @Field(() => String, { nullable: true, description: "Used when the cell is empty." }) default?: string | null;
}

@InputType({ description: "Which source column feeds which target field." })
export class FieldMappingInput {
  @Field({ description: "Column header, JSON path or XML element name." }) source!: string;
  @Field({ description: 'A field from importFields, or "customFields.<key>".' }) target!: string;
  @Field(() => FieldTransformInput, { nullable: true, description: "How to read the column's values; optional." }) transform?: FieldTransformInput | null;
  @Field(() => OnExisting, {
    nullable: true,
    description:
      "What the field of a customer that exists already takes from the row; default OVERWRITE. Customer imports only (else INVALID_ON_EXISTING); APPEND for tags only.",
  })
  onExisting?: OnExisting | null;
}

@InputType({
  description:
    "A graph import's part: which records, where they sit, and how they map. Nested files take path; a workbook takes sheet; a ZIP takes file (and sheet for a workbook in it).",
})
export class GraphMappingInput {
  @Field(() => ImportEntity, {
    description:
      "CUSTOMER (the records of the file, or the sheet or file of customers), INTERACTION or TRANSACTION (records each customer record holds, or the sheet or file of them).",
  })
  entity!: ImportEntity;
  @Field(() => String, {
    nullable: true,
    description:
      'CUSTOMER: the JSON key of the customers\' array or the XML customer element (as options.recordPath; default detected). INTERACTION and TRANSACTION: the key of the array inside each customer record, dotted when nested ("orders", "history.notes"; in XML the repeated element, "notes.note"); required.',
  })
  path?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      "A workbook: the sheet holding this entity's rows (its name, matched as options.sheet). A workbook inside a ZIP: its sheet; default its first.",
  })
  sheet?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'A ZIP: the path of the file holding this entity\'s records, as listed in the archive ("orders.csv", "export/notes.json").',
  })
  file?: string | null;
  @Field(() => [FieldMappingInput], {
    nullable: true,
    description:
      'Source field (relative to the record: "amount", not "orders.0.amount"; a column header of a sheet or file) to target field; default suggested from the records found. Interactions and transactions of a sheet or file link to their customer by the columns mapped to customerExternalId or customerEmail.',
  })
  mapping?: FieldMappingInput[] | null;
}

@InputType({ description: "How to read a file and its values; every option is optional and an invalid one is an INVALID_OPTION user error." })
export class ImportOptionsInput {
  @Field(() => String, { nullable: true, description: "Text encoding, e.g. UTF-8, GBK, Shift_JIS, windows-1252; default detected from the content." })
  encoding?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'CSV field separator: one character other than a quote or a line break ("\\t" for tab); default detected.',
  })
  delimiter?: string | null;
  @Field(() => String, { nullable: true, description: "XLSX sheet name or 1-based index." }) sheet?: string | null;
  @Field(() => Int, { nullable: true, description: "1-based line or row of the headers." }) headerRow?: number | null;
  @Field(() => String, { nullable: true, description: "XML record element, or the JSON key of the wrapped array." }) recordPath?: string | null;
  @Field(() => String, { nullable: true, description: "SQL dumps: the table whose rows to import; default the table suggested for the entity." }) table?:
    string | null;
  @Field(() => String, { nullable: true, description: 'Date pattern for every date column, e.g. "DD.MM.YYYY" or "MM/DD/YYYY"; default detected per column.' })
  dateFormat?: string | null;
  @Field(() => String, { nullable: true, description: "IANA zone for dates without an offset." }) timeZone?: string | null;
  @Field(() => String, { nullable: true, description: "ISO 4217 code used when a row gives no currency and the amount has no symbol, e.g. EUR." })
  defaultCurrency?: string | null;
  @Field(() => String, { nullable: true, description: "ISO 3166-1 alpha-2 code used to read phone numbers without a country code, e.g. CN." }) defaultCountry?:
    string | null;
  @Field(() => String, { nullable: true, description: '"." or ","; default decided per column from its values.' }) decimalSeparator?: string | null;
  @Field(() => Boolean, { nullable: true, description: "Create the customers that interactions or transactions link to when unknown." })
  createMissingCustomers?: boolean | null;
  @Field(() => Boolean, {
    nullable: true,
    description:
      "Transactions only: let this import change the amount, currency, kind, customer, time or status of a COMPLETED transaction (else the row fails with ALREADY_POSTED). The change is kept with its before-image, so revertImport undoes it.",
  })
  amendPostedTransactions?: boolean | null;
  @Field(() => PossibleDuplicatePolicy, {
    nullable: true,
    description: "Customer and graph imports: what a new customer row that looks like an existing customer does; default WARN.",
  })
  onPossibleDuplicate?: PossibleDuplicatePolicy | null;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      "startImport only: start no earlier than this time (at most a year ahead); the job is SCHEDULED until then. A past time or now starts at once.",
  })
  runAt?: Date | null;
}

@InputType({
  description: "A live PostgreSQL or MySQL/MariaDB database to import from, read-only. ADMIN only; the host must be in DATABASE_IMPORT_ALLOWED_HOSTS.",
})
export class DatabaseSourceInput {
  @Field({ description: "postgres://user:password@host:5432/database or mysql://...; the password is never shown or stored in clear." }) url!: string;
  @Field(() => String, { nullable: true, description: "A table (or schema.table) to read whole. Exactly one of table and query." }) table?: string | null;
  @Field(() => String, { nullable: true, description: "One SELECT to read instead of a table; it needs orderBy." }) query?: string | null;
  @Field(() => String, {
    nullable: true,
    description: "The unique, never empty column(s), comma-separated, the rows are read in order of; default the table's primary key.",
  })
  orderBy?: string | null;
}

@InputType({ description: "Where an import reads from instead of an uploaded file." })
export class ImportSourceInput {
  @Field(() => DatabaseSourceInput, { nullable: true, description: "A live PostgreSQL or MySQL/MariaDB database." }) database?: DatabaseSourceInput | null;
}

@ObjectType({ description: "The live database a job reads: its URL without the password, and what it reads." })
export class DatabaseSource {
  @Field({ description: "The source URL without its password." }) url!: string;
  @Field(() => String, { nullable: true, description: "The table read; null when a query is read." }) table!: string | null;
  @Field(() => String, { nullable: true, description: "The SELECT read; null when a table is read." }) query!: string | null;
  @Field(() => String, { nullable: true, description: "The column(s) the rows are read in order of." }) orderBy!: string | null;
}

@InputType({ description: "Input of startImport: the file (or a live database source) and how to read, map and write it." })
export class StartImportInput {
  @Field(() => GraphQLUpload, {
    nullable: true,
    description:
      "The file, as a multipart upload (graphql-multipart-request-spec); at most the server's MAX_UPLOAD_BYTES (default 1 GiB), else PAYLOAD_TOO_LARGE. Exactly one of file and source.",
  })
  file?: Promise<FileUpload> | null;
  @Field(() => ImportSourceInput, { nullable: true, description: "A live database to import from instead of a file (ADMIN only)." })
  source?: ImportSourceInput | null;
  @Field(() => ImportEntity, { description: "What the file's records are." }) entity!: ImportEntity;
  @Field(() => FileFormat, { nullable: true, description: "The file's format; default detected from its content and name." }) format?: FileFormat | null;
  @Field(() => [FieldMappingInput], {
    nullable: true,
    description: "Source column to target field; default matched from the headers (or taken from templateId).",
  })
  mapping?: FieldMappingInput[] | null;
  @Field(() => [GraphMappingInput], {
    nullable: true,
    description:
      "entity GRAPH only: the customers and each array of records they hold, with their mappings; default the structure previewImport finds. Without a CUSTOMER part, mapping (or the suggestion) maps the customers.",
  })
  mappings?: GraphMappingInput[] | null;
  @Field(() => ID, { nullable: true, description: "A saved mapping template to use; one for another entity is a WRONG_ENTITY user error." }) templateId?:
    string | null;
  @Field(() => ImportMode, { defaultValue: ImportMode.UPSERT, description: "CREATE, UPSERT (default) or UPDATE." }) mode!: ImportMode;
  @Field(() => [String], { nullable: true, description: 'Dedupe keys, default ["externalId", "email"].' }) matchOn?: string[] | null;
  @Field(() => Boolean, { defaultValue: false, description: "Validate and report everything, write nothing; default false." }) dryRun!: boolean;
  @Field(() => ImportOptionsInput, { nullable: true, description: "How to read the file and its values." }) options?: ImportOptionsInput | null;
}

@InputType({ description: "Input of previewImport." })
export class PreviewImportInput {
  @Field(() => GraphQLUpload, { description: "The file, as a multipart upload; only its start is read." }) file!: Promise<FileUpload>;
  @Field(() => ImportEntity, { description: "What the file's records are." }) entity!: ImportEntity;
  @Field(() => FileFormat, { nullable: true, description: "The file's format; default detected from its content and name." }) format?: FileFormat | null;
  @Field(() => ImportOptionsInput, { nullable: true, description: "How to read the file and its values." }) options?: ImportOptionsInput | null;
  @Field(() => Int, { defaultValue: 20, description: "How many records to show, 1 to 1000; default 20." }) sampleSize!: number;
}

@InputType({ description: "Names one import job." })
export class ImportJobIdInput {
  @Field(() => ID, { description: "The import job's ID." }) id!: string;
}

@InputType({ description: "Input of saveMappingTemplate; saving under an existing name and entity replaces that template." })
export class SaveMappingTemplateInput {
  @Field({ description: "1 to 200 characters; unique per workspace and entity." }) name!: string;
  @Field(() => ImportEntity, { description: "What the template maps." }) entity!: ImportEntity;
  @Field(() => [FieldMappingInput], { description: "Source column to target field." }) mapping!: FieldMappingInput[];
  @Field(() => ImportOptionsInput, { nullable: true, description: "Options to use with the template; optional." }) options?: ImportOptionsInput | null;
}

@ObjectType({ description: "Which source column fed which target field." })
export class FieldMapping {
  @Field({ description: "Column header, JSON path or XML element name." }) source!: string;
  @Field({ description: 'A field from importFields, or "customFields.<key>".' }) target!: string;
  @Field(() => JSONScalar, { nullable: true, description: "How the column's values were read (dateFormat, valueMap, split, default); null when as detected." })
  transform!: Record<string, unknown> | null;
  @Field(() => OnExisting, { description: "What the field of an existing customer took from the row; OVERWRITE unless the mapping said otherwise." })
  onExisting!: OnExisting;
}

@ObjectType({ description: "A problem with one record of an import: why it failed or was skipped." })
export class ImportRowError {
  @Field(() => Int, { description: "1-based record number: the first record after the header is 1." }) row!: number;
  @Field(() => String, { nullable: true, description: 'Where in the file: "line 14", "Customers!B7", "$[12]", "/transactions/transaction[3]".' }) location!:
    string | null;
  @Field(() => String, { nullable: true, description: "The source column, when the problem is in one." }) column!: string | null;
  @Field(() => String, { nullable: true, description: "The target field, when the problem is in one." }) field!: string | null;
  @Field(() => String, { nullable: true, description: "The value as it came, when there is one; for POSSIBLE_DUPLICATE, the existing customer's id." }) value!:
    string | null;
  @Field({
    description:
      "REQUIRED, INVALID_EMAIL, INVALID_PHONE, INVALID_DATE, INVALID_NUMBER, INVALID_CURRENCY, INVALID_ENUM, TOO_LONG, DUPLICATE_IN_FILE, CUSTOMER_NOT_FOUND, MALFORMED_ROW, PLAN_STALE, PARENT_FAILED, UNEXPECTED_NESTING, POSSIBLE_DUPLICATE, ...",
  })
  code!: string;
  @Field({ description: "Human-readable explanation, in English." }) message!: string;
  @Field(() => ImportEntity, {
    nullable: true,
    description: "Graph imports: the kind of record (CUSTOMER, INTERACTION or TRANSACTION); null in single-entity imports.",
  })
  entity!: ImportEntity | null;
}

@ObjectType("EntityCounts", {
  description: "One entity's share of a graph import's counts; processedRows = inserted + updated + unchanged + skipped + failed.",
})
export class ImportEntityCounts {
  @Field(() => ImportEntity, { description: "CUSTOMER, INTERACTION or TRANSACTION." }) entity!: ImportEntity;
  @Field(() => Int, { description: "Records of this entity accounted for, in committed batches." }) processedRows!: number;
  @Field(() => Int, { description: "Written as new." }) inserted!: number;
  @Field(() => Int, { description: "Existing records changed." }) updated!: number;
  @Field(() => Int, { description: "Existing records that already held these values." }) unchanged!: number;
  @Field(() => Int, { description: "Not written by rule (mode, DUPLICATE_IN_FILE, PARENT_FAILED)." }) skipped!: number;
  @Field(() => Int, { description: "Not written because of invalid values." }) failed!: number;
}

@ObjectType({ description: "One part of the structure previewImport found for a GRAPH import." })
export class GraphPartPreview {
  @Field(() => ImportEntity, { description: "CUSTOMER, INTERACTION or TRANSACTION (guessed from the path's, sheet's or file's name, else from its fields)." })
  entity!: ImportEntity;
  @Field(() => String, {
    nullable: true,
    description: "Nested files: CUSTOMER null, others the array's key inside each customer record, for GraphMappingInput.path. Null for a workbook or ZIP.",
  })
  path!: string | null;
  @Field(() => String, { nullable: true, description: "A workbook: the sheet, for GraphMappingInput.sheet; null otherwise." }) sheet!: string | null;
  @Field(() => String, { nullable: true, description: "A ZIP: the file's path in the archive, for GraphMappingInput.file; null otherwise." }) file!:
    string | null;
  @Field(() => FileFormat, {
    nullable: true,
    description: "A ZIP: the format the file is read as (from its extension); a workbook: XLSX; null for nested files.",
  })
  format!: FileFormat | null;
  @Field(() => String, { nullable: true, description: "A ZIP's text file: its own encoding, detected apart from the other files'." }) encoding!: string | null;
  @Field(() => Int, { description: "Records of this part in the sample read." }) count!: number;
  @Field(() => Int, { nullable: true, description: "A workbook or ZIP: the part's records when the sample read holds them all; null when it has more." })
  totalCount!: number | null;
  @Field(() => [String], {
    description:
      "A workbook or ZIP's interactions and transactions: the columns that link each row to its customer (mapped to customerExternalId or customerEmail); empty otherwise.",
  })
  linkColumns!: string[];
  @Field(() => [String], { description: "The part's source fields, relative to its records." }) headers!: string[];
  @Field(() => [SuggestedMapping], { description: "One suggestion per source field." }) suggestedMapping!: SuggestedMapping[];
}

@ObjectType({ description: "Something about a whole import to know before trusting it: a column read one way of two, a file imported before." })
export class ImportWarning {
  @Field({
    description:
      "AMBIGUOUS_DATE_ORDER, AMBIGUOUS_DECIMAL_SEPARATOR, DUPLICATE_FILE, POSSIBLE_DUPLICATE (a new customer that looks like an existing one; see options.onPossibleDuplicate) or (graph imports) UNMAPPED_CHILD_ARRAY, UNMAPPED_PART (a sheet or file not imported), UNKNOWN_ENTITY (previewImport: a sheet or file whose entity cannot be told), MIXED_ENCODINGS (a ZIP's files differ in encoding; each is read in its own).",
  })
  code!: string;
  @Field(() => String, { nullable: true, description: "The source column it concerns, when it concerns one." }) column!: string | null;
  @Field({ description: "What was found and the choice made." }) message!: string;
  @Field(() => Int, {
    nullable: true,
    description: "POSSIBLE_DUPLICATE: the row written as a new customer; null on the one warning that says more were found than listed.",
  })
  row?: number | null;
  @Field(() => String, { nullable: true, description: 'POSSIBLE_DUPLICATE: where the row is in the file ("line 14", "$[12]").' }) location?: string | null;
  @Field(() => ID, { nullable: true, description: "POSSIBLE_DUPLICATE: the existing customer the row looks like (a Customer id, for node or mergeCustomers)." })
  recordId?: string | null;
  @Field(() => Float, { nullable: true, description: "POSSIBLE_DUPLICATE: the pair's score in 0..1, as duplicateCandidates gives it." }) score?: number | null;
}

export const { ConnectionType: ImportRowErrorConnection } = connectionTypes("ImportRowError", () => ImportRowError);

@ObjectType({
  implements: Node,
  description:
    "One import: a file (or bulk call) read, checked and written in batches. Every record read is counted once: processedRows = inserted + updated + unchanged + skipped + failed.",
})
export class ImportJob implements Node {
  @Field(() => ID, { description: "Opaque global ID." }) id!: string;
  rowId!: string;
  @Field(() => ImportEntity, { description: "What the import writes." }) entity!: ImportEntity;
  @Field(() => ImportSource, { description: "An uploaded file, a bulk upsert call, or a database." }) source!: ImportSource;
  @Field(() => ImportStatus, { description: "Where the job stands." }) status!: ImportStatus;
  @Field(() => ImportMode, { description: "CREATE, UPSERT or UPDATE." }) mode!: ImportMode;
  @Field({ description: "True when the job validates and reports but writes nothing; its counts are the ones a real run would give." }) dryRun!: boolean;
  @Field({ description: "The uploaded file's name; the bulk mutation's name for a bulk call; the table or \"query\" for a database source." })
  fileName!: string;
  @Field(() => FileFormat, {
    description:
      "The format read; NDJSON for a database source (its rows are read as named records); for a GRAPH import of a ZIP, its customers' file's (see container).",
  })
  format!: FileFormat;
  @Field(() => ImportContainer, { nullable: true, description: "GRAPH imports of a workbook or ZIP (one sheet or file per entity): which; null otherwise." })
  container!: ImportContainer | null;
  @Field(() => DatabaseSource, { nullable: true, description: "Set when the job reads a live database instead of a file." })
  databaseSource!: DatabaseSource | null;
  @Field(() => String, { nullable: true, description: "The text encoding read; null for formats without one." }) encoding!: string | null;
  @Field(() => [FieldMapping], { description: "The mapping used, source column to target field." }) mapping!: FieldMapping[];
  @Field(() => [String], { description: "The dedupe keys used." }) matchOn!: string[];
  @Field(() => Int, { nullable: true, description: "Records in the file, once known; null until then." }) totalRows!: number | null;
  @Field(() => Int, { description: "Records accounted for so far, in committed batches; never goes back." }) processedRows!: number;
  @Field(() => Int, { description: "Records written as new." }) insertedCount!: number;
  @Field(() => Int, { description: "Existing records changed." }) updatedCount!: number;
  @Field(() => Int, { description: "Existing records that already held these values." }) unchangedCount!: number;
  @Field(() => Int, { description: "Records not written by rule (mode, DUPLICATE_IN_FILE); listed in errors." }) skippedCount!: number;
  @Field(() => Int, { description: "Records not written because of invalid values; listed in errors." }) failedCount!: number;
  @Field(() => Float, { description: "0 to 1: processedRows / totalRows, held below 1 until the job completes." }) progress!: number;
  @Field(() => String, { nullable: true, description: "Why the job failed, when it did." }) errorCode!: string | null;
  @Field(() => String, { nullable: true, description: "Human-readable reason the job failed, when it did." }) errorMessage!: string | null;
  @Field(() => JSONScalar, { nullable: true, description: "What a revert did: deleted, restored, and records left as they were." }) revertReport!: Record<
    string,
    unknown
  > | null;
  @Field(() => [ImportWarning], { description: "Decided when the import started: ambiguous columns and the reading chosen, a file imported before." })
  warnings!: ImportWarning[];
  @Field(() => [ImportEntityCounts], {
    description: "Graph imports: the counts per entity (customers first), whose sums are the job's counts; empty for single-entity imports.",
  })
  entityCounts!: ImportEntityCounts[];
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: "When a scheduled import was asked to start (options.runAt), ISO-8601 UTC; null when it was not scheduled.",
  })
  runAt!: Date | null;
  @Field(() => ID, { nullable: true, description: "For a job made by applyImportPlan: the dry run whose plan it applies; null otherwise." })
  planJobId!: string | null;
  @Field(() => ID, { nullable: true, description: "For a dry run whose plan was applied (applyImportPlan): the job that applies it; null otherwise." })
  appliedByJobId!: string | null;
  @Field(() => DateTimeScalar, { description: "When the job was created, ISO-8601 UTC." }) createdAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: "When a worker started it, ISO-8601 UTC; null while QUEUED." }) startedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "When it reached a terminal status, ISO-8601 UTC; null until then." }) finishedAt!: Date | null;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      "When its details expired, ISO-8601 UTC: RETENTION_DAYS (default 30) after finishedAt the worker deletes its row errors (errors, errorGroups, the error report) and its results file; the counts stay. Null while they are kept.",
  })
  detailsExpiredAt!: Date | null;
}

export const { ConnectionType: ImportJobConnection } = connectionTypes("ImportJob", () => ImportJob);

@ObjectType({ description: "Result of startImport." })
export class StartImportPayload {
  @Field(() => ImportJob, { nullable: true, description: "The queued job; null when userErrors is not empty." }) job!: ImportJob | null;
  @Field(() => [UserError], { description: "Problems with the input (file, mapping, options, template); empty on success." }) userErrors!: UserError[];
}

@ObjectType({ description: "Result of cancelImport, revertImport or applyImportPlan." })
export class ImportJobPayload {
  @Field(() => ImportJob, {
    nullable: true,
    description: "The job as it now stands (for applyImportPlan, the new job that applies the plan); null when not found.",
  })
  job!: ImportJob | null;
  @Field(() => [UserError], {
    description:
      "NOT_FOUND, NOT_CANCELLABLE, NOT_REVERTIBLE; for applyImportPlan NOT_A_DRY_RUN, PLAN_NOT_READY, PLAN_EXPIRED or PLAN_ALREADY_APPLIED; empty on success.",
  })
  userErrors!: UserError[];
}

@ObjectType({ description: "A guess at which target field a source column feeds." })
export class SuggestedMapping {
  @Field({ description: "The source column." }) source!: string;
  @Field(() => String, { nullable: true, description: "The suggested target field; null when none fits." }) target!: string | null;
  @Field(() => Float, { description: "How sure the guess is, 0 to 1." }) confidence!: number;
  @Field(() => [String], { description: "A few values from the column." }) sampleValues!: string[];
}

@ObjectType({ description: "A table found in an SQL dump." })
export class SourceTable {
  @Field({ description: "The table's name as the dump writes it." }) name!: string;
  @Field(() => [String], { description: "From its CREATE TABLE, else from its first column list." }) columns!: string[];
  @Field(() => Int, { nullable: true, description: "Rows counted in its INSERT and COPY data." }) estimatedRows!: number | null;
}

@ObjectType({ description: "What an import of a file would do, read from its start; nothing is written." })
export class ImportPreview {
  @Field(() => FileFormat, { description: "The format detected (or given); for a GRAPH import of a ZIP, the first part's (see container and graph)." })
  format!: FileFormat;
  @Field(() => ImportContainer, {
    nullable: true,
    description: "entity GRAPH: WORKBOOK or ZIP when the upload holds a sheet or file per entity; null otherwise.",
  })
  container!: ImportContainer | null;
  @Field(() => String, { nullable: true, description: "The text encoding detected; null for formats without one." }) encoding!: string | null;
  @Field(() => String, { nullable: true, description: "The CSV delimiter detected; null for other formats." }) delimiter!: string | null;
  @Field(() => String, { nullable: true, description: "The XLSX sheet read; null for other formats." }) sheet!: string | null;
  @Field(() => String, { nullable: true, description: "SQL dumps: the table read (options.table, else the one suggested for the entity)." }) table!:
    string | null;
  @Field(() => [SourceTable], { description: "SQL dumps: every table found, with its columns; empty for other formats." }) tables!: SourceTable[];
  @Field(() => [String], { description: "The source columns, in file order." }) headers!: string[];
  @Field(() => [SuggestedMapping], { description: "One suggestion per source column." }) suggestedMapping!: SuggestedMapping[];
  @Field(() => [JSONScalar], { description: "The first rows as they would be written." }) sampleRows!: Record<string, unknown>[];
  @Field(() => [ImportRowError], { description: "The problems the sample rows would have." }) sampleErrors!: ImportRowError[];
  @Field(() => [ImportWarning], { description: "What an import of this file would record as its warnings." }) warnings!: ImportWarning[];
  @Field(() => [GraphPartPreview], {
    description:
      "entity GRAPH: the customers and each array of records they hold, or each sheet or file of a workbook or ZIP, with counts, link columns and suggested mappings; empty otherwise.",
  })
  graph!: GraphPartPreview[];
}

@ObjectType({ description: "A field an import can write, for mapping." })
export class ImportField {
  @Field({ description: "The field's name, a mapping target." }) name!: string;
  @Field({ description: "What values it takes: TEXT, EMAIL, PHONE, DATE, MONEY, CURRENCY, COUNTRY, ENUM or TAGS." }) type!: string;
  @Field({ description: "True when every record needs a value." }) required!: boolean;
  @Field(() => [String], { description: "Column headers matched to it automatically, in several languages." }) aliases!: string[];
  @Field(() => String, { nullable: true, description: "What the field holds." }) description!: string | null;
}

@ObjectType({ implements: Node, description: "A saved mapping (and options) to reuse across imports; managed by ADMIN." })
export class MappingTemplate implements Node {
  @Field(() => ID, { description: "Opaque global ID." }) id!: string;
  @Field({ description: "The template's name; unique per workspace and entity." }) name!: string;
  @Field(() => ImportEntity, { description: "What the template maps." }) entity!: ImportEntity;
  @Field(() => [FieldMapping], { description: "Source column to target field." }) mapping!: FieldMapping[];
  @Field(() => JSONScalar, { nullable: true, description: "Import options saved with it; null when none." }) options!: Record<string, unknown> | null;
  @Field(() => DateTimeScalar, { description: "When it was first saved, ISO-8601 UTC." }) createdAt!: Date;
  @Field(() => DateTimeScalar, { description: "When it was last saved, ISO-8601 UTC." }) updatedAt!: Date;
}

@ObjectType({ description: "Result of saveMappingTemplate." })
export class MappingTemplatePayload {
  @Field(() => MappingTemplate, { nullable: true, description: "The saved template; null when userErrors is not empty." }) template!: MappingTemplate | null;
  @Field(() => [UserError], { description: "Problems with the input (e.g. INVALID_NAME, an unknown target); empty on success." }) userErrors!: UserError[];
}

@ObjectType({ description: "An import's progress, as importProgress sends it." })
export class ImportProgressEvent {
  @Field(() => ID, { description: "The import job's ID." }) jobId!: string;
  @Field(() => ImportStatus, { description: "Where the job stands." }) status!: ImportStatus;
  @Field(() => Int, { description: "Records accounted for so far, in committed batches." }) processedRows!: number;
  @Field(() => Int, { nullable: true, description: "Records in the file, once known." }) totalRows!: number | null;
  @Field(() => Int, { description: "Records written as new." }) insertedCount!: number;
  @Field(() => Int, { description: "Existing records changed." }) updatedCount!: number;
  @Field(() => Int, { description: "Existing records that already held these values." }) unchangedCount!: number;
  @Field(() => Int, { description: "Records not written by rule." }) skippedCount!: number;
  @Field(() => Int, { description: "Records not written because of invalid values." }) failedCount!: number;
  @Field(() => Float, { description: "0 to 1: processedRows / totalRows, held below 1 until the job completes." }) progress!: number;
  @Field(() => Float, { nullable: true, description: "Recent speed in records per second while RUNNING; null otherwise or before it is measured." })
  rowsPerSecond!: number | null;
  @Field(() => Float, { nullable: true, description: "Estimated seconds until done while RUNNING (null when unknown); 0 once finished." }) etaSeconds!:
    number | null;
}

@ObjectType({ description: "Row errors of one import, as importErrors sends them." })
export class ImportErrorBatch {
  @Field(() => ID, { description: "The import job's ID." }) jobId!: string;
  @Field(() => [ImportRowError], { description: "The errors of this batch, in the order found." }) errors!: ImportRowError[];
  @Field(() => String, { nullable: true, description: "Cursor of the last error in this batch, for a later `after`." }) cursor!: string | null;
}
