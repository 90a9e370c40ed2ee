import fs from "node:fs/promises";
import path from "node:path";
import type { ImportEntity, ImportProgressSubscription } from "./gql/graphql.js";
import { CUSTOMER_HISTORY, IMPORT_ERRORS, IMPORT_PROGRESS, PREVIEW_IMPORT, START_IMPORT } from "./operations.js";
import { connectWs, request, subscribe, upload, type Connection } from "./transport.js";

export interface ClientOptions extends Connection {
  /** The CSV file to import. */
  readonly file: string;
  readonly entity: ImportEntity;
  /** The customer whose history is printed at the end. */
  readonly customer: string;
  readonly print?: (line: string) => void;
}

export interface ClientOutcome {
  readonly jobId: string;
  readonly status: string;
  readonly processedRows: number;
  readonly errors: { row: number; code: string }[];
  readonly historyCount: number;
}

/** Previews the file, imports it while following progress and row errors, then prints a customer's history. */
export const runClient = async (o: ClientOptions): Promise<ClientOutcome> => {
  const print = o.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const file = { name: path.basename(o.file), bytes: new Uint8Array(await fs.readFile(o.file)) };

  const { previewImport: preview } = await upload(o, PREVIEW_IMPORT, { entity: o.entity, sampleSize: 5 }, file);
  print(`preview: ${preview.format} ${preview.encoding ?? ""}, columns ${preview.headers.join(", ")}`);
  for (const m of preview.suggestedMapping) print(`  ${m.source} -> ${m.target ?? "(not imported)"}`);
  for (const e of preview.sampleErrors) print(`  sample row ${e.row}: ${e.code} ${e.message}`);
  for (const w of preview.warnings) print(`  warning ${w.code}: ${w.message}`);

  const { startImport } = await upload(o, START_IMPORT, { entity: o.entity }, file);
  if (!startImport.job) throw new Error(`startImport refused: ${startImport.userErrors.map((e) => `${e.code} ${e.message}`).join("; ")}`);
  const jobId = startImport.job.id;
  print(`import ${jobId} ${startImport.job.status}`);

  // both subscriptions end by themselves once the job has ended
  const ws = connectWs(o);
  const errors: { row: number; code: string }[] = [];
  const seen: { last: ImportProgressSubscription["importProgress"] | null } = { last: null };
  try {
    await Promise.all([
      (async () => {
        for await (const { importProgress: p } of subscribe(ws, IMPORT_PROGRESS, { jobId })) {
          if (p.status !== seen.last?.status || p.processedRows !== seen.last.processedRows) {
            print(`progress: ${p.status} ${p.processedRows}/${p.totalRows ?? "?"} rows`);
          }
          seen.last = p;
        }
      })(),
      (async () => {
        for await (const { importErrors: batch } of subscribe(ws, IMPORT_ERRORS, { jobId, after: "" })) {
          for (const e of batch.errors) {
            errors.push({ row: e.row, code: e.code });
            print(`row ${e.row}: ${e.code}${e.column ? ` in ${e.column}` : ""} ${e.message}`);
          }
        }
      })(),
    ]);
  } finally {
    await ws.dispose();
  }
  const end = seen.last;
  if (!end) throw new Error("the progress subscription ended without an event");
  print(`import ${jobId} ${end.status}: ${end.processedRows} rows, ${end.insertedCount} inserted, ${end.updatedCount} updated, ${end.failedCount} failed`);

  const { customer } = await request(o, CUSTOMER_HISTORY, { externalId: o.customer, first: 20 });
  if (!customer) {
    print(`no customer ${o.customer}`);
    return { jobId, status: end.status, processedRows: end.processedRows, errors, historyCount: 0 };
  }
  const value = customer.lifetimeValue.map((m) => `${m.amount} ${m.currency}`).join(", ") || "nothing";
  print(`customer ${o.customer} ${customer.displayName} <${customer.email ?? ""}>: lifetime value ${value}, ${customer.history.totalCount} history items`);
  for (const { node } of customer.history.edges) {
    print(
      node.__typename === "Transaction"
        ? `  ${node.occurredAt} transaction ${node.kind} ${node.status} ${node.amount} ${node.currency}`
        : `  ${node.occurredAt} interaction ${node.type} ${node.direction ?? ""} ${node.subject ?? ""}`.trimEnd(),
    );
  }
  return { jobId, status: end.status, processedRows: end.processedRows, errors, historyCount: customer.history.totalCount };
};
