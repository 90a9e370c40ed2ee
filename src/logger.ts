import { pino } from "pino";

export type Logger = pino.Logger;

// PostgreSQL errors carry row values: `detail` ("Failing row contains (...)", "Key (email)=(...)"),
// `where`, and quoted literals in messages such as `invalid input syntax for type uuid: "..."`
const DATABASE_ERROR_FIELDS_WITH_VALUES = ["detail", "where", "internalQuery", "hint", "parameters"];

const isDatabaseError = (err: Record<string, unknown>): boolean =>
  typeof err.severity === "string" && typeof err.code === "string" && /^[0-9A-Z]{5}$/.test(err.code);

/** pino's error serializer, with the values a database error quotes taken out. */
export const serializeError = (error: unknown): unknown => {
  const serialized = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
  if (!serialized || typeof serialized !== "object" || !isDatabaseError(serialized)) return serialized;
  const clean: Record<string, unknown> = { ...serialized };
  for (const field of DATABASE_ERROR_FIELDS_WITH_VALUES) delete clean[field];
  const message = String(clean.message ?? "");
  const scrubbed = message.replace(/"[^"]*"/g, '"…"');
  clean.message = scrubbed;
  if (typeof clean.stack === "string") clean.stack = clean.stack.replace(message, scrubbed);
  return clean;
};

/** Structured JSON logs; api keys, tokens and cell values never reach them. */
export const createLogger = (level: string, destination?: pino.DestinationStream): Logger =>
  pino(
    {
      level,
      base: { service: "graphql-crm" },
      serializers: { err: serializeError },
      redact: {
        paths: [
          "req.headers.authorization",
          "req.headers.cookie",
          "headers.authorization",
          "authorization",
          "*.authorization",
          "connectionParams",
          "*.connectionParams",
          "key",
          "*.key",
          "token",
          "*.token",
        ],
        censor: "[redacted]",
      },
    },
    destination,
  );
