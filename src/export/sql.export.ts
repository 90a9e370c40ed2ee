import type { Writable } from "node:stream";
import { joinList } from "./csv.export.js";
import type { ExportWriter } from "./export-writer.js";
import { createTextExport } from "./text-export.js";

export const SQL_CONTENT_TYPE = "application/sql; charset=utf-8";

/** Rows per INSERT statement: small enough for any server's statement limits, large enough to load fast. */
const ROWS_PER_INSERT = 500;

/** A table name the export accepts: a plain identifier, quoted anyway. */
export const SAFE_TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export const quoteIdentifier = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** A standard SQL string: quotes doubled, backslashes literal (standard_conforming_strings is on). */
export const sqlString = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/**
 * PostgreSQL INSERT statements for a table named after the entity: a CREATE TABLE IF NOT EXISTS
 * with text columns named as the export's columns, then multi-row INSERTs. Tags are one text
 * value, joined as in CSV. The importer reads it back as an SQL dump; psql loads it as it is.
 */
export const createSqlExport = (output: Writable, table: string, headers: readonly string[]): ExportWriter => {
  const name = quoteIdentifier(table);
  const columns = headers.map(quoteIdentifier);
  const insert = `INSERT INTO ${name} (${columns.join(", ")}) VALUES\n`;
  let inStatement = 0;
  const head =
    `-- graphql-crm export of ${table}: PostgreSQL INSERT statements\n` +
    "SET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\n\n" +
    `CREATE TABLE IF NOT EXISTS ${name} (\n${columns.map((c) => `    ${c} text`).join(",\n")}\n);\n\n`;
  return createTextExport(
    output,
    head,
    (values) => {
      let line = inStatement === 0 ? insert : ",\n";
      line += "(";
      for (let i = 0; i < headers.length; i++) {
        const value = joinList(values[i] ?? null);
        line += (i === 0 ? "" : ", ") + (value === null ? "NULL" : sqlString(value));
      }
      line += ")";
      if (++inStatement === ROWS_PER_INSERT) {
        inStatement = 0;
        line += ";\n";
      }
      return line;
    },
    () => (inStatement > 0 ? ";\n" : ""),
  );
};
