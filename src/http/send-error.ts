import type { Response } from "express";
import { ERROR_STATUS, type AppErrorCode } from "../errors/app-error.js";

/** A GraphQL-shaped error body for requests refused before GraphQL runs. */
export const sendError = (res: Response, code: AppErrorCode, message: string, extra: Record<string, unknown> = {}): void => {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.status(ERROR_STATUS[code]).json({ errors: [{ message, extensions: { code, ...extra } }] });
};
