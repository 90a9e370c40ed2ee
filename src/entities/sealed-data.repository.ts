import { openBytesWith, sealBytesWith, type DataKeyRing } from "../crypto/data-cipher.js";
import { chunkContext } from "./import-file.repository.js";
import { planPayloadContext } from "./import-plan.repository.js";
import { fixDetailContext } from "./import-fix.repository.js";
import { rawCellsContext, sourceValuesContext } from "./import-row-error.repository.js";
import type { SqlClient } from "./sql-client.js";

/**
 * Every column that holds sealed values, for `keys rotate`: how to find its rows and rebuild the
 * context each value was sealed with. A feature that stores sealed data adds its column here.
 */
export interface SealedColumn {
  readonly table: string;
  readonly column: string;
  /** Columns that identify a row (and give the context). */
  readonly keys: readonly string[];
  readonly context: (row: Record<string, unknown>) => string;
  /** Rows per transaction. */
  readonly batch: number;
}

export const SEALED_COLUMNS: readonly SealedColumn[] = [
  { table: "import_file_chunk", column: "data", keys: ["job_id", "seq"], context: (r) => chunkContext(String(r.job_id), Number(r.seq)), batch: 4 },
  {
    table: "import_row_error",
    column: "raw_sealed",
    keys: ["id", "job_id", "row"],
    context: (r) => rawCellsContext(String(r.job_id), Number(r.row)),
    batch: 500,
  },
  {
    table: "import_row_error",
    column: "source_values_sealed",
    keys: ["id", "job_id", "row"],
    context: (r) => sourceValuesContext(String(r.job_id), Number(r.row)),
    batch: 500,
  },
  { table: "import_fix", column: "detail_sealed", keys: ["id", "job_id"], context: (r) => fixDetailContext(String(r.job_id)), batch: 200 },
  {
    table: "import_plan_batch",
    column: "payload",
    keys: ["job_id", "last_row"],
    context: (r) => planPayloadContext(String(r.job_id), Number(r.last_row)),
    batch: 50,
  },
];

const quoted = (name: string) => `"${name}"`;
// bytes 3 to 6 of a sealed value name its key (see crypto/data-cipher.ts)
const keyIdSql = (column: string) => `encode(substring(${quoted(column)} from 3 for 4), 'hex')`;
const sealedFilter = (c: SealedColumn) => `${quoted(c.column)} is not null${c.table === "import_file_chunk" ? " and sealed" : ""}`;

/** Re-seals under the current key every value of a column sealed under another; returns how many. */
export const resealColumn = async (sql: SqlClient, ring: DataKeyRing, c: SealedColumn): Promise<number> => {
  let count = 0;
  const keys = c.keys.map(quoted).join(", ");
  for (;;) {
    const n = await sql.transaction(async (tx) => {
      const rows = await tx.query<Record<string, unknown>>(
        `select ${keys}, ${quoted(c.column)} as sealed_value from ${c.table}
          where ${sealedFilter(c)} and ${keyIdSql(c.column)} <> $1 limit ${c.batch} for update`,
        [ring.current.id],
      );
      for (const row of rows) {
        const context = c.context(row);
        const resealed = sealBytesWith(ring, openBytesWith(ring, row.sealed_value as Uint8Array, context), context);
        const where = c.keys.map((k, i) => `${quoted(k)} = $${i + 2}`).join(" and ");
        await tx.query(`update ${c.table} set ${quoted(c.column)} = $1 where ${where}`, [resealed, ...c.keys.map((k) => row[k])]);
      }
      return rows.length;
    });
    count += n;
    if (n === 0) return count;
  }
};

/** Seals what was stored before sealing began (upload chunks, row errors' raw cells); returns how many. */
export const sealLegacyPlaintext = async (sql: SqlClient, ring: DataKeyRing): Promise<number> => {
  let count = 0;
  for (;;) {
    const n = await sql.transaction(async (tx) => {
      const rows = await tx.query<{ job_id: string; seq: number; data: Uint8Array }>(
        `select job_id, seq, data from import_file_chunk where not sealed limit 4 for update`,
      );
      for (const r of rows) {
        await tx.query(`update import_file_chunk set data = $3, sealed = true where job_id = $1 and seq = $2`, [
          r.job_id,
          r.seq,
          sealBytesWith(ring, r.data, chunkContext(r.job_id, r.seq)),
        ]);
      }
      return rows.length;
    });
    count += n;
    if (n === 0) break;
  }
  for (;;) {
    const n = await sql.transaction(async (tx) => {
      const rows = await tx.query<{ id: string; job_id: string; row: number; raw: string[] }>(
        `select id, job_id, "row", raw from import_row_error where raw is not null limit 500 for update`,
      );
      for (const r of rows) {
        const sealed = sealBytesWith(ring, Buffer.from(JSON.stringify(r.raw), "utf8"), rawCellsContext(r.job_id, r.row));
        await tx.query(`update import_row_error set raw_sealed = $2, raw = null where id = $1`, [r.id, sealed]);
      }
      return rows.length;
    });
    count += n;
    if (n === 0) return count;
  }
};

/** Sealed values per key id, over every sealed column (plus plaintext ones left, as "plaintext"). */
export const countSealedByKey = async (sql: SqlClient): Promise<Map<string, number>> => {
  const counts = new Map<string, number>();
  for (const c of SEALED_COLUMNS) {
    const rows = await sql.query<{ key_id: string; n: string }>(
      `select ${keyIdSql(c.column)} as key_id, count(*) as n from ${c.table} where ${sealedFilter(c)} group by 1`,
    );
    for (const r of rows) counts.set(r.key_id, (counts.get(r.key_id) ?? 0) + Number(r.n));
  }
  const plain = await sql.query<{ n: string }>(
    `select (select count(*) from import_file_chunk where not sealed) + (select count(*) from import_row_error where raw is not null) as n`,
  );
  if (Number(plain[0]?.n ?? 0) > 0) counts.set("plaintext", Number(plain[0]!.n));
  return counts;
};
