import fs from "node:fs";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import type { SqlClient, SqlTx } from "./sql-client.js";

const CHUNK_BYTES = 1024 * 1024;

/**
 * The upload lives in PostgreSQL, in 1 MiB chunks: every worker that reaches the database can
 * read it, whichever machine it runs on, and it goes with the database's backups.
 */
export const storeFileChunks = async (tx: SqlTx, jobId: string, path: string): Promise<void> => {
  const stream = fs.createReadStream(path, { highWaterMark: CHUNK_BYTES });
  let seq = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (pendingBytes === 0) return;
    await tx.query(`insert into import_file_chunk (job_id, seq, data) values ($1, $2, $3)`, [jobId, seq++, Buffer.concat(pending, pendingBytes)]);
    pending = [];
    pendingBytes = 0;
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    pending.push(chunk);
    pendingBytes += chunk.length;
    if (pendingBytes >= CHUNK_BYTES) await flush();
  }
  await flush();
};

/** Writes the stored upload to a local file, chunk by chunk. */
export const materializeFile = async (sql: SqlClient, jobId: string, destination: string): Promise<void> => {
  const countRows = await sql.query<{ n: number }>(`select count(*)::int as n from import_file_chunk where job_id = $1`, [jobId]);
  const total = countRows[0]?.n ?? 0;
  async function* chunks() {
    for (let seq = 0; seq < total; seq++) {
      const rows = await sql.query<{ data: Uint8Array }>(`select data from import_file_chunk where job_id = $1 and seq = $2`, [jobId, seq]);
      const data = rows[0]?.data;
      if (!data) throw new Error(`chunk ${seq} of the upload of job ${jobId} is missing`);
      yield Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    }
  }
  await pipeline(Readable.from(chunks()), fs.createWriteStream(destination));
};

export const deleteFileChunks = (sql: SqlClient | SqlTx, jobId: string) => sql.query(`delete from import_file_chunk where job_id = $1`, [jobId]);
