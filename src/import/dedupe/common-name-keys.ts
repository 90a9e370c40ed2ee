/**
 * Name keys that the possible-duplicate check recently found too common to flag by (MAX_BLOCK or
 * more other customers share them), per workspace, so the check does not probe them again for a
 * while. Probing such a key reads MAX_BLOCK customers only to drop them: on the bench's 1M
 * customers, whose names repeat (2,511 name keys), that was about 26,000 buffer reads and 35 ms
 * of PostgreSQL for every batch of 1,000 new rows, each row's phone still probed.
 *
 * A block grows with every customer written and shrinks only by deletes and merges, so a key is
 * remembered for `ttlMs` (a minute): after a block falls under the limit, rows with its key may go
 * unflagged for at most that long (duplicateCandidates, scored from the table, still lists them).
 * At most `maxPerWorkspace` keys a workspace, so the list sent with each batch stays small.
 */
export class CommonNameKeys {
  private readonly byWorkspace = new Map<string, Map<string, number>>();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly maxPerWorkspace = 10_000,
    private readonly maxWorkspaces = 1_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The workspace's keys not to probe, the expired ones dropped. */
  known(workspaceId: string): string[] {
    const keys = this.byWorkspace.get(workspaceId);
    if (!keys) return [];
    const at = this.now();
    const out: string[] = [];
    for (const [key, until] of keys) {
      if (until > at) out.push(key);
      else keys.delete(key);
    }
    if (keys.size === 0) this.byWorkspace.delete(workspaceId);
    return out;
  }

  /** Remembers keys the check just found common; past the limits, the oldest workspace's or key's entries go first. */
  add(workspaceId: string, found: readonly string[]): void {
    if (found.length === 0) return;
    let keys = this.byWorkspace.get(workspaceId);
    if (!keys) {
      if (this.byWorkspace.size >= this.maxWorkspaces) this.byWorkspace.delete(this.byWorkspace.keys().next().value!);
      keys = new Map();
      this.byWorkspace.set(workspaceId, keys);
    }
    const until = this.now() + this.ttlMs;
    for (const key of found) {
      keys.delete(key);
      keys.set(key, until);
      if (keys.size > this.maxPerWorkspace) keys.delete(keys.keys().next().value!);
    }
  }
}

/** The process's list, shared by every import and bulk call it writes. */
export const commonNameKeys = new CommonNameKeys();
