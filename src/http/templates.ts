import type { Express, Request, Response } from "express";
import { createCsvExport, CSV_CONTENT_TYPE } from "../export/csv.export.js";
import type { ExportEntity } from "../export/export-columns.js";
import { importTemplate, TEMPLATE_ENTITIES } from "../export/import-templates.js";
import { XLSX_CONTENT_TYPE } from "../export/xlsx.export.js";
import { createXlsxWriter } from "../export/xlsx.writer.js";
import { sendError } from "./send-error.js";

const TEMPLATE_FILE = /^(customers|interactions|transactions)\.(csv|xlsx)$/;
const SHEET_NAMES: Record<ExportEntity, string> = { customers: "Customers", interactions: "Interactions", transactions: "Transactions" };

// A template holds no workspace data (field names and a made-up row), so it needs no key:
// a page can link to it directly.
const sendTemplate = async (req: Request, res: Response): Promise<void> => {
  const match = TEMPLATE_FILE.exec(String(req.params.file ?? ""));
  if (!match) {
    sendError(res, "NOT_FOUND", "No such template: use /templates/{customers|interactions|transactions}.{csv|xlsx}.");
    return;
  }
  const name = match[1] as ExportEntity;
  const format = match[2] as "csv" | "xlsx";
  const template = importTemplate(TEMPLATE_ENTITIES[name]);
  res.status(200);
  res.setHeader("content-type", format === "csv" ? CSV_CONTENT_TYPE : XLSX_CONTENT_TYPE);
  res.setHeader("content-disposition", `attachment; filename="${name}-template.${format}"`);
  res.setHeader("x-content-type-options", "nosniff");
  const writer =
    format === "csv"
      ? createCsvExport(res, template.headers)
      : createXlsxWriter(res, SHEET_NAMES[name], template.headers, { trailingSheets: [{ name: "Fields", rows: template.fieldRows }] });
  await writer.writeRow(template.example);
  await writer.end();
};

export const mountTemplates = (app: Express): void => {
  app.get("/templates/:file", (req, res, next) => {
    sendTemplate(req, res).catch(next);
  });
};
