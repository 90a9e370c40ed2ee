import type { Express, Request, Response } from "express";
import type { Database } from "../entities/database.js";
import { createCsvExport, CSV_CONTENT_TYPE } from "../export/csv.export.js";
import type { ExportEntity } from "../export/export-columns.js";
import type { ExportWriter } from "../export/export-writer.js";
import { createJsonExport, JSON_CONTENT_TYPE } from "../export/json.export.js";
import { createNdjsonExport, NDJSON_CONTENT_TYPE } from "../export/ndjson.export.js";
import { createSqlExport, SQL_CONTENT_TYPE } from "../export/sql.export.js";
import { createXlsxExport, XLSX_CONTENT_TYPE } from "../export/xlsx.export.js";
import { createXlsxGraphExport, createZipGraphExport, ZIP_CONTENT_TYPE } from "../export/graph.export.js";
import { createNestedJsonExport } from "../export/graph-json.export.js";
import { createXmlExport, XML_CONTENT_TYPE } from "../export/xml.export.js";
import type { Logger } from "../logger.js";
import type { Authenticator } from "../services/api-key.service.js";
import { auditActorOfRequest, recordAuditEvent } from "../services/audit.service.js";
import { openExport, openNestedExport, type ExportTable } from "../services/export.service.js";
import { requireApiKey, type AuthedRequest } from "./auth.middleware.js";
import { exportFilterOrThrow, sqlTableOrThrow } from "./export-params.js";
import { sendError } from "./send-error.js";

type ExportFormat = "csv" | "xlsx" | "ndjson" | "json" | "xml" | "sql";

const EXPORT_FILE = /^(customers|interactions|transactions)\.(csv|xlsx|ndjson|json|xml|sql)$/;

const SHEET_NAMES: Record<ExportEntity, string> = { customers: "Customers", interactions: "Interactions", transactions: "Transactions" };

type OpenExport = (res: Response, entity: ExportEntity, headers: readonly string[], table: string) => ExportWriter;

const FORMATS: Record<ExportFormat, { contentType: string; open: OpenExport }> = {
  csv: { contentType: CSV_CONTENT_TYPE, open: (res, _entity, headers) => createCsvExport(res, headers) },
  ndjson: { contentType: NDJSON_CONTENT_TYPE, open: (res, _entity, headers) => createNdjsonExport(res, headers) },
  xlsx: { contentType: XLSX_CONTENT_TYPE, open: (res, entity, headers) => createXlsxExport(res, SHEET_NAMES[entity], headers) },
  json: { contentType: JSON_CONTENT_TYPE, open: (res, _entity, headers) => createJsonExport(res, headers) },
  xml: { contentType: XML_CONTENT_TYPE, open: (res, entity, headers) => createXmlExport(res, entity, headers) },
  sql: { contentType: SQL_CONTENT_TYPE, open: (res, _entity, headers, table) => createSqlExport(res, table, headers) },
};

/** Streams one entity of the caller's workspace in one format, filtered like the customers query. */
const exportFile =
  (deps: ExportDeps) =>
  async (req: Request, res: Response): Promise<void> => {
    const graph = GRAPH_FILE.exec(String(req.params.file ?? ""));
    if (graph) return graph[1] === "json" ? exportNestedGraph(deps, req, res) : exportGraph(deps, req, res, graph[1] as "xlsx" | "zip");
    const match = EXPORT_FILE.exec(String(req.params.file ?? ""));
    if (!match) {
      sendError(
        res,
        "NOT_FOUND",
        "No such export: use /export/{customers|interactions|transactions}.{csv|xlsx|ndjson|json|xml|sql} or /export/graph.{json|xlsx|zip}.",
      );
      return;
    }
    const entity = match[1] as ExportEntity;
    const format = match[2] as ExportFormat;
    const { table: tableParam, ...params } = req.query as Record<string, unknown>;
    const sqlTable = sqlTableOrThrow(format, tableParam, entity);
    const filter = exportFilterOrThrow(params);
    const principal = (req as AuthedRequest).principal!;
    // 'close' also follows a normal finish; by then there is nothing left to stop
    const gone = new AbortController();
    res.on("close", () => gone.abort());

    const table = await openExport(deps.db.scoped(principal.workspaceId), principal, entity, filter, gone.signal);
    const pages = table.pages[Symbol.asyncIterator]();
    // the first page before the first byte: a failing query is still a clean error response
    const page = await pages.next();
    if (gone.signal.aborted) {
      await pages.return?.();
      return;
    }

    await beginDownload(
      deps.db.scoped(principal.workspaceId),
      req,
      res,
      { entity, format, filter },
      FORMATS[format].contentType,
      `${entity}-${dateStamp()}.${format}`,
    );
    const writer = FORMATS[format].open(res, entity, table.headers, sqlTable);
    await streamPages(deps, { entity, format }, gone.signal, page, pages, (row) => writer.writeRow(row), writer);
  };

/** Today's date as a download's file name carries it. */
const dateStamp = (): string => new Date().toISOString().slice(0, 10);

/** Records the download in the audit trail and sends an attachment's status and headers; its body follows. */
const beginDownload = async (
  sql: ReturnType<Database["scoped"]>,
  req: Request,
  res: Response,
  what: { entity: string; format: string; filter: ReturnType<typeof exportFilterOrThrow> },
  contentType: string,
  fileName: string,
): Promise<void> => {
  const principal = (req as AuthedRequest).principal!;
  await recordAuditEvent(sql, auditActorOfRequest(principal, req.headers["x-request-id"]), {
    action: "export.downloaded",
    recordType: null,
    recordId: null,
    details: {
      entity: what.entity,
      format: what.format,
      filter: Object.fromEntries(Object.entries(what.filter).filter(([, v]) => v !== null && v !== undefined)),
    },
  });
  res.status(200);
  res.setHeader("content-type", contentType);
  res.setHeader("content-disposition", `attachment; filename="${fileName}"`);
  res.setHeader("cache-control", "no-store");
  res.setHeader("x-content-type-options", "nosniff");
};

/**
 * Writes the items of every page, from the one already read, then ends the output. On a failure
 * the output is aborted (a reader never takes a cut file for a whole one); a client that went
 * away is logged, anything else thrown on.
 */
const streamPages = async <T>(
  deps: ExportDeps,
  context: { entity: string; format: string },
  gone: AbortSignal,
  first: IteratorResult<T[]>,
  pages: AsyncIterator<T[]>,
  write: (item: T) => Promise<void>,
  output: { end(): Promise<void>; abort(): void },
): Promise<void> => {
  let page = first;
  try {
    while (!page.done && !gone.aborted) {
      for (const item of page.value) await write(item);
      page = await pages.next();
    }
    if (gone.aborted) throw new Error("The client went away.");
    await output.end();
  } catch (error) {
    // read before abort(), whose own 'close' would make any failure look like a departure
    const clientLeft = gone.aborted;
    output.abort();
    await pages.return?.();
    if (clientLeft) {
      deps.logger.debug(context, "export stopped: the client went away");
      return;
    }
    throw error;
  }
};

const GRAPH_FILE = /^graph\.(json|xlsx|zip)$/;
const GRAPH_ENTITIES: readonly ExportEntity[] = ["customers", "interactions", "transactions"];

/**
 * The customers with their interactions and transactions, filtered like the customers query, in
 * the shapes a GRAPH import reads: a workbook with a sheet per entity, or a ZIP of a CSV per
 * entity. Each is streamed in turn, customers first, so a re-import links every row by its
 * customerExternalId or customerEmail column with no mapping.
 */
const exportGraph = async (deps: ExportDeps, req: Request, res: Response, format: "xlsx" | "zip"): Promise<void> => {
  const filter = exportFilterOrThrow(req.query as Record<string, unknown>);
  const principal = (req as AuthedRequest).principal!;
  const gone = new AbortController();
  res.on("close", () => gone.abort());
  const sql = deps.db.scoped(principal.workspaceId);
  const tables: ExportTable[] = [];
  for (const entity of GRAPH_ENTITIES) tables.push(await openExport(sql, principal, entity, filter, gone.signal));
  if (gone.signal.aborted) return;
  await beginDownload(
    sql,
    req,
    res,
    { entity: "graph", format, filter },
    format === "xlsx" ? XLSX_CONTENT_TYPE : ZIP_CONTENT_TYPE,
    `crm-${dateStamp()}.${format}`,
  );
  const writers =
    format === "xlsx"
      ? createXlsxGraphExport(
          res,
          GRAPH_ENTITIES.map((e, i) => ({ name: SHEET_NAMES[e], headers: tables[i]!.headers })),
        )
      : createZipGraphExport(
          res,
          GRAPH_ENTITIES.map((e, i) => ({ name: `${e}.csv`, headers: tables[i]!.headers })),
        );
  try {
    for (const [i, table] of tables.entries()) {
      const writer = await writers.part(i);
      for await (const page of table.pages) {
        if (gone.signal.aborted) break;
        for (const row of page) await writer.writeRow(row);
      }
      if (gone.signal.aborted) throw new Error("The client went away.");
    }
    await writers.end();
  } catch (error) {
    const clientLeft = gone.signal.aborted;
    writers.abort();
    if (clientLeft) {
      deps.logger.debug({ entity: "graph", format }, "export stopped: the client went away");
      return;
    }
    throw error;
  }
};

/**
 * The customers, each holding its interactions and transactions, as one nested JSON document
 * (`{"customers": [...]}`), filtered like the customers query: the shape a nested GRAPH import
 * reads back with no mapping. Streamed a page of customers at a time.
 */
const exportNestedGraph = async (deps: ExportDeps, req: Request, res: Response): Promise<void> => {
  const filter = exportFilterOrThrow(req.query as Record<string, unknown>);
  const principal = (req as AuthedRequest).principal!;
  const gone = new AbortController();
  res.on("close", () => gone.abort());
  const sql = deps.db.scoped(principal.workspaceId);
  const nested = await openNestedExport(sql, principal, filter, gone.signal);
  const pages = nested.pages[Symbol.asyncIterator]();
  // the first page before the first byte: a failing query is still a clean error response
  const page = await pages.next();
  if (gone.signal.aborted) {
    await pages.return?.();
    return;
  }
  await beginDownload(sql, req, res, { entity: "graph", format: "json", filter }, JSON_CONTENT_TYPE, `crm-${dateStamp()}.json`);
  const writer = createNestedJsonExport(res, nested.headers);
  await streamPages(deps, { entity: "graph", format: "json" }, gone.signal, page, pages, (customer) => writer.writeCustomer(customer), writer);
};

export interface ExportDeps {
  readonly authenticate: Authenticator;
  readonly db: Database;
  readonly logger: Logger;
}

export const mountExports = (app: Express, deps: ExportDeps): void => {
  app.get("/export/:file", requireApiKey(deps.authenticate), (req, res, next) => {
    exportFile(deps)(req, res).catch(next);
  });
};
