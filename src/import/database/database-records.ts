import { DatabaseSourceError } from "../../errors/database-source.error.js";
import type { CellValue, SourceRecord } from "../parse/parser.js";
import type { OpenDatabaseSource } from "./database-source.js";

export interface ReadRecordsInput {
  /** Rows up to here were committed; with `afterKey` they are read again (numbered up to it) only to re-teach the duplicate check. */
  readonly cursorRow: number;
  /** The key of the last committed row: rows after it are numbered from cursorRow + 1, whatever changed before it. */
  readonly afterKey: readonly string[] | null;
  readonly pageSize: number;
  /** Names the source in each record's location: the table, or "query". */
  readonly label: string;
}

const KEY_ALIAS = "__crm_key_";

const textOf = (value: unknown): string => (value === null || value === undefined ? "" : typeof value === "string" ? value : String(value));

const sameKey = (a: readonly (string | null)[], b: readonly (string | null)[]): boolean => a.every((v, i) => v === b[i]);

interface Page {
  readonly rows: readonly Record<string, unknown>[];
  readonly full: boolean;
}

/**
 * The source's rows in key order, read in keyset pages (`key >= last`, so a repeated key across a
 * page boundary is seen and refused: paging by a key that is not unique would skip rows).
 */
export const readDatabaseRecords = (source: OpenDatabaseSource, input: ReadRecordsInput): AsyncIterable<SourceRecord> => {
  const { session, from, keyColumns, headers } = source;
  const cols = keyColumns.map((c) => `q.${session.quote(c)}`);
  const tuple = (exprs: readonly string[]) => `(${exprs.join(", ")})`;
  const select = `select q.*, ${cols.map((c, i) => `${session.asText(c)} as ${KEY_ALIAS}${i}`).join(", ")} from ${from} as q`;

  const fetchPage = async (lower: readonly string[] | null, upper: readonly string[] | null): Promise<Page> => {
    const where: string[] = [];
    const params: string[] = [];
    const bound = (op: string, key: readonly string[]) => {
      const marks = key.map((v) => {
        params.push(v);
        return session.param(params.length);
      });
      where.push(`${tuple(cols)} ${op} ${tuple(marks)}`);
    };
    if (lower) bound(">=", lower);
    if (upper) bound("<=", upper);
    const sql = `${select}${where.length > 0 ? ` where ${where.join(" and ")}` : ""} order by ${cols.join(", ")} limit ${input.pageSize + 1}`;
    const { rows } = await session.readOnly(sql, params);
    return { rows, full: rows.length > input.pageSize };
  };
  // a page read ahead may fail after the reader was left (a sample taken, the session closed): awaited, or let go quietly
  const readAhead = (lower: readonly string[] | null, upper: readonly string[] | null): Promise<Page> => {
    const page = fetchPage(lower, upper);
    page.catch(() => undefined);
    return page;
  };

  /** Pages of checked rows between the bounds; a page at a time, so a row costs one generator step, not two. */
  async function* pagesBetween(
    start: readonly string[] | null,
    upper: readonly string[] | null,
  ): AsyncGenerator<{ row: Record<string, unknown>; key: string[] }[]> {
    let lower = start;
    let page = readAhead(lower, upper);
    for (;;) {
      const { rows, full } = await page;
      const last = rows.at(-1);
      const nextLower = last ? keyColumns.map((_, i) => textOf(last[KEY_ALIAS + i])) : null;
      // the next page is read while this one is judged
      if (full && nextLower) page = readAhead(nextLower, upper);
      let previous: readonly (string | null)[] | null = lower;
      let seenLower = 0;
      const out: { row: Record<string, unknown>; key: string[] }[] = [];
      for (const row of rows) {
        const key = keyColumns.map((_, i) => row[KEY_ALIAS + i] as string | null);
        if (key.some((v) => v === null))
          throw new DatabaseSourceError(
            "DATABASE_ORDER_BY_INVALID",
            `orderBy (${keyColumns.join(", ")}) is empty in a row: it must be unique and never empty.`,
          );
        if (lower && sameKey(key, lower)) {
          if (++seenLower > 1) throw notUnique(keyColumns, key);
          continue;
        }
        if (previous && sameKey(key, previous)) throw notUnique(keyColumns, key);
        previous = key;
        out.push({ row, key: key as string[] });
      }
      yield out;
      if (!full || !nextLower) return;
      lower = nextLower;
    }
  }

  const toRecord = (row: Record<string, unknown>, key: readonly string[], rowNumber: number): SourceRecord => {
    const values: Record<string, CellValue> = Object.create(null);
    for (const h of headers) values[h] = (row[h] ?? null) as CellValue;
    return {
      rowNumber,
      location: `${input.label} ${keyColumns.map((c, i) => `${c}=${key[i]}`).join(", ")}`,
      values,
      raw: headers.map((h) => textOf(row[h])),
      key,
    };
  };

  return {
    async *[Symbol.asyncIterator]() {
      let rowNumber = 0;
      if (input.afterKey) {
        for await (const page of pagesBetween(null, input.afterKey)) {
          for (const { row, key } of page) yield toRecord(row, key, Math.min(++rowNumber, input.cursorRow));
        }
        rowNumber = input.cursorRow;
      }
      for await (const page of pagesBetween(input.afterKey, null)) {
        for (const { row, key } of page) yield toRecord(row, key, ++rowNumber);
      }
    },
  };
};

const notUnique = (keyColumns: readonly string[], key: readonly (string | null)[]) =>
  new DatabaseSourceError(
    "DATABASE_ORDER_BY_NOT_UNIQUE",
    `orderBy (${keyColumns.join(", ")}) repeats ${key.join(", ")}: it must be unique to read the rows in pages.`,
  );
