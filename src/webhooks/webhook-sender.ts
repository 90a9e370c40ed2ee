import http from "node:http";
import https from "node:https";
import net from "node:net";
import type { AttemptOutcome } from "../entities/webhook-delivery.repository.js";
import { guardedLookup, isBlockedAddress, urlHost } from "./webhook-url-guard.js";

/** Bytes of a response body kept with the delivery, for the admin to read. */
export const RESPONSE_BODY_LIMIT = 1024;

export interface SendRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly timeoutMs: number;
  readonly allowPrivate: boolean;
}

/**
 * One POST. Success is a 2xx answer within the time limit; a redirect is not followed (it
 * could lead anywhere, a private address included) and counts as a failure, like any other
 * status. Never throws: every way it can go wrong is an outcome to record.
 */
export const sendWebhook = (req: SendRequest): Promise<AttemptOutcome> => {
  const startedAt = new Date();
  const began = performance.now();
  const done = (o: Omit<AttemptOutcome, "durationMs" | "startedAt">): AttemptOutcome => ({
    ...o,
    startedAt,
    durationMs: Math.round(performance.now() - began),
  });
  return new Promise((resolve) => {
    const url = URL.parse(req.url);
    if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
      return resolve(done({ ok: false, statusCode: null, error: "The URL is not an http(s) URL.", responseBody: null }));
    }
    const host = urlHost(url);
    if (!req.allowPrivate && net.isIP(host) && isBlockedAddress(host)) {
      return resolve(done({ ok: false, statusCode: null, error: `WEBHOOK_URL_NOT_ALLOWED: ${host} is a blocked address.`, responseBody: null }));
    }
    const client = url.protocol === "https:" ? https : http;
    let settled = false;
    const finish = (o: Omit<AttemptOutcome, "durationMs" | "startedAt">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(done(o));
    };
    const request = client.request(
      url,
      {
        method: "POST",
        headers: { ...req.headers, "content-length": String(Buffer.byteLength(req.body)), "user-agent": "graphql-crm-webhooks/1" },
        agent: false,
        ...(req.allowPrivate ? {} : { lookup: guardedLookup }),
      },
      (response) => {
        const status = response.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let kept = 0;
        const end = () =>
          finish({
            ok: status >= 200 && status < 300,
            statusCode: status,
            error: status >= 200 && status < 300 ? null : status >= 300 && status < 400 ? `HTTP ${status}: redirects are not followed.` : `HTTP ${status}`,
            responseBody: Buffer.concat(chunks)
              .toString("utf8")
              .replace(/\uFFFD+$/, ""),
          });
        response.on("data", (chunk: Buffer) => {
          if (kept < RESPONSE_BODY_LIMIT) chunks.push(chunk.subarray(0, RESPONSE_BODY_LIMIT - kept));
          kept += chunk.length;
          // the rest of a long answer is not worth reading
          if (kept >= RESPONSE_BODY_LIMIT) {
            end();
            response.destroy();
          }
        });
        response.on("end", end);
        response.on("error", end);
      },
    );
    const timer = setTimeout(() => {
      finish({ ok: false, statusCode: null, error: `No answer within ${req.timeoutMs} ms.`, responseBody: null });
      request.destroy();
    }, req.timeoutMs);
    request.on("error", (error: Error & { code?: string }) => {
      const blocked = error.code === "WEBHOOK_URL_NOT_ALLOWED";
      finish({
        ok: false,
        statusCode: null,
        error: blocked ? `WEBHOOK_URL_NOT_ALLOWED: ${error.message}` : error.message || String(error.code),
        responseBody: null,
      });
    });
    request.end(req.body);
  });
};
