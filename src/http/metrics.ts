import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Express, Request, Response } from "express";
import type { Metrics, ScrapeSources } from "../metrics/metrics.js";
import { bearerToken } from "../services/api-key.service.js";
import { sendError } from "./send-error.js";

const digest = (text: string): Buffer => crypto.createHash("sha256").update(text).digest();

// both sides hashed first: equal lengths for timingSafeEqual, and the time says nothing of the token's length
const tokenMatches = (given: string | null, token: string): boolean => given !== null && crypto.timingSafeEqual(digest(given), digest(token));

const scrape = async (metrics: Metrics, sources: ScrapeSources, res: Response): Promise<void> => {
  const body = await metrics.render(sources);
  res.setHeader("content-type", metrics.contentType);
  res.setHeader("cache-control", "no-store");
  res.end(body);
};

/** `GET /metrics` on the API's own port, for callers with the METRICS_TOKEN bearer token. */
export const mountMetrics = (app: Express, metrics: Metrics, token: string, sources: ScrapeSources): void => {
  app.get("/metrics", (req: Request, res: Response, next) => {
    if (!tokenMatches(bearerToken(req.headers.authorization), token)) {
      res.setHeader("www-authenticate", 'Bearer realm="metrics"');
      sendError(res, "UNAUTHENTICATED", "GET /metrics needs the METRICS_TOKEN as a bearer token.");
      return;
    }
    scrape(metrics, sources, res).catch(next);
  });
};

export interface MetricsListener {
  readonly port: number;
  close(): Promise<void>;
}

/** A small listener of its own (METRICS_PORT) that serves only `GET /metrics`, with no token. */
export const startMetricsListener = async (metrics: Metrics, host: string, port: number, sources: ScrapeSources): Promise<MetricsListener> => {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?", 1)[0];
    if (path !== "/metrics" || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Only GET /metrics is served here.\n");
      return;
    }
    metrics.render(sources).then(
      (body) => res.writeHead(200, { "content-type": metrics.contentType, "cache-control": "no-store" }).end(req.method === "HEAD" ? undefined : body),
      () => res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end("The metrics could not be read.\n"),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
