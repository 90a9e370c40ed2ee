import { DataCipherError, openBytesWith, sealBytesWith, type DataKeyRing } from "../crypto/data-cipher.js";
import type { SqlClient } from "./sql-client.js";

const CANARY = "graphql-crm data key check";
const canaryContext = (keyId: string) => `data_key:${keyId}`;

/** The ids of the keys data in this database was sealed under (kept until `keys rotate` retires them). */
export const listDataKeyIds = async (sql: SqlClient): Promise<string[]> =>
  (await sql.query<{ key_id: string }>(`select key_id from data_key order by created_at, key_id`)).map((r) => r.key_id);

/**
 * Refuses a ring that cannot open what the database holds: a key id not configured, or a key
 * that has the id but not the bytes (its check value does not open). Then records the current key.
 */
export const checkAndRecordDataKeysOrThrow = async (sql: SqlClient, ring: DataKeyRing): Promise<void> => {
  const rows = await sql.query<{ key_id: string; canary: Uint8Array }>(`select key_id, canary from data_key order by created_at, key_id`);
  for (const row of rows) {
    if (!ring.keys.some((k) => k.id === row.key_id)) {
      throw new DataCipherError(
        "DATA_KEY_UNKNOWN",
        `This database holds data sealed under data key ${row.key_id}, which is not among the configured keys (${ring.keys.map((k) => k.id).join(", ")}). ` +
          "Configure that key (after the current one, to rotate away from it), or the process cannot read its data.",
      );
    }
    try {
      if (openBytesWith(ring, row.canary, canaryContext(row.key_id)).toString("utf8") !== CANARY) throw new Error("mismatch");
    } catch {
      throw new DataCipherError(
        "DATA_KEY_WRONG",
        `The configured key with id ${row.key_id} does not open this database's check value: it is not the key its data was sealed under.`,
      );
    }
  }
  if (!rows.some((r) => r.key_id === ring.current.id)) {
    const canary = sealBytesWith({ current: ring.current, keys: [ring.current] }, Buffer.from(CANARY, "utf8"), canaryContext(ring.current.id));
    await sql.query(`insert into data_key (key_id, canary) values ($1, $2) on conflict (key_id) do nothing`, [ring.current.id, canary]);
  }
};

/** Forgets every key but the current one (after `keys rotate` re-sealed everything under it). */
export const retireDataKeys = async (sql: SqlClient, currentId: string): Promise<string[]> =>
  (await sql.query<{ key_id: string }>(`delete from data_key where key_id <> $1 returning key_id`, [currentId])).map((r) => r.key_id);
