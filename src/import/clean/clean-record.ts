import type { RowErrorCode } from "../../errors/row-error-code.js";

/** One problem found in a row; a row may have several. */
export interface RowProblem {
  readonly code: RowErrorCode;
  readonly message: string;
  readonly column: string | null;
  readonly field: string | null;
  readonly value: string | null;
}

/** Options that steer cleaning for a whole import. */
export interface CleanOptions {
  /** ISO 3166-1 alpha-2 used for phones without a country code, e.g. "CN". */
  readonly defaultCountry?: string;
  /** ISO 4217 used when an amount has no currency. */
  readonly defaultCurrency?: string;
  /** IANA zone for dates without an offset; default UTC. */
  readonly timeZone?: string;
  /** Date pattern for every date column without its own transform.dateFormat. */
  readonly dateFormat?: string;
  /** "." or ","; wins over the column's detected mark; detected per value when neither is known. */
  readonly decimalSeparator?: string;
  /** Day-month order detected per column from its values ("DMY" | "MDY" | "YMD"), keyed by column. */
  readonly columnDateOrders?: Readonly<Record<string, "DMY" | "MDY" | "YMD">>;
  /** Decimal mark detected per amount column from its values, keyed by column. */
  readonly columnDecimalSeparators?: Readonly<Record<string, "." | ",">>;
}

// In every clean record, null means "not given in this row": an update keeps the stored value.

export interface CleanCustomer {
  readonly externalId: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly company: string | null;
  readonly jobTitle: string | null;
  readonly city: string | null;
  readonly country: string | null;
  readonly tags: readonly string[] | null;
  readonly createdAt: Date | null;
  /** Only the keys given in this row; values as text. */
  readonly customFields: Readonly<Record<string, string>>;
}

export interface CustomerLink {
  readonly customerExternalId: string | null;
  readonly customerEmail: string | null;
}

export interface CleanInteraction extends CustomerLink {
  readonly externalId: string | null;
  readonly type: string;
  readonly direction: string | null;
  readonly subject: string | null;
  readonly body: string | null;
  readonly occurredAt: Date;
}

export interface CleanTransaction extends CustomerLink {
  readonly externalId: string | null;
  readonly kind: string;
  readonly status: string;
  /** Positive exact decimal as text, e.g. "1234.50". */
  readonly amount: string;
  readonly currency: string;
  readonly occurredAt: Date;
  readonly description: string | null;
}

export type RowCleanResult<T> = { readonly ok: true; readonly record: T } | { readonly ok: false; readonly problems: readonly RowProblem[] };
