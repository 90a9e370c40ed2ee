import type { NextFunction, Request, Response } from "express";
import { AppError } from "../errors/app-error.js";
import type { Logger } from "../logger.js";
import { sendError } from "./send-error.js";

interface HttpishError {
  status?: number;
  statusCode?: number;
  expose?: boolean;
  type?: string;
  message?: string;
}

/** Last Express handler: body-parser and upload errors keep their status; the rest are masked. */
export const errorMiddleware =
  (logger: Logger) =>
  (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    if (error instanceof AppError) {
      sendError(res, error.code, error.message, error.details);
      return;
    }
    const e = (error ?? {}) as HttpishError;
    const status = e.status ?? e.statusCode;
    if (status === 413) {
      sendError(res, "PAYLOAD_TOO_LARGE", e.message || "The request is too large.");
      return;
    }
    if (status && status >= 400 && status < 500) {
      sendError(res, "BAD_USER_INPUT", e.expose !== false && e.message ? e.message : "The request is malformed.");
      return;
    }
    // the path only: query strings carry filters such as names and emails
    logger.error({ err: error, path: req.originalUrl.split("?", 1)[0] }, "unexpected http error");
    sendError(res, "INTERNAL_SERVER_ERROR", "Internal server error");
  };
