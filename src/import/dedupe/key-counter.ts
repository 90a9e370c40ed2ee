import { releaseMemory } from "../../common/release-memory.js";
import { grownSlots, hashPair, MAX_LOAD, slotOf } from "./key-set.js";

/**
 * Counts how often each string was seen, kept like KeySet as two 32-bit hashes per key (plus
 * the count) in open addressing over one Uint32Array like KeySet's: 15–23 bytes a key, so numbering the
 * identical rows of a file of millions stays small. A false match (about 1 in 10^7 at 2M keys)
 * only shifts a row's number, and the same file shifts it the same way every time.
 */
export class KeyCounter {
  private table: Uint32Array;
  private used = 0;

  constructor(initialCapacity = 1 << 12) {
    this.table = new Uint32Array(Math.max(16, Math.ceil(initialCapacity)) * 3);
  }

  get size(): number {
    return this.used;
  }

  /** Bytes the table takes. */
  get byteLength(): number {
    return this.table.byteLength;
  }

  /** Counts one more of the key and returns its count so far: 1 the first time. */
  next(key: string): number {
    const [a, b] = hashPair(key);
    if (this.used + 1 > (this.table.length / 3) * MAX_LOAD) this.grow();
    const slot = find(this.table, a, b);
    if (this.table[slot + 2] === 0) {
      this.table[slot] = a;
      this.table[slot + 1] = b;
      this.used++;
    }
    return ++this.table[slot + 2]!;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Uint32Array(grownSlots(old.length / 3) * 3);
    for (let i = 0; i < old.length; i += 3) {
      if (old[i + 2] === 0) continue;
      const slot = find(this.table, old[i]!, old[i + 1]!);
      this.table.set(old.subarray(i, i + 3), slot);
    }
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
