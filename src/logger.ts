import { pino } from "pino";

export type Logger = pino.Logger;

/** Structured JSON logs; api keys, tokens and cell values never reach them. */
export const createLogger = (level: string): Logger =>
  pino({
    level,
    base: { service: "graphql-crm" },
    redact: { paths: ["req.headers.authorization", "authorization", "*.authorization", "key", "*.key"], censor: "[redacted]" },
  });
