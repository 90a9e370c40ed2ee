import pg from "pg";

export interface ActivityEntry {
  /** The statement's first words (or the session state when it runs none). */
  readonly what: string;
  readonly samples: number;
  readonly percent: number;
}

export interface ActivitySummary {
  readonly samples: number;
  readonly intervalMs: number;
  readonly entries: readonly ActivityEntry[];
}

const SAMPLE_SQL = `select state, wait_event_type, wait_event, left(regexp_replace(query, '\\s+', ' ', 'g'), 90) as query
  from pg_stat_activity
 where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend' and state <> 'idle'`;

/**
 * A statistical profile of the database side: what the bench database's sessions are doing,
 * sampled from pg_stat_activity. "idle in transaction" means PostgreSQL waits for the client
 * (the worker is cleaning rows between statements of its batch transaction).
 */
export class PgActivitySampler {
  private readonly counts = new Map<string, number>();
  private samples = 0;
  private running = false;
  private loop: Promise<void> | null = null;
  private client: pg.Client | null = null;

  constructor(
    private readonly databaseUrl: string,
    private readonly intervalMs = 50,
  ) {}

  async start(): Promise<void> {
    this.client = new pg.Client({ connectionString: this.databaseUrl });
    await this.client.connect();
    this.running = true;
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    while (this.running) {
      const { rows } = await this.client!.query<{ state: string; wait_event_type: string | null; wait_event: string | null; query: string }>(SAMPLE_SQL);
      this.samples++;
      for (const r of rows) {
        const what = r.state === "active" ? `${r.query}${r.wait_event_type ? ` [wait ${r.wait_event_type}:${r.wait_event}]` : ""}` : `(${r.state})`;
        this.counts.set(what, (this.counts.get(what) ?? 0) + 1);
      }
      await new Promise((resolve) => setTimeout(resolve, this.intervalMs));
    }
  }

  async stop(count = 12): Promise<ActivitySummary> {
    this.running = false;
    await this.loop;
    await this.client?.end();
    const entries = [...this.counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([what, samples]) => ({
        what,
        samples,
        percent: Math.round((samples / Math.max(1, this.samples)) * 1000) / 10,
      }));
    return { samples: this.samples, intervalMs: this.intervalMs, entries };
  }
}
