import type { NextFunction, Request, Response } from "express";
import { sendError } from "./send-error.js";

export interface RequestGateOptions {
  /** Requests let through at once; 0 lets every request through. */
  readonly maxConcurrent: number;
  /** Requests that may wait for a place; past this, a request is refused at once. */
  readonly maxQueued: number;
  /** Called for each request refused with 503 (the metrics count them). */
  readonly onRefused?: () => void;
}

export interface RequestGate {
  (req: Request, res: Response, next: NextFunction): void;
  /** Requests let through and not yet answered, and requests waiting for a place. */
  load(): { active: number; queued: number };
}

const RETRY_AFTER_SECONDS = 1;

// uploads stream a file for as long as it takes, and have their own per-key rate limit
const isMultipart = (req: Request): boolean => /^multipart\/form-data\b/i.test(String(req.headers["content-type"] ?? ""));

/**
 * Bounds the GraphQL requests this process works on: a few at once, a short line behind them,
 * and `503 OVERLOADED` with `Retry-After` for the rest. Under more load than it can serve, the
 * process answers the requests it takes at its usual pace and refuses the others quickly,
 * instead of starting them all and running out of time and memory for every one. A request
 * whose caller hangs up while it waits leaves the line.
 */
export const requestGate = (options: RequestGateOptions): RequestGate => {
  let active = 0;
  const queue: (() => void)[] = [];

  const admit = (res: Response, next: NextFunction): void => {
    active++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      active--;
      while (active < options.maxConcurrent && queue.length > 0) queue.shift()!();
    };
    res.once("finish", release);
    res.once("close", release);
    next();
  };

  const gate = (req: Request, res: Response, next: NextFunction): void => {
    if (options.maxConcurrent <= 0 || isMultipart(req)) {
      next();
      return;
    }
    if (active < options.maxConcurrent) {
      admit(res, next);
      return;
    }
    if (queue.length >= options.maxQueued) {
      options.onRefused?.();
      res.setHeader("retry-after", String(RETRY_AFTER_SECONDS));
      sendError(res, "OVERLOADED", `The server is busy; try again in ${RETRY_AFTER_SECONDS} s.`, { retryAfterSeconds: RETRY_AFTER_SECONDS });
      return;
    }
    const leave = () => {
      const at = queue.indexOf(enter);
      if (at >= 0) queue.splice(at, 1);
    };
    const enter = () => {
      res.off("close", leave);
      admit(res, next);
    };
    res.once("close", leave);
    queue.push(enter);
  };
  return Object.assign(gate, { load: () => ({ active, queued: queue.length }) });
};
