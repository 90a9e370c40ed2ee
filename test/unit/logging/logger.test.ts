import { Writable } from "node:stream";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { createLogger, serializeError } from "../../../src/logger.js";

const capture = () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger("debug", stream), text: () => lines.join("") };
};

const databaseError = (message: string, fields: Partial<pg.DatabaseError>): pg.DatabaseError =>
  Object.assign(new pg.DatabaseError(message, message.length, "error"), { severity: "ERROR" }, fields);

describe("logger", () => {
  it("redacts authorization headers, connection params and keys wherever they sit", () => {
    const { logger, text } = capture();
    logger.info({ req: { headers: { authorization: "Bearer crm_secret1" } } }, "a");
    logger.info({ authorization: "Bearer crm_secret2", connectionParams: { authorization: "Bearer crm_secret3" } }, "b");
    logger.info({ ctx: { connectionParams: { authorization: "Bearer crm_secret4" } }, key: "crm_secret5", token: "crm_secret6" }, "c");
    expect(text()).not.toMatch(/crm_secret/);
    expect(text()).toContain("[redacted]");
  });

  it("keeps the row values a database error quotes out of the log", () => {
    const error = databaseError('duplicate key value violates unique constraint "customer_workspace_email_key"', {
      code: "23505",
      detail: "Key (workspace_id, email)=(7, ada@example.com) already exists.",
      constraint: "customer_workspace_email_key",
      table: "customer",
    });
    const { logger, text } = capture();
    logger.error({ err: error }, "write failed");
    expect(text()).not.toContain("ada@example.com");
    const line = JSON.parse(text());
    expect(line.err).toMatchObject({ code: "23505", constraint: "customer_workspace_email_key", table: "customer" });
    expect(line.err.detail).toBeUndefined();
  });

  it("scrubs a value quoted in a database error's message and stack", () => {
    const error = databaseError('invalid input syntax for type uuid: "ada@example.com"', {
      code: "22P02",
      where: "unnamed portal parameter $1 = 'ada@example.com'",
    });
    const serialized = JSON.stringify(serializeError(error));
    expect(serialized).not.toContain("ada@example.com");
    expect(serialized).toContain("invalid input syntax for type uuid");
  });

  it("leaves other errors as pino serializes them", () => {
    const error = new Error("The file is not well-formed XML");
    expect(serializeError(error)).toMatchObject({ type: "Error", message: "The file is not well-formed XML" });
  });
});
