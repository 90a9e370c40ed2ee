/** Distinct keys remembered at most; past that (a file with ever new names) keys are just built. */
const MAX_KEYS = 10_000;

/**
 * Builds dotted source names (`address.city`) once per file instead of once per record. Every
 * record repeats the same names, and reusing one string as a property key saves concatenating
 * and interning it again: it makes flattening about twice as fast.
 */
export class PathKeyCache {
  private readonly byPath = new Map<string, Map<string, string>>();
  private size = 0;

  /** @param marker put before each name: "@" for XML attributes. */
  constructor(private readonly marker = "") {}

  /** `name` under `path`: "address" + "city" → "address.city"; "" + "city" → "city". */
  join(path: string, name: string): string {
    let names = this.byPath.get(path);
    const known = names?.get(name);
    if (known !== undefined) return known;
    const key = path === "" ? `${this.marker}${name}` : `${path}.${this.marker}${name}`;
    if (this.size >= MAX_KEYS) return key;
    if (names === undefined) this.byPath.set(path, (names = new Map()));
    names.set(name, key);
    this.size++;
    return key;
  }
}
