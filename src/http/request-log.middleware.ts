import crypto from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import type { Logger } from "../logger.js";
import type { AuthedRequest } from "./auth.middleware.js";

// a caller's own id is kept when it is a short plain token; anything else could forge log lines
const CALLER_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const MAX_LOGGED_PATH = 200;

/**
 * Gives every request an id (the caller's `x-request-id` when it is a plain token, else a new
 * one), echoes it in the response, and logs one line per request when it ends: method, path,
 * status and duration. Never the query string (export filters carry names and emails), the
 * headers or the body.
 */
export const requestLog =
  (logger: Logger) =>
  (req: Request, res: Response, next: NextFunction): void => {
    const given = req.headers["x-request-id"];
    const requestId = typeof given === "string" && CALLER_REQUEST_ID.test(given) ? given : crypto.randomUUID();
    // downstream (the GraphQL context) reads the settled id from the header
    req.headers["x-request-id"] = requestId;
    res.setHeader("x-request-id", requestId);
    const started = process.hrtime.bigint();
    let logged = false;
    const done = () => {
      if (logged) return;
      logged = true;
      const path = req.originalUrl.split("?", 1)[0]!.slice(0, MAX_LOGGED_PATH);
      const principal = (req as AuthedRequest).principal;
      // health probes come every few seconds: only at debug
      const level = path === "/healthz" || path === "/readyz" ? "debug" : "info";
      logger[level](
        {
          requestId,
          method: req.method,
          path,
          status: res.statusCode,
          ms: Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10,
          ...(res.writableFinished ? {} : { aborted: true }),
          ...(principal ? { keyId: principal.keyId, workspaceId: principal.workspaceId } : {}),
        },
        "request",
      );
    };
    res.once("finish", done);
    res.once("close", done);
    next();
  };
