import { hashPair, SegmentedTables, slotOf } from "./key-set.js";

/**
 * Counts how often each string was seen, kept like KeySet as two 32-bit hashes per key (plus
 * the count) in open addressing over Uint32Arrays, spread over segments grown one at a time,
 * like KeySet's: 15–23 bytes a key, so numbering the identical rows of a file of millions stays
 * small. A false match (about 1 in 10^7 at 2M keys) only shifts a row's number, and the same file
 * shifts it the same way every time.
 */
export class KeyCounter {
  private readonly tables: SegmentedTables;

  constructor(initialCapacity = 1 << 12) {
    this.tables = new SegmentedTables(3, moveCounts, initialCapacity);
  }

  get size(): number {
    return this.tables.size;
  }

  /** Bytes the tables take. */
  get byteLength(): number {
    return this.tables.byteLength;
  }

  /** Forgets every key and frees the tables at once, as KeySet.clear() does. */
  clear(): void {
    this.tables.clear();
  }

  /** Counts one more of the key and returns its count so far: 1 the first time. */
  next(key: string): number {
    const [a, b] = hashPair(key);
    const table = this.tables.tableForNew(b);
    const slot = find(table, a, b);
    if (table[slot + 2] === 0) {
      table[slot] = a;
      table[slot + 1] = b;
      this.tables.added(b);
    }
    return ++table[slot + 2]!;
  }
}

const moveCounts = (from: Uint32Array, to: Uint32Array): void => {
  for (let i = 0; i < from.length; i += 3) {
    if (from[i + 2] !== 0) to.set(from.subarray(i, i + 3), find(to, from[i]!, from[i + 1]!));
  }
};

/** The slot of (a, b): where it is, or the empty one where it goes (a count of 0 marks empty). */
const find = (table: Uint32Array, a: number, b: number): number => {
  const slots = table.length / 3;
  let i = slotOf(a, slots);
  for (;;) {
    const at = i * 3;
    if (table[at + 2] === 0 || (table[at] === a && table[at + 1] === b)) return at;
    if (++i === slots) i = 0;
  }
};
