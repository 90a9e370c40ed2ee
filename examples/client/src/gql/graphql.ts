/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** A live PostgreSQL or MySQL/MariaDB database to import from, read-only. ADMIN only; the host must be in DATABASE_IMPORT_ALLOWED_HOSTS. */
export type DatabaseSourceInput = {
  /** The unique, never empty column(s), comma-separated, the rows are read in order of; default the table's primary key. */
  orderBy?: string | null | undefined;
  /** One SELECT to read instead of a table; it needs orderBy. */
  query?: string | null | undefined;
  /** A table (or schema.table) to read whole. Exactly one of table and query. */
  table?: string | null | undefined;
  /** postgres://user:password@host:5432/database or mysql://...; the password is never shown or stored in clear. */
  url: string;
};

/** Who started an interaction. */
export type Direction =
  /** The customer contacted the business. */
  | 'INBOUND'
  /** The business contacted the customer. */
  | 'OUTBOUND';

/** Which source column feeds which target field. */
export type FieldMappingInput = {
  /** What the field of a customer that exists already takes from the row; default OVERWRITE. Customer imports only (else INVALID_ON_EXISTING); APPEND for tags only. */
  onExisting?: OnExisting | null | undefined;
  /** Column header, JSON path or XML element name. */
  source: string;
  /** A field from importFields, or "customFields.<key>". */
  target: string;
  /** How to read the column's values; optional. */
  transform?: FieldTransformInput | null | undefined;
};

/** How to read one mapped column's values. */
export type FieldTransformInput = {
  /** Date pattern for this column, e.g. "DD.MM.YYYY". */
  dateFormat?: string | null | undefined;
  /** Used when the cell is empty. */
  default?: string | null | undefined;
  /** Separator for tags; default , ; and 、 */
  split?: string | null | undefined;
  /** Source value to target value, e.g. {"VIP": "vip"}. */
  valueMap?: unknown;
};

/** The format of an import file. */
export type FileFormat =
  /** Delimited text (comma, semicolon, tab, ...), any common encoding. */
  | 'CSV'
  /** A JSON array of objects, or an object wrapping one (see options.recordPath). */
  | 'JSON'
  /** One JSON object per line. */
  | 'NDJSON'
  /** A mysqldump or pg_dump (plain) file; the rows of one table are read (see options.table). Nothing in it is executed. */
  | 'SQL'
  /** An Excel workbook; one sheet is read. */
  | 'XLSX'
  /** Repeated record elements (see options.recordPath). */
  | 'XML';

/** A graph import's part: which records, where they sit, and how they map. Nested files take path; a workbook takes sheet; a ZIP takes file (and sheet for a workbook in it). */
export type GraphMappingInput = {
  /** CUSTOMER (the records of the file, or the sheet or file of customers), INTERACTION or TRANSACTION (records each customer record holds, or the sheet or file of them). */
  entity: ImportEntity;
  /** A ZIP: the path of the file holding this entity's records, as listed in the archive ("orders.csv", "export/notes.json"). */
  file?: string | null | undefined;
  /** Source field (relative to the record: "amount", not "orders.0.amount"; a column header of a sheet or file) to target field; default suggested from the records found. Interactions and transactions of a sheet or file link to their customer by the columns mapped to customerExternalId or customerEmail. */
  mapping?: Array<FieldMappingInput> | null | undefined;
  /** CUSTOMER: the JSON key of the customers' array or the XML customer element (as options.recordPath; default detected). INTERACTION and TRANSACTION: the key of the array inside each customer record, dotted when nested ("orders", "history.notes"; in XML the repeated element, "notes.note"); required. */
  path?: string | null | undefined;
  /** A workbook: the sheet holding this entity's rows (its name, matched as options.sheet). A workbook inside a ZIP: its sheet; default its first. */
  sheet?: string | null | undefined;
};

/** The kind of record an import writes. */
export type ImportEntity =
  /** Customers. */
  | 'CUSTOMER'
  /** startImport and previewImport only: customers with their interactions and transactions in one job, customers first: records that hold them (nested JSON, NDJSON or XML), a workbook with a sheet per entity, or a ZIP with a file per entity; see StartImportInput.mappings. */
  | 'GRAPH'
  /** Interactions, each linked to a customer. */
  | 'INTERACTION'
  /** Transactions, each linked to a customer. */
  | 'TRANSACTION';

/** CREATE skips existing records, UPDATE skips unknown ones, UPSERT does both. */
export type ImportMode =
  /** Insert new records only; a record that matches an existing one is skipped. */
  | 'CREATE'
  /** Update matching records only; a record that matches none is skipped. */
  | 'UPDATE'
  /** Insert new records and update matching ones (the default). */
  | 'UPSERT';

/** How to read a file and its values; every option is optional and an invalid one is an INVALID_OPTION user error. */
export type ImportOptionsInput = {
  /** Transactions only: let this import change the amount, currency, kind, customer, time or status of a COMPLETED transaction (else the row fails with ALREADY_POSTED). The change is kept with its before-image, so revertImport undoes it. */
  amendPostedTransactions?: boolean | null | undefined;
  /** Create the customers that interactions or transactions link to when unknown. */
  createMissingCustomers?: boolean | null | undefined;
  /** Date pattern for every date column, e.g. "DD.MM.YYYY" or "MM/DD/YYYY"; default detected per column. */
  dateFormat?: string | null | undefined;
  /** "." or ","; default decided per column from its values. */
  decimalSeparator?: string | null | undefined;
  /** ISO 3166-1 alpha-2 code used to read phone numbers without a country code, e.g. CN. */
  defaultCountry?: string | null | undefined;
  /** ISO 4217 code used when a row gives no currency and the amount has no symbol, e.g. EUR. */
  defaultCurrency?: string | null | undefined;
  /** CSV field separator: one character other than a quote or a line break ("\t" for tab); default detected. */
  delimiter?: string | null | undefined;
  /** Text encoding, e.g. UTF-8, GBK, Shift_JIS, windows-1252; default detected from the content. */
  encoding?: string | null | undefined;
  /** 1-based line or row of the headers. */
  headerRow?: number | null | undefined;
  /** Customer and graph imports: what a new customer row that looks like an existing customer does; default WARN. */
  onPossibleDuplicate?: PossibleDuplicatePolicy | null | undefined;
  /** XML record element, or the JSON key of the wrapped array. */
  recordPath?: string | null | undefined;
  /** startImport only: start no earlier than this time (at most a year ahead); the job is SCHEDULED until then. A past time or now starts at once. */
  runAt?: string | null | undefined;
  /** XLSX sheet name or 1-based index. */
  sheet?: string | null | undefined;
  /** SQL dumps: the table whose rows to import; default the table suggested for the entity. */
  table?: string | null | undefined;
  /** IANA zone for dates without an offset. */
  timeZone?: string | null | undefined;
};

/** Where an import reads from instead of an uploaded file. */
export type ImportSourceInput = {
  /** A live PostgreSQL or MySQL/MariaDB database. */
  database?: DatabaseSourceInput | null | undefined;
};

/** Where an import job stands. SCHEDULED waits for its runAt, then is QUEUED for a worker. */
export type ImportStatus =
  /** Stopped by cancelImport; batches committed before stay written. */
  | 'CANCELLED'
  /** Every record was read and accounted for (some may have failed or been skipped). */
  | 'COMPLETED'
  /** Stopped by a problem with the file as a whole; see errorCode and errorMessage. */
  | 'FAILED'
  /** Waiting for a worker. */
  | 'QUEUED'
  /** Undone by revertImport; see revertReport. */
  | 'REVERTED'
  /** A worker is reading and writing it. */
  | 'RUNNING'
  /** Waiting for its runAt (options.runAt); cancellable; then QUEUED. */
  | 'SCHEDULED';

/** What kind of contact an interaction was. */
export type InteractionType =
  /** A phone or video call. */
  | 'CALL'
  /** A chat or instant-messaging conversation. */
  | 'CHAT'
  /** An email. */
  | 'EMAIL'
  /** A scheduled meeting. */
  | 'MEETING'
  /** An internal note about the customer. */
  | 'NOTE'
  /** Anything else. */
  | 'OTHER'
  /** A text message. */
  | 'SMS'
  /** An in-person visit. */
  | 'VISIT';

/** What an import does with a mapped field of a customer that exists already (customer imports only). */
export type OnExisting =
  /** Tags only: the file's tags are added after the stored ones, none twice. */
  | 'APPEND'
  /** The file's value is written only where the stored value is empty (no value, empty text, no tags, a custom field key not set). */
  | 'FILL_BLANK'
  /** The stored value is never changed; the file's value is written only into new customers. */
  | 'KEEP_EXISTING'
  /** The file's value replaces the stored one (the default); an empty cell keeps it. Tags are replaced, custom fields by key. */
  | 'OVERWRITE';

/** What a customer import does with a new row that scores as a likely duplicate of an existing customer (the scoring of duplicateCandidates, at its default minScore). */
export type PossibleDuplicatePolicy =
  /** Do not look for likely duplicates: the fastest for a first load into an empty workspace. */
  | 'IGNORE'
  /** UPSERT only: update the existing customer with the row, as a row matching it by key would (mapping policies apply). Where it cannot (mode CREATE, or another row of the same batch writes that customer) the row is skipped as with SKIP. */
  | 'MERGE'
  /** Skip the row with the row error POSSIBLE_DUPLICATE, whose value is the existing customer's id. */
  | 'SKIP'
  /** Write it as new and list it in the job's warnings (POSSIBLE_DUPLICATE with the existing customer's id); the default. */
  | 'WARN';

/** Input of previewImport. */
export type PreviewImportInput = {
  /** What the file's records are. */
  entity: ImportEntity;
  /** The file, as a multipart upload; only its start is read. */
  file: File;
  /** The file's format; default detected from its content and name. */
  format?: FileFormat | null | undefined;
  /** How to read the file and its values. */
  options?: ImportOptionsInput | null | undefined;
  /** How many records to show, 1 to 1000; default 20. */
  sampleSize?: number;
};

/** Input of startImport: the file (or a live database source) and how to read, map and write it. */
export type StartImportInput = {
  /** Validate and report everything, write nothing; default false. */
  dryRun?: boolean;
  /** What the file's records are. */
  entity: ImportEntity;
  /** The file, as a multipart upload (graphql-multipart-request-spec); at most the server's MAX_UPLOAD_BYTES (default 1 GiB), else PAYLOAD_TOO_LARGE. Exactly one of file and source. */
  file?: File | null | undefined;
  /** The file's format; default detected from its content and name. */
  format?: FileFormat | null | undefined;
  /** Source column to target field; default matched from the headers (or taken from templateId). */
  mapping?: Array<FieldMappingInput> | null | undefined;
  /** entity GRAPH only: the customers and each array of records they hold, with their mappings; default the structure previewImport finds. Without a CUSTOMER part, mapping (or the suggestion) maps the customers. */
  mappings?: Array<GraphMappingInput> | null | undefined;
  /** Dedupe keys, default ["externalId", "email"]. */
  matchOn?: Array<string> | null | undefined;
  /** CREATE, UPSERT (default) or UPDATE. */
  mode?: ImportMode;
  /** How to read the file and its values. */
  options?: ImportOptionsInput | null | undefined;
  /** A live database to import from instead of a file (ADMIN only). */
  source?: ImportSourceInput | null | undefined;
  /** A saved mapping template to use; one for another entity is a WRONG_ENTITY user error. */
  templateId?: string | number | null | undefined;
};

/** What a transaction is; lifetimeValue counts completed PURCHASEs minus completed REFUNDs. */
export type TransactionKind =
  /** Anything else; not counted in lifetimeValue. */
  | 'OTHER'
  /** A payment received (e.g. against an invoice); not counted in lifetimeValue. */
  | 'PAYMENT'
  /** The customer bought something; adds to lifetimeValue when COMPLETED. */
  | 'PURCHASE'
  /** Money returned to the customer; subtracts from lifetimeValue when COMPLETED. */
  | 'REFUND';

/** Where a transaction stands; only COMPLETED ones count in lifetimeValue. */
export type TransactionStatus =
  /** Called off before settling. */
  | 'CANCELLED'
  /** Settled. */
  | 'COMPLETED'
  /** Attempted and failed. */
  | 'FAILED'
  /** Not settled yet. */
  | 'PENDING';

export type PreviewImportMutationVariables = Exact<{
  input: PreviewImportInput;
}>;


export type PreviewImportMutation = { previewImport: { format: FileFormat, encoding: string | null, headers: Array<string>, suggestedMapping: Array<{ source: string, target: string | null, confidence: number }>, sampleErrors: Array<{ row: number, column: string | null, code: string, message: string }>, warnings: Array<{ code: string, message: string }> } };

export type StartImportMutationVariables = Exact<{
  input: StartImportInput;
}>;


export type StartImportMutation = { startImport: { job: { id: string, status: ImportStatus, fileName: string } | null, userErrors: Array<{ field: Array<string> | null, code: string, message: string }> } };

export type ImportProgressSubscriptionVariables = Exact<{
  jobId: string | number;
}>;


export type ImportProgressSubscription = { importProgress: { status: ImportStatus, processedRows: number, totalRows: number | null, insertedCount: number, updatedCount: number, unchangedCount: number, skippedCount: number, failedCount: number, progress: number, rowsPerSecond: number | null } };

export type ImportErrorsSubscriptionVariables = Exact<{
  jobId: string | number;
  after?: string | null | undefined;
}>;


export type ImportErrorsSubscription = { importErrors: { cursor: string | null, errors: Array<{ row: number, column: string | null, field: string | null, value: string | null, code: string, message: string }> } };

export type CustomerHistoryQueryVariables = Exact<{
  externalId: string;
  first: number;
}>;


export type CustomerHistoryQuery = { customer: { displayName: string, email: string | null, lifetimeValue: Array<{ currency: string, amount: string }>, history: { totalCount: number, edges: Array<{ node:
          | { __typename: 'Interaction', type: InteractionType, direction: Direction | null, subject: string | null, occurredAt: string }
          | { __typename: 'Transaction', kind: TransactionKind, status: TransactionStatus, amount: string, currency: string, occurredAt: string }
         }> } } | null };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const PreviewImportDocument = new TypedDocumentString(`
    mutation PreviewImport($input: PreviewImportInput!) {
  previewImport(input: $input) {
    format
    encoding
    headers
    suggestedMapping {
      source
      target
      confidence
    }
    sampleErrors {
      row
      column
      code
      message
    }
    warnings {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<PreviewImportMutation, PreviewImportMutationVariables>;
export const StartImportDocument = new TypedDocumentString(`
    mutation StartImport($input: StartImportInput!) {
  startImport(input: $input) {
    job {
      id
      status
      fileName
    }
    userErrors {
      field
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<StartImportMutation, StartImportMutationVariables>;
export const ImportProgressDocument = new TypedDocumentString(`
    subscription ImportProgress($jobId: ID!) {
  importProgress(jobId: $jobId) {
    status
    processedRows
    totalRows
    insertedCount
    updatedCount
    unchangedCount
    skippedCount
    failedCount
    progress
    rowsPerSecond
  }
}
    `) as unknown as TypedDocumentString<ImportProgressSubscription, ImportProgressSubscriptionVariables>;
export const ImportErrorsDocument = new TypedDocumentString(`
    subscription ImportErrors($jobId: ID!, $after: String) {
  importErrors(jobId: $jobId, after: $after) {
    cursor
    errors {
      row
      column
      field
      value
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<ImportErrorsSubscription, ImportErrorsSubscriptionVariables>;
export const CustomerHistoryDocument = new TypedDocumentString(`
    query CustomerHistory($externalId: String!, $first: Int!) {
  customer(externalId: $externalId) {
    displayName
    email
    lifetimeValue {
      currency
      amount
    }
    history(first: $first) {
      totalCount
      edges {
        node {
          __typename
          ... on Interaction {
            type
            direction
            subject
            occurredAt
          }
          ... on Transaction {
            kind
            status
            amount
            currency
            occurredAt
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CustomerHistoryQuery, CustomerHistoryQueryVariables>;