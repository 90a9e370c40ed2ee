import type { NextFunction, Response } from "express";
import type { AppErrorCode } from "../errors/app-error.js";
import type { AuthedRequest } from "./auth.middleware.js";
import { sendError } from "./send-error.js";
import type { RateLimiter } from "./upload-rate-limit.js";

// room for the `operations` and `map` fields (1 MiB each at most) and the multipart framing
const MULTIPART_OVERHEAD_BYTES = 3 * 1024 * 1024;
// time for the client to read the answer before the rest of its upload is cut off
const CLOSE_AFTER_MS = 1000;

const isMultipart = (req: AuthedRequest): boolean => /^multipart\/form-data\b/i.test(String(req.headers["content-type"] ?? ""));

/** Answers with a coded error and does not read the refused upload: its connection is closed soon after. */
const refuse = (req: AuthedRequest, res: Response, code: AppErrorCode, message: string, extra: Record<string, unknown> = {}): void => {
  res.once("finish", () => {
    // a body that arrived whole in the meantime leaves the connection to the next request
    if (!req.complete) setTimeout(() => !req.complete && req.socket.destroy(), CLOSE_AFTER_MS).unref();
  });
  sendError(res, code, message, extra);
};

/**
 * Checks a multipart upload before a byte of its body is read, after the API key: the preflight
 * header Apollo's CSRF prevention wants (refused there only after the file was on disk), a
 * declared length beyond the upload limit, and the per-key upload rate.
 */
export const uploadGuard =
  (deps: { limiter: RateLimiter; maxUploadBytes: number }) =>
  async (req: AuthedRequest, res: Response, next: NextFunction): Promise<void> => {
    if (req.method !== "POST" || !isMultipart(req)) {
      next();
      return;
    }
    if (!req.headers["apollo-require-preflight"] && !req.headers["x-apollo-operation-name"]) {
      refuse(req, res, "BAD_REQUEST", "A multipart request needs a non-empty 'Apollo-Require-Preflight' header (CSRF prevention).");
      return;
    }
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > deps.maxUploadBytes + MULTIPART_OVERHEAD_BYTES) {
      refuse(req, res, "PAYLOAD_TOO_LARGE", `The upload is larger than ${deps.maxUploadBytes} bytes.`, { maxUploadBytes: deps.maxUploadBytes });
      return;
    }
    const decision = await deps.limiter.take(req.principal!.keyId);
    if (!decision.allowed) {
      res.setHeader("retry-after", String(decision.retryAfterSeconds));
      refuse(req, res, "RATE_LIMITED", `Too many uploads for this API key; try again in ${decision.retryAfterSeconds} s.`, {
        retryAfterSeconds: decision.retryAfterSeconds,
      });
      return;
    }
    next();
  };
