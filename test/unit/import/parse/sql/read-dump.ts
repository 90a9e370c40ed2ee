import type { SourceRecord } from "../../../../../src/import/parse/parser.js";
import { detectSqlDialect } from "../../../../../src/import/parse/sql/detect-sql-dialect.js";
import { SqlDumpReader, type SqlTableStats } from "../../../../../src/import/parse/sql/sql-dump-reader.js";
import { SqlLexer } from "../../../../../src/import/parse/sql/sql-lexer.js";

export interface ReadDump {
  readonly records: SourceRecord[];
  readonly tables: SqlTableStats[];
}

/** Lexes and reads a dump held in memory, cut into chunks at the given byte positions. */
export function readDump(dump: string | Buffer, table: string | null, cuts: readonly number[] = [], maxRecordBytes = 1024 * 1024): ReadDump {
  const bytes = typeof dump === "string" ? Buffer.from(dump, "utf8") : dump;
  const reader = new SqlDumpReader(table, maxRecordBytes);
  const lexer = new SqlLexer({ ...detectSqlDialect(bytes.toString("latin1", 0, 65536)), maxValueBytes: maxRecordBytes }, reader);
  reader.attach(lexer);
  const records: SourceRecord[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    // a copy per chunk, as a file read gives: the lexer may keep no view into an earlier chunk
    lexer.push(Buffer.from(bytes.subarray(from, cut)));
    records.push(...reader.records);
    reader.records = [];
    from = cut;
  }
  lexer.end();
  records.push(...reader.records);
  return { records, tables: [...reader.tables.values()].map((t) => ({ ...t })) };
}

/** Each record as its values (a plain object) or its error code and location. */
export function outcomes(records: readonly SourceRecord[]): unknown[] {
  return records.map((r) => (r.error === undefined ? { ...r.values } : { error: r.error.code, at: r.location }));
}

/** The values of the only record of a one-row dump. */
export function onlyValues(dump: string): unknown {
  const { records } = readDump(dump, "t");
  if (records.length !== 1) throw new Error(`expected one record, read ${records.length}`);
  const record = records[0]!;
  return record.error === undefined ? { ...record.values } : record.error.code;
}
