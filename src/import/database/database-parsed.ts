import { DatabaseSourceError } from "../../errors/database-source.error.js";
import type { FileFormat, SourceRecord } from "../parse/parser.js";
import type { JudgeDatabase } from "../judge/judge-protocol.js";
import { parseAllowedHosts } from "./allowed-hosts.js";
import { readDatabaseRecords } from "./database-records.js";
import { countSourceRows, openDatabaseSourceOrThrow } from "./database-source.js";

/** Rows arrive one named record after another, as NDJSON lines do: the job's format says so (see README). */
export const DATABASE_RECORD_FORMAT: FileFormat = "NDJSON";

const PAGE_SIZE = 5000;

/** A database source opened for the judging thread, behind the shape a parsed file has. */
export const openDatabaseRecordsOrThrow = async (db: JudgeDatabase, label: string, cursorRow: number, batchSize: number) => {
  const source = await openDatabaseSourceOrThrow({
    spec: db.spec,
    password: db.password,
    allowedHosts: parseAllowedHosts(db.allowedHosts),
    statementTimeoutMs: db.statementTimeoutMs,
  });
  try {
    if (cursorRow > 0 && db.afterKey === null)
      throw new DatabaseSourceError("DATABASE_SOURCE_LOST", "The job has committed rows but no source key to resume after.");
    const totalRows = db.countRows ? await countSourceRows(source).catch(() => null) : null;
    const records = readDatabaseRecords(source, { cursorRow, afterKey: db.afterKey, pageSize: Math.max(PAGE_SIZE, batchSize), label });
    return {
      format: DATABASE_RECORD_FORMAT,
      headers: source.headers,
      totalRows,
      records: (): AsyncIterable<SourceRecord> => records,
      close: () => source.session.close(),
    };
  } catch (error) {
    await source.session.close();
    throw error;
  }
};
