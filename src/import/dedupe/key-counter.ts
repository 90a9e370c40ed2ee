import { hashPair } from "./key-set.js";

/**
 * Counts how often each string was seen, kept like KeySet as two 32-bit hashes per key (plus
 * the count) in open addressing over one Uint32Array: about 24 bytes a key, so numbering the
 * identical rows of a file of millions stays small. A false match (about 1 in 10^7 at 2M keys)
 * only shifts a row's number, and the same file shifts it the same way every time.
 */
export class KeyCounter {
  private table: Uint32Array;
  private used = 0;

  constructor(initialCapacity = 1 << 12) {
    let capacity = 16;
    while (capacity < initialCapacity) capacity <<= 1;
    this.table = new Uint32Array(capacity * 3);
  }

  get size(): number {
    return this.used;
  }

  /** Counts one more of the key and returns its count so far: 1 the first time. */
  next(key: string): number {
    const [a, b] = hashPair(key);
    if ((this.used + 1) * 2 > this.table.length / 3) this.grow();
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
    this.table = new Uint32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 3) {
      if (old[i + 2] === 0) continue;
      const slot = find(this.table, old[i]!, old[i + 1]!);
      this.table.set(old.subarray(i, i + 3), slot);
    }
  }
}

/** The slot of (a, b): where it is, or the empty one where it goes (a count of 0 marks empty). */
const find = (table: Uint32Array, a: number, b: number): number => {
  const slots = table.length / 3;
  let i = a & (slots - 1);
  for (;;) {
    const at = i * 3;
    if (table[at + 2] === 0 || (table[at] === a && table[at + 1] === b)) return at;
    i = (i + 1) & (slots - 1);
  }
};
