import type { ApolloServerPlugin } from "@apollo/server";
import type { NextFunction, Request, Response } from "express";
import type { GraphQLSchema } from "graphql";
import type { Metrics } from "../metrics/metrics.js";
import { operationLabel } from "../metrics/operation-label.js";

// the label is one of these, never the path a caller sent (ids and file names would grow it without bound)
const ROUTES = new Set(["graphql", "healthz", "readyz", "metrics", "import-jobs", "export", "templates", "console"]);

export const routeLabel = (path: string): string => {
  const first = path.split("?", 1)[0]!.split("/")[1] ?? "";
  return ROUTES.has(first) ? `/${first}` : "other";
};

/** Times every HTTP request, labelled by method, route and status. */
export const httpMetrics =
  (metrics: Metrics) =>
  (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    let seen = false;
    const done = () => {
      if (seen) return;
      seen = true;
      const method = ["GET", "POST", "OPTIONS", "HEAD"].includes(req.method) ? req.method : "other";
      metrics.observeHttp(method, routeLabel(req.originalUrl), res.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
    };
    res.once("finish", done);
    res.once("close", done);
    next();
  };

/** Times each GraphQL HTTP request from Apollo's start to its response, labelled by root field. */
export const graphqlMetricsPlugin = (metrics: Metrics, schema: GraphQLSchema): ApolloServerPlugin => ({
  async requestDidStart() {
    const started = process.hrtime.bigint();
    return {
      async willSendResponse({ operation, response, errors }) {
        const label = operationLabel(schema, operation);
        const failed = (errors?.length ?? 0) > 0 || (response.body.kind === "single" && (response.body.singleResult.errors?.length ?? 0) > 0);
        metrics.observeGraphql(label.operation, label.type, failed ? "error" : "ok", Number(process.hrtime.bigint() - started) / 1e9);
      },
    };
  },
});
