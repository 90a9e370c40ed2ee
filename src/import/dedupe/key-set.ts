/**
 * A set of strings kept as two 32-bit hashes each, in open addressing over one Uint32Array:
 * about 16 bytes a key, so the in-file duplicate check of millions of rows stays small.
 * Two independent hashes make a false match about 1 in 10^7 even at 2M keys; the check is
 * an aid to the user (DUPLICATE_IN_FILE), and the unique indexes remain the real guard.
 */
export class KeySet {
  private table: Uint32Array;
  private used = 0;

  constructor(initialCapacity = 1 << 16) {
    let capacity = 16;
    while (capacity < initialCapacity) capacity <<= 1;
    this.table = new Uint32Array(capacity * 2);
  }

  get size(): number {
    return this.used;
  }

  /** Adds the key; returns false when it was there already. */
  add(key: string): boolean {
    const [a, b] = hashPair(key);
    if ((this.used + 1) * 2 > this.table.length / 2) this.grow();
    const added = insert(this.table, a, b);
    if (added) this.used++;
    return added;
  }

  has(key: string): boolean {
    const [a, b] = hashPair(key);
    const slots = this.table.length / 2;
    let i = a & (slots - 1);
    for (;;) {
      const x = this.table[i * 2]!;
      const y = this.table[i * 2 + 1]!;
      if (x === 0 && y === 0) return false;
      if (x === a && y === b) return true;
      i = (i + 1) & (slots - 1);
    }
  }

  private grow(): void {
    const old = this.table;
    this.table = new Uint32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 2) {
      if (old[i] !== 0 || old[i + 1] !== 0) insert(this.table, old[i]!, old[i + 1]!);
    }
  }
}

const insert = (table: Uint32Array, a: number, b: number): boolean => {
  const slots = table.length / 2;
  let i = a & (slots - 1);
  for (;;) {
    const x = table[i * 2]!;
    const y = table[i * 2 + 1]!;
    if (x === 0 && y === 0) {
      table[i * 2] = a;
      table[i * 2 + 1] = b;
      return true;
    }
    if (x === a && y === b) return false;
    i = (i + 1) & (slots - 1);
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
