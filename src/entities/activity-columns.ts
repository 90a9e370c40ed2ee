/**
 * The interaction and transaction tables as the import's writers and planned updates write them:
 * the columns besides ids, customer and bookkeeping, each with its type in a recordset.
 */
export const INTERACTION_COLUMNS = [
  ["type", "text"],
  ["direction", "text"],
  ["subject", "text"],
  ["body", "text"],
  ["occurred_at", "timestamptz"],
] as const;
export const TRANSACTION_COLUMNS = [
  ["kind", "text"],
  ["status", "text"],
  ["amount", "numeric"],
  ["currency", "text"],
  ["occurred_at", "timestamptz"],
  ["description", "text"],
] as const;

export type InteractionColumn = (typeof INTERACTION_COLUMNS)[number][0];
export type TransactionColumn = (typeof TRANSACTION_COLUMNS)[number][0];
export type ActivityColumn = InteractionColumn | TransactionColumn;
export type ActivityEntity = "INTERACTION" | "TRANSACTION";

/** One activity table: what a batch write needs to build its statements. */
export interface ActivityTableShape {
  readonly entity: ActivityEntity;
  readonly table: "interaction" | `"transaction"`;
  readonly columns: readonly (readonly [ActivityColumn, string])[];
  /** A second identity beside external_id, for rows without one (a transaction's content_key). */
  readonly contentKey: boolean;
}

export const INTERACTION_TABLE = {
  entity: "INTERACTION",
  table: "interaction",
  columns: INTERACTION_COLUMNS,
  contentKey: false,
} as const satisfies ActivityTableShape;
export const TRANSACTION_TABLE = {
  entity: "TRANSACTION",
  table: `"transaction"`,
  columns: TRANSACTION_COLUMNS,
  contentKey: true,
} as const satisfies ActivityTableShape;
