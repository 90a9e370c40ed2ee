import fs from "node:fs";
import { releaseMemory } from "../common/release-memory.js";
import { openSealedPieces, SEAL_HEAD_BYTES, SEAL_TAG_BYTES, sealBytes } from "../crypto/data-cipher.js";
import type { SqlClient, SqlTx } from "./sql-client.js";

const CHUNK_BYTES = 1024 * 1024;

/** Each chunk is sealed apart, bound to its job and place: one swapped or altered chunk is refused. */
export const chunkContext = (jobId: string, seq: number) => `import_file_chunk:${jobId}:${seq}`;

/**
 * The upload lives in PostgreSQL, in 1 MiB chunks sealed with the data key: every worker that
 * reaches the database can read it, whichever machine it runs on. Sealing goes chunk by chunk,
 * so memory stays at about two chunks whatever the file's size: each chunk's buffers are freed
 * as soon as it is stored, not when the collector next counts the process's outside memory
 * (several MiB a chunk, a few hundred chunks for a large file).
 */
export const storeFileChunks = async (tx: SqlTx, jobId: string, path: string): Promise<void> => {
  const stream = fs.createReadStream(path, { highWaterMark: CHUNK_BYTES });
  let seq = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (pendingBytes === 0) return;
    const plain = Buffer.concat(pending, pendingBytes);
    for (const read of pending) releaseMemory(read);
    const data = sealBytes(plain, chunkContext(jobId, seq));
    releaseMemory(plain);
    await tx.query(`insert into import_file_chunk (job_id, seq, data, sealed) values ($1, $2, $3, true)`, [jobId, seq++, data]);
    releaseMemory(data);
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

/**
 * Bytes of a stored chunk read per query. A whole chunk in one row arrives as about three times
 * its size in hex text and copies: at 1 MiB a chunk that garbage left the worker 50–80 MB larger
 * after reading a file.
 */
const PIECE_BYTES = 256 * 1024;

interface ChunkHead {
  readonly sealed: boolean;
  readonly n: number;
  readonly head: Uint8Array;
  readonly tag: Uint8Array;
}

/** Writes the stored upload to a local file, chunk by chunk and each chunk piece by piece. */
export const materializeFile = async (sql: SqlClient, jobId: string, destination: string): Promise<void> => {
  const countRows = await sql.query<{ n: number }>(`select count(*)::int as n from import_file_chunk where job_id = $1`, [jobId]);
  const total = countRows[0]?.n ?? 0;
  const out = await fs.promises.open(destination, "w");
  try {
    for (let seq = 0; seq < total; seq++) {
      const rows = await sql.query<ChunkHead>(
        `select sealed, octet_length(data)::int as n, substring(data from 1 for $3) as head, substring(data from greatest(octet_length(data) - $4 + 1, 1)) as tag
         from import_file_chunk where job_id = $1 and seq = $2`,
        [jobId, seq, SEAL_HEAD_BYTES, SEAL_TAG_BYTES],
      );
      const chunk = rows[0];
      if (!chunk) throw new Error(`chunk ${seq} of the upload of job ${jobId} is missing`);
      // a chunk stored before sealing began is read as it is (keys rotate seals those)
      const whole = chunk.n >= SEAL_HEAD_BYTES + SEAL_TAG_BYTES;
      const opener = chunk.sealed ? openSealedPieces(whole ? chunk.head : new Uint8Array(0), chunk.tag, chunkContext(jobId, seq)) : null;
      const from = opener ? SEAL_HEAD_BYTES : 0;
      const to = opener ? chunk.n - SEAL_TAG_BYTES : chunk.n;
      for (let at = from; at < to; at += PIECE_BYTES) {
        const [piece] = await sql.query<{ data: Uint8Array }>(
          `select substring(data from $3 for $4) as data from import_file_chunk where job_id = $1 and seq = $2`,
          [jobId, seq, at + 1, Math.min(PIECE_BYTES, to - at)],
        );
        if (!piece) throw new Error(`chunk ${seq} of the upload of job ${jobId} is missing`);
        const bytes = opener ? opener.update(piece.data) : piece.data;
        await out.write(bytes);
        // a file's pieces, hundreds of quarter-MiB buffers, would otherwise wait for a full collection
        releaseMemory(bytes);
        if (bytes !== piece.data) releaseMemory(piece.data);
      }
      opener?.final();
    }
  } finally {
    await out.close();
  }
};

export const deleteFileChunks = (sql: SqlClient | SqlTx, jobId: string) => sql.query(`delete from import_file_chunk where job_id = $1`, [jobId]);
