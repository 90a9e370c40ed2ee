import { KeyCounter } from "./key-counter.js";
import { type TransactionContent, transactionContent } from "./transaction-content.js";

/** Gives the transaction rows of one file, in file order, the identity stored as content_key. */
export interface ContentKeyCounter {
  /** The row's content key, or null for a row with an externalId (that is its identity). */
  keyOf(row: TransactionContent & { readonly externalId: string | null }): string | null;
  /** Frees the counts at once (the run is over). */
  clear(): void;
}

/**
 * A transaction's identity without an externalId: its content and its ordinal among the rows
 * of its file with that same content ("<digest>.2" for the second). The second identical row of
 * a file is a second payment; the second identical row of the same file imported again is that
 * same payment. Per run, fed every row that reaches the writer in file order, also the rows a
 * resumed run replays from before its cursor, so the numbering is the same after a crash.
 */
export const createContentKeyCounter = (): ContentKeyCounter => {
  const seen = new KeyCounter();
  return {
    keyOf(row) {
      if (row.externalId !== null) return null;
      const content = transactionContent(row);
      return `${content}.${seen.next(content)}`;
    },
    clear: () => seen.clear(),
  };
};
