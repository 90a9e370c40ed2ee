/**
 * IMPORT_MAX_ROWS_PER_SECOND: a token bucket shared by the import loops of one process. Each
 * committed batch takes its rows; once the bucket is in debt, the next batch waits until the
 * debt is paid back at the configured rate. The bucket holds at most one second of rows, so an
 * idle spell lets the next batch start at once but never lets the average run above the rate.
 * (A dozen lines of arithmetic; no library in package.json paces by a count per commit.)
 */
export interface PaceClock {
  /** Milliseconds, monotonic. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: PaceClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

const SLICE_MS = 250;

export class RowPace {
  private tokens: number;
  private at: number;

  constructor(
    private readonly rowsPerSecond: number,
    private readonly clock: PaceClock = systemClock,
  ) {
    if (!(rowsPerSecond > 0)) throw new Error("rowsPerSecond must be positive");
    this.tokens = rowsPerSecond;
    this.at = clock.now();
  }

  /** Takes `rows` and returns how many milliseconds the caller should wait before its next batch (0: none). */
  take(rows: number): number {
    const now = this.clock.now();
    this.tokens = Math.min(this.rowsPerSecond, this.tokens + ((now - this.at) / 1000) * this.rowsPerSecond);
    this.at = now;
    this.tokens -= rows;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.rowsPerSecond) * 1000);
  }

  /** Takes `rows` and waits out the debt, if any, in slices so that `stop()` (the process is shutting down) ends the wait. */
  async after(rows: number, stop: () => boolean = () => false): Promise<void> {
    for (let wait = this.take(rows); wait > 0 && !stop(); wait -= SLICE_MS) await this.clock.sleep(Math.min(wait, SLICE_MS));
  }
}

/** The pace of IMPORT_MAX_ROWS_PER_SECOND; none when it is 0 (unlimited). */
export const rowPaceOf = (rowsPerSecond: number, clock?: PaceClock): RowPace | null => (rowsPerSecond > 0 ? new RowPace(rowsPerSecond, clock) : null);
