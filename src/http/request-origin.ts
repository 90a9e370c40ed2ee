import type { IncomingMessage } from "node:http";
import type { AppContext } from "../context.js";

/** scheme://host as the caller reached us (Host header only; forwarded headers are not trusted). */
export const requestOrigin = (req: IncomingMessage): string | null => {
  const host = req.headers.host;
  if (!host || !/^[A-Za-z0-9.\-:[\]]+$/.test(host)) return null;
  const secure = (req.socket as { encrypted?: boolean }).encrypted === true;
  return `${secure ? "https" : "http"}://${host}`;
};

export const errorReportUrl = (ctx: AppContext, jobGlobalId: string): string => `${ctx.origin ?? ""}/import-jobs/${encodeURIComponent(jobGlobalId)}/errors.csv`;

export const resultsUrl = (ctx: AppContext, jobGlobalId: string): string => `${ctx.origin ?? ""}/imports/${encodeURIComponent(jobGlobalId)}/results.csv`;
