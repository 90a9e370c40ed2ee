import { releaseMemory } from "../../common/release-memory.js";

/**
 * A set of strings kept as two 32-bit hashes each, in open addressing over Uint32Arrays (linear
 * probing, at most 80% full, grown by half): 10–15 bytes a key, so the in-file duplicate check
 * of millions of rows stays small (2M keys: 24 MB; a power-of-two table at most half full took 64 MB).
 * The keys are spread over SEGMENTS tables, each grown on its own: a growth holds the old and
 * the new copy of one segment, not of the whole set (a single table held 13 + 20 MB for the
 * moment it grew at 1.34M keys, and the process's peak counts that moment).
 * Two independent hashes make a false match about 1 in 10^7 even at 2M keys; the check is
 * an aid to the user (DUPLICATE_IN_FILE), and the unique indexes remain the real guard.
 */
export class KeySet {
  private tables: Uint32Array[];
  private readonly fill: number[] = new Array<number>(SEGMENTS).fill(0);
  private used = 0;

  constructor(initialCapacity = 1 << 16) {
    this.tables = emptyTables(initialCapacity, 2);
  }

  get size(): number {
    return this.used;
  }

  /** Bytes the tables take. */
  get byteLength(): number {
    return bytesOf(this.tables);
  }

  /**
   * Forgets every key and frees the tables at once. A job's set is cleared when the job ends: the
   * judging thread then waits idle for the next job, and an idle thread's collector does not run,
   * so dropped tables (20 MB at 1M customers) would stay until the next import was well under way.
   */
  clear(): void {
    for (const table of this.tables) releaseMemory(table);
    this.tables = emptyTables(0, 2);
    this.fill.fill(0);
    this.used = 0;
  }

  /** Adds the key; returns false when it was there already. */
  add(key: string): boolean {
    const [a, b] = hashPair(key);
    const s = segmentOf(b);
    if (this.fill[s]! + 1 > (this.tables[s]!.length / 2) * MAX_LOAD) this.grow(s);
    const added = insert(this.tables[s]!, a, b);
    if (added) {
      this.used++;
      this.fill[s]!++;
    }
    return added;
  }

  has(key: string): boolean {
    const [a, b] = hashPair(key);
    const table = this.tables[segmentOf(b)]!;
    const slots = table.length / 2;
    let i = slotOf(a, slots);
    for (;;) {
      const x = table[i * 2]!;
      const y = table[i * 2 + 1]!;
      if (x === 0 && y === 0) return false;
      if (x === a && y === b) return true;
      if (++i === slots) i = 0;
    }
  }

  private grow(s: number): void {
    const old = this.tables[s]!;
    const table = new Uint32Array(grownSlots(old.length / 2) * 2);
    for (let i = 0; i < old.length; i += 2) {
      if (old[i] !== 0 || old[i + 1] !== 0) insert(table, old[i]!, old[i + 1]!);
    }
    this.tables[s] = table;
    releaseMemory(old);
  }
}

/** The tables a set's keys are spread over, by the top bits of their second hash (the first places a key in its table). */
export const SEGMENTS = 64;
export const segmentOf = (b: number): number => b >>> 26;

/** SEGMENTS empty tables of `width` words a slot, `slots` slots in all (at least 4 a table). */
export const emptyTables = (slots: number, width: number): Uint32Array[] =>
  Array.from({ length: SEGMENTS }, () => new Uint32Array(Math.max(4, Math.ceil(slots / SEGMENTS)) * width));

export const bytesOf = (tables: readonly Uint32Array[]): number => tables.reduce((sum, t) => sum + t.byteLength, 0);

/** The share of slots a table fills before it grows: linear probing stays short (about 13 slots for a miss at 80%). */
export const MAX_LOAD = 0.8;

/** Slots after a growth: half as many again, so the old table and the new one together stay small. */
export const grownSlots = (slots: number): number => Math.ceil(slots * 1.5);

/** The home slot of a 32-bit hash in a table of any size (its high bits scaled, no power of two needed). */
export const slotOf = (hash: number, slots: number): number => Math.floor((hash / 4294967296) * slots);

const insert = (table: Uint32Array, a: number, b: number): boolean => {
  const slots = table.length / 2;
  let i = slotOf(a, slots);
  for (;;) {
    const x = table[i * 2]!;
    const y = table[i * 2 + 1]!;
    if (x === 0 && y === 0) {
      table[i * 2] = a;
      table[i * 2 + 1] = b;
      return true;
    }
    if (x === a && y === b) return false;
    if (++i === slots) i = 0;
  }
};

/** FNV-1a and a multiplicative variant over UTF-16 code units; b is never 0 so (0,0) marks empty. */
export const hashPair = (key: string): [number, number] => {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  a ^= a >>> 16;
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  return [a >>> 0, (b | 1) >>> 0];
};
