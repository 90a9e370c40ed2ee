import { releaseMemory } from "../../common/release-memory.js";

/**
 * A set of strings kept as two 32-bit hashes each, in open addressing over Uint32Arrays (linear
 * probing, at most 80% full, grown by half): 10–15 bytes a key, so the in-file duplicate check
 * of millions of rows stays small (2M keys: 24 MB; a power-of-two table at most half full took 64 MB).
 * The keys are spread over SEGMENTS tables, each grown on its own: a growth holds the old and
 * the new copy of one segment, not of the whole set (a single table held 13 + 20 MB for the
 * moment it grew at 1.34M keys, and the process's peak counts that moment); SEGMENTS says why
 * there are 8.
 * Two independent hashes make a false match about 1 in 10^7 even at 2M keys; the check is
 * an aid to the user (DUPLICATE_IN_FILE), and the unique indexes remain the real guard.
 */
export class KeySet {
  private readonly tables: SegmentedTables;

  constructor(initialCapacity = 1 << 16) {
    this.tables = new SegmentedTables(2, movePairs, initialCapacity);
  }

  get size(): number {
    return this.tables.size;
  }

  /** Bytes the tables take. */
  get byteLength(): number {
    return this.tables.byteLength;
  }

  /**
   * Forgets every key and frees the tables at once. A job's set is cleared when the job ends: the
   * judging thread then waits idle for the next job, and an idle thread's collector does not run,
   * so dropped tables (20 MB at 1M customers) would stay until the next import was well under way.
   */
  clear(): void {
    this.tables.clear();
  }

  /** Adds the key; returns false when it was there already. */
  add(key: string): boolean {
    const [a, b] = hashPair(key);
    const added = insert(this.tables.tableForNew(b), a, b);
    if (added) this.tables.added(b);
    return added;
  }

  has(key: string): boolean {
    const [a, b] = hashPair(key);
    const table = this.tables.tableOf(b);
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
}

/**
 * The tables a set's keys are spread over, by the top bits of their second hash (the first places a
 * key in its table). 8, not more, so that a large set's tables are blocks of 1 MiB or more: the
 * worker's mmap threshold (`MALLOC_MMAP_THRESHOLD_=1048576`), above which glibc maps a block on its
 * own and unmaps it when it is freed. A 1M-customer import's set (2M keys) takes 19 MB: 8 tables
 * of 2.4 MiB, and the two generations before them were 1.6 and 1.1 MiB. With 64 tables of 300 KB,
 * every outgrown table and, when the job ended, the whole set were freed into the judging
 * thread's malloc arena, where they stayed resident between imports: 21 of the arena's 28 MB were
 * free after a 1M-row import (malloc_stats). A growth holds two copies of an 8th of the set
 * (1.6 + 2.4 MiB at 2M keys).
 */
export const SEGMENTS = 8;
const segmentOf = (b: number): number => b >>> 29;

/**
 * The tables of a KeySet or a KeyCounter: SEGMENTS open-addressing tables of `width` words a
 * slot (the key's two hashes first), each grown by half on its own once a new key would fill it
 * past MAX_LOAD, the outgrown one freed at once. `move` puts every key of an outgrown table into
 * its successor.
 */
export class SegmentedTables {
  private tables: Uint32Array[] = [];
  private readonly fill: number[] = new Array<number>(SEGMENTS).fill(0);

  constructor(
    private readonly width: number,
    private readonly move: (from: Uint32Array, to: Uint32Array) => void,
    slots: number,
  ) {
    this.reset(slots);
  }

  /** Keys in all the tables. */
  get size(): number {
    return this.fill.reduce((sum, n) => sum + n, 0);
  }

  get byteLength(): number {
    return this.tables.reduce((sum, t) => sum + t.byteLength, 0);
  }

  /** Empty tables for `slots` slots in all (at least 4 a table). */
  private reset(slots: number): void {
    this.tables = Array.from({ length: SEGMENTS }, () => new Uint32Array(Math.max(4, Math.ceil(slots / SEGMENTS)) * this.width));
    this.fill.fill(0);
  }

  /** Frees every table at once and starts again empty. */
  clear(): void {
    for (const table of this.tables) releaseMemory(table);
    this.reset(0);
  }

  /** The table of the keys whose second hash is b. */
  tableOf(b: number): Uint32Array {
    return this.tables[segmentOf(b)]!;
  }

  /** The table a key whose second hash is b goes in, grown first when one more key would fill it past MAX_LOAD. */
  tableForNew(b: number): Uint32Array {
    const s = segmentOf(b);
    const old = this.tables[s]!;
    if (this.fill[s]! + 1 <= (old.length / this.width) * MAX_LOAD) return old;
    const table = new Uint32Array(grownSlots(old.length / this.width) * this.width);
    this.move(old, table);
    this.tables[s] = table;
    releaseMemory(old);
    return table;
  }

  /** Counts a key added to the table of b. */
  added(b: number): void {
    this.fill[segmentOf(b)]!++;
  }
}

const movePairs = (from: Uint32Array, to: Uint32Array): void => {
  for (let i = 0; i < from.length; i += 2) {
    if (from[i] !== 0 || from[i + 1] !== 0) insert(to, from[i]!, from[i + 1]!);
  }
};

/** The share of slots a table fills before it grows: linear probing stays short (about 13 slots for a miss at 80%). */
const MAX_LOAD = 0.8;

/** Slots after a growth: half as many again, so the old table and the new one together stay small. */
const grownSlots = (slots: number): number => Math.ceil(slots * 1.5);

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
