import fs from "node:fs";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { openBytes, sealBytes } from "../crypto/data-cipher.js";
import type { SqlClient, SqlTx } from "./sql-client.js";

const CHUNK_BYTES = 1024 * 1024;

/** Each chunk is sealed apart, bound to its job and place: one swapped or altered chunk is refused. */
export const chunkContext = (jobId: string, seq: number) => `import_file_chunk:${jobId}:${seq}`;

/**
 * The upload lives in PostgreSQL, in 1 MiB chunks sealed with the data key: every worker that
 * reaches the database can read it, whichever machine it runs on. Sealing goes chunk by chunk,
 * so memory stays at about two chunks whatever the file's size.
 */
export const storeFileChunks = async (tx: SqlTx, jobId: string, path: string): Promise<void> => {
  const stream = fs.createReadStream(path, { highWaterMark: CHUNK_BYTES });
  let seq = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (pendingBytes === 0) return;
    const data = sealBytes(Buffer.concat(pending, pendingBytes), chunkContext(jobId, seq));
    await tx.query(`insert into import_file_chunk (job_id, seq, data, sealed) values ($1, $2, $3, true)`, [jobId, seq++, data]);
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
      const rows = await sql.query<{ data: Uint8Array; sealed: boolean }>(`select data, sealed from import_file_chunk where job_id = $1 and seq = $2`, [jobId, seq]);
      const row = rows[0];
      if (!row) throw new Error(`chunk ${seq} of the upload of job ${jobId} is missing`);
      // a chunk stored before sealing began is read as it is (keys rotate seals those)
      yield row.sealed ? openBytes(row.data, chunkContext(jobId, seq)) : Buffer.from(row.data.buffer, row.data.byteOffset, row.data.byteLength);
    }
  }
  await pipeline(Readable.from(chunks()), fs.createWriteStream(destination));
};

export const deleteFileChunks = (sql: SqlClient | SqlTx, jobId: string) => sql.query(`delete from import_file_chunk where job_id = $1`, [jobId]);
