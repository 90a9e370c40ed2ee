// The SQL dump parser (mysqldump, MariaDB, pg_dump plain format). What it decides:
// - Table: options.table, else the first of options.tableHints found (by its last name part,
//   case ignored), else the only table holding rows; none of these is TABLE_NOT_FOUND with the
//   tables found. Without options.table the whole dump is scanned once to list its tables.
// - Headers: the table's columns from CREATE TABLE, else from its first column list; a table
//   known only from INSERTs without a column list gets "column 1", "column 2", ...
// - Records: one per INSERT tuple or COPY line of that table, numbered from 1 in file order
//   (stable, so a resume skips to its cursor); location "byte N" where the row starts.
import { FileFormatError } from "../../../errors/file-format.error.js";
import { flattenBatches } from "../csv/flatten-batches.js";
import { DEFAULT_MAX_RECORD_BYTES } from "../json/record-limits.js";
import type { FileParser, ParseInput, ParsedFile, SourceRecord, SourceTable } from "../parser.js";
import { SqlDumpReader, type SqlTableStats } from "./sql-dump-reader.js";
import { SqlLexer } from "./sql-lexer.js";
import { openSqlSource, utf8Chunks, type SqlSource } from "./sql-source.js";
import { tableMatches } from "./table-matches.js";

/** Reads the dump; after each chunk hands the reader's records on (stopping early closes the file). */
async function* readDump(
  source: SqlSource,
  target: string | null,
  maxRecordBytes: number,
  reader = new SqlDumpReader(target, maxRecordBytes),
): AsyncGenerator<SourceRecord[]> {
  const lexer = new SqlLexer({ ...source.dialect, maxValueBytes: maxRecordBytes }, reader);
  reader.attach(lexer);
  const take = (): SourceRecord[] => {
    const batch = reader.records;
    reader.records = [];
    return batch;
  };
  for await (const chunk of utf8Chunks(source)) {
    lexer.push(chunk);
    yield take();
  }
  lexer.end();
  yield take();
}

async function scanTables(source: SqlSource, maxRecordBytes: number): Promise<SourceTable[]> {
  const reader = new SqlDumpReader(null, maxRecordBytes);
  for await (const _ of readDump(source, null, maxRecordBytes, reader)) {
    // counting only
  }
  return [...reader.tables.values()].map((t) => ({ name: t.name, columns: t.columns ?? [], estimatedRows: t.rows }));
}

const listed = (tables: readonly SourceTable[]): string =>
  tables.length === 0 ? "The dump holds no tables." : `Tables found: ${tables.map((t) => t.name).join(", ")}.`;

/** The table to read: the one asked for, else the first hint found, else the only one with rows. */
export function chooseTableOrThrow(tables: readonly SourceTable[], wanted: string | undefined, hints: readonly string[]): string {
  if (wanted !== undefined) {
    const found = tables.find((t) => t.name === wanted) ?? tables.find((t) => tableMatches(t.name, wanted));
    if (found === undefined) throw new FileFormatError("TABLE_NOT_FOUND", `The dump has no table "${wanted}". ${listed(tables)}`);
    return found.name;
  }
  for (const hint of hints) {
    const found = tables.find((t) => tableMatches(t.name, hint) && (t.estimatedRows ?? 0) > 0);
    if (found !== undefined) return found.name;
  }
  const withRows = tables.filter((t) => (t.estimatedRows ?? 0) > 0);
  if (withRows.length === 1) return withRows[0]!.name;
  if (withRows.length === 0) throw new FileFormatError("TABLE_NOT_FOUND", `The dump holds no rows (no INSERT or COPY data). ${listed(tables)}`);
  throw new FileFormatError("TABLE_NOT_FOUND", `No table looks like the one to import; choose one with options.table. ${listed(withRows)}`);
}

/** The table's columns, reading only as far as its CREATE TABLE or first rows. */
async function columnsOf(source: SqlSource, table: string, maxRecordBytes: number): Promise<string[]> {
  const reader = new SqlDumpReader(table, maxRecordBytes);
  let stats: SqlTableStats | undefined;
  let first: SourceRecord | undefined;
  for await (const batch of readDump(source, table, maxRecordBytes, reader)) {
    stats = [...reader.tables.values()].find((t) => tableMatches(t.name, table));
    first ??= batch.find((r) => r.error === undefined);
    if (stats?.columns != null || first !== undefined) break;
  }
  if (stats === undefined)
    throw new FileFormatError(
      "TABLE_NOT_FOUND",
      `The dump has no table "${table}". ${listed([...reader.tables.values()].map((t) => ({ name: t.name, columns: [], estimatedRows: t.rows })))}`,
    );
  return stats.columns ?? (first === undefined ? [] : Object.keys(first.values));
}

async function openSql(input: ParseInput): Promise<ParsedFile> {
  const { options } = input;
  const maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  const source = await openSqlSource(input.path, options.encoding);
  if (source.empty) throw new FileFormatError("EMPTY_FILE", "The file is empty.");
  const wanted = options.table?.trim() || undefined;
  let tables: SourceTable[] | undefined;
  let table = wanted;
  if (wanted === undefined || options.listTables === true) {
    tables = await scanTables(source, maxRecordBytes);
    table = chooseTableOrThrow(tables, wanted, options.tableHints ?? []);
  }
  const chosen = table!;
  const headers = await columnsOf(source, chosen, maxRecordBytes);
  return {
    format: "SQL",
    encoding: source.encoding.name,
    delimiter: null,
    sheet: null,
    headers,
    table: chosen,
    tables,
    records: () => flattenBatches(() => readDump(source, chosen, maxRecordBytes)),
  };
}

/** SQL dumps: the rows of one table, from INSERT statements or COPY blocks, streamed. */
export const SQL_PARSER: FileParser = { format: "SQL", open: openSql };
