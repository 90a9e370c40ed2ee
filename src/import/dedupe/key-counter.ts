import { releaseMemory } from "../../common/release-memory.js";
import { bytesOf, emptyTables, grownSlots, hashPair, MAX_LOAD, SEGMENTS, segmentOf, slotOf } from "./key-set.js";

/**
 * Counts how often each string was seen, kept like KeySet as two 32-bit hashes per key (plus
 * the count) in open addressing over Uint32Arrays, spread over segments grown one at a time,
 * like KeySet's: 15–23 bytes a key, so numbering the identical rows of a file of millions stays
 * small. A false match (about 1 in 10^7 at 2M keys) only shifts a row's number, and the same file
 * shifts it the same way every time.
 */
export class KeyCounter {
  private tables: Uint32Array[];
  private readonly fill: number[] = new Array<number>(SEGMENTS).fill(0);
  private used = 0;

  constructor(initialCapacity = 1 << 12) {
    this.tables = emptyTables(initialCapacity, 3);
  }

  get size(): number {
    return this.used;
  }

  /** Bytes the tables take. */
  get byteLength(): number {
    return bytesOf(this.tables);
  }

  /** Forgets every key and frees the tables at once, as KeySet.clear() does. */
  clear(): void {
    for (const table of this.tables) releaseMemory(table);
    this.tables = emptyTables(0, 3);
    this.fill.fill(0);
    this.used = 0;
  }

  /** Counts one more of the key and returns its count so far: 1 the first time. */
  next(key: string): number {
    const [a, b] = hashPair(key);
    const s = segmentOf(b);
    if (this.fill[s]! + 1 > (this.tables[s]!.length / 3) * MAX_LOAD) this.grow(s);
    const table = this.tables[s]!;
    const slot = find(table, a, b);
    if (table[slot + 2] === 0) {
      table[slot] = a;
      table[slot + 1] = b;
      this.used++;
      this.fill[s]!++;
    }
    return ++table[slot + 2]!;
  }

  private grow(s: number): void {
    const old = this.tables[s]!;
    const table = new Uint32Array(grownSlots(old.length / 3) * 3);
    for (let i = 0; i < old.length; i += 3) {
      if (old[i + 2] === 0) continue;
      table.set(old.subarray(i, i + 3), find(table, old[i]!, old[i + 1]!));
    }
    this.tables[s] = table;
    releaseMemory(old);
  }
}

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
