/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type Direction =
  | 'INBOUND'
  | 'OUTBOUND';

export type FieldMappingInput = {
  /** Column header, JSON path or XML element name. */
  source: string;
  /** A field from importFields, or "customFields.<key>". */
  target: string;
  transform?: FieldTransformInput | null | undefined;
};

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

export type FileFormat =
  | 'CSV'
  | 'JSON'
  | 'NDJSON'
  | 'XLSX'
  | 'XML';

export type ImportEntity =
  | 'CUSTOMER'
  | 'INTERACTION'
  | 'TRANSACTION';

/** CREATE skips existing records, UPDATE skips unknown ones, UPSERT does both. */
export type ImportMode =
  | 'CREATE'
  | 'UPDATE'
  | 'UPSERT';

export type ImportOptionsInput = {
  /** Transactions only: let this import change the amount, currency, kind, customer, time or status of a COMPLETED transaction (else the row fails with ALREADY_POSTED). The change is kept with its before-image, so revertImport undoes it. */
  amendPostedTransactions?: boolean | null | undefined;
  /** Create the customers that interactions or transactions link to when unknown. */
  createMissingCustomers?: boolean | null | undefined;
  dateFormat?: string | null | undefined;
  decimalSeparator?: string | null | undefined;
  defaultCountry?: string | null | undefined;
  defaultCurrency?: string | null | undefined;
  delimiter?: string | null | undefined;
  encoding?: string | null | undefined;
  /** 1-based line or row of the headers. */
  headerRow?: number | null | undefined;
  /** XML record element, or the JSON key of the wrapped array. */
  recordPath?: string | null | undefined;
  /** startImport only: start no earlier than this time (at most a year ahead); the job is SCHEDULED until then. A past time or now starts at once. */
  runAt?: string | null | undefined;
  /** XLSX sheet name or 1-based index. */
  sheet?: string | null | undefined;
  /** IANA zone for dates without an offset. */
  timeZone?: string | null | undefined;
};

/** SCHEDULED waits for its runAt, then is QUEUED for a worker. */
export type ImportStatus =
  | 'CANCELLED'
  | 'COMPLETED'
  | 'FAILED'
  | 'QUEUED'
  | 'REVERTED'
  | 'RUNNING'
  | 'SCHEDULED';

export type InteractionType =
  | 'CALL'
  | 'CHAT'
  | 'EMAIL'
  | 'MEETING'
  | 'NOTE'
  | 'OTHER'
  | 'SMS'
  | 'VISIT';

export type PreviewImportInput = {
  entity: ImportEntity;
  file: File;
  format?: FileFormat | null | undefined;
  options?: ImportOptionsInput | null | undefined;
  sampleSize?: number;
};

export type StartImportInput = {
  dryRun?: boolean;
  entity: ImportEntity;
  file: File;
  format?: FileFormat | null | undefined;
  mapping?: Array<FieldMappingInput> | null | undefined;
  /** Dedupe keys, default ["externalId", "email"]. */
  matchOn?: Array<string> | null | undefined;
  mode?: ImportMode;
  options?: ImportOptionsInput | null | undefined;
  templateId?: string | number | null | undefined;
};

export type TransactionKind =
  | 'OTHER'
  | 'PAYMENT'
  | 'PURCHASE'
  | 'REFUND';

export type TransactionStatus =
  | 'CANCELLED'
  | 'COMPLETED'
  | 'FAILED'
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