import type { NextFunction, Request, Response } from "express";
import type { Logger } from "../logger.js";

export interface BodyProgressOptions {
  /** Least bytes per second; 0 turns the rule off. */
  readonly minBytesPerSecond: number;
  readonly windowMs: number;
}

const hasBody = (req: Request): boolean => req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0;

/**
 * Cuts off a request body that arrives slower than the minimum rate, judged per window so a
 * stall of a few seconds does not fail an upload: 408 REQUEST_TIMEOUT, then the connection closes.
 * A window counts only while a reader waits for data with none buffered: a body the server does
 * not read yet (a request queued at the gate, a file writer's backpressure) is never the client's fault.
 */
export const bodyProgress =
  (options: BodyProgressOptions, logger: Logger) =>
  (req: Request, res: Response, next: NextFunction): void => {
    if (options.minBytesPerSecond <= 0 || !hasBody(req)) {
      next();
      return;
    }
    const minBytes = (options.minBytesPerSecond * options.windowMs) / 1000;
    const socket = req.socket;
    const path = req.path;
    let from = socket.bytesRead;
    const timer = setInterval(() => {
      if (req.complete || socket.destroyed) return stop();
      const starved = req.readableFlowing === true && req.readableLength === 0 && !socket.isPaused();
      const got = socket.bytesRead - from;
      from = socket.bytesRead;
      if (!starved || got >= minBytes) return;
      stop();
      logger.warn(
        { requestId: req.headers["x-request-id"], path, code: "REQUEST_TIMEOUT", bytesInWindow: got, windowMs: options.windowMs },
        "request body too slow",
      );
      answerAndClose(res, options.minBytesPerSecond);
    }, options.windowMs);
    timer.unref();
    const stop = () => clearInterval(timer);
    req.once("end", stop);
    req.once("close", stop);
    res.once("close", stop);
    next();
  };

// written on the bare response: graphql-upload holds back express's res.send until the request
// ends, which a slow body would put off; closing the connection then fails the unread upload
const answerAndClose = (res: Response, minBytesPerSecond: number): void => {
  if (res.headersSent) {
    res.socket?.destroy();
    return;
  }
  const message = `The request body arrived slower than ${minBytesPerSecond} bytes per second.`;
  const body = JSON.stringify({ errors: [{ message, extensions: { code: "REQUEST_TIMEOUT", minBytesPerSecond } }] });
  res.once("finish", () => res.socket?.destroy());
  res.writeHead(408, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body), connection: "close" });
  res.end(body);
};
