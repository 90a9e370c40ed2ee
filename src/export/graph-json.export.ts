import type { Writable } from "node:stream";
import type { ExportValue } from "./export-columns.js";
import { createTextExport } from "./text-export.js";

/** A customer of a nested export with the records it holds, each as its export's values. */
export interface NestedCustomer {
  readonly customer: readonly ExportValue[];
  readonly interactions: readonly (readonly ExportValue[])[];
  readonly transactions: readonly (readonly ExportValue[])[];
}

/** What a nested export writes: the customers' columns, and the records' columns but their customer's keys. */
export interface NestedHeaders {
  readonly customer: readonly string[];
  readonly interaction: readonly string[];
  readonly transaction: readonly string[];
}

const objectOf = (keys: readonly string[], values: readonly ExportValue[]): string => {
  let text = "{";
  for (let i = 0; i < keys.length; i++) text += (i === 0 ? "" : ",") + keys[i] + JSON.stringify(values[i] ?? null);
  return text + "}";
};

/**
 * `{"customers": [...]}` with each customer's interactions and transactions in arrays of its
 * own (keys as the flat JSON export's, so a GRAPH import maps it with no mapping), one customer a
 * line, streamed: the shape a nested GRAPH import reads back.
 */
export const createNestedJsonExport = (output: Writable, headers: NestedHeaders) => {
  const keys = (names: readonly string[]) => names.map((name) => JSON.stringify(name) + ":");
  const customerKeys = keys(headers.customer);
  const interactionKeys = keys(headers.interaction);
  const transactionKeys = keys(headers.transaction);
  let first = true;
  // createTextExport writes rows of values: a nested customer crosses as one value, its JSON text
  const text = createTextExport(
    output,
    '{"customers":[',
    (values) => values[0] as string,
    () => "\n]}\n",
  );
  return {
    writeCustomer(c: NestedCustomer): Promise<void> {
      const own = objectOf(customerKeys, c.customer);
      const line =
        `${first ? "\n" : ",\n"}${own.slice(0, -1)},"interactions":[${c.interactions.map((v) => objectOf(interactionKeys, v)).join(",")}],` +
        `"transactions":[${c.transactions.map((v) => objectOf(transactionKeys, v)).join(",")}]}`;
      first = false;
      return text.writeRow([line]);
    },
    end: () => text.end(),
    abort: (reason?: Error) => text.abort(reason),
  };
};
