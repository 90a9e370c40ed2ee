import fs from "node:fs";
import pg from "pg";

const TICKS_PER_S = 100; // USER_HZ on Linux

/** CPU time (user + system) a process has used, in ms, from /proc/<pid>/stat; null when it is gone. */
export const readProcCpuMs = (pid: number): number | null => {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // the command name may hold spaces: the fields after it start past the last ')'
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_S;
  } catch {
    return null;
  }
};

/**
 * CPU time of a process and of the PostgreSQL backends serving one database (all of them run on
 * this machine): on a shared machine a call's CPU time says more than its wall time, which
 * waits whenever another process holds the core.
 */
export class CpuMeter {
  private start: { api: number; backends: Map<number, number> } = { api: 0, backends: new Map() };

  constructor(
    private readonly apiPid: number,
    private readonly databaseUrl: string,
  ) {}

  private async backendPids(): Promise<number[]> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ pid: number }>(
        `select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`,
      );
      return rows.map((r) => r.pid);
    } finally {
      await client.end();
    }
  }

  private async read(): Promise<{ api: number; backends: Map<number, number> }> {
    const backends = new Map<number, number>();
    for (const pid of await this.backendPids()) backends.set(pid, readProcCpuMs(pid) ?? 0);
    return { api: readProcCpuMs(this.apiPid) ?? 0, backends };
  }

  async begin(): Promise<void> {
    this.start = await this.read();
  }

  /** CPU ms used since begin() by the API process and by the database's backends (a backend opened since counts whole). */
  async end(): Promise<{ apiMs: number; databaseMs: number }> {
    const now = await this.read();
    let databaseMs = 0;
    for (const [pid, ms] of now.backends) databaseMs += ms - (this.start.backends.get(pid) ?? 0);
    return { apiMs: now.api - this.start.api, databaseMs };
  }
}

/** The PostgreSQL backends serving one database, by their process title ("postgres: <cluster>: <user> <database> <host> <state>"). */
const backendPidsOf = (database: string): number[] => {
  const pids: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (title.startsWith("postgres:") && title.includes(` ${database} `)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
};

/**
 * CPU time of one process (all its threads) and of the PostgreSQL backends of one database over
 * an interval, sampled every `intervalMs` from /proc, so a backend that ends before the interval
 * does (a pool closing an idle connection) still counts, up to its last sample. A backend that
 * starts within the interval counts whole. Needs the database server on this machine.
 */
export class ProcessCpuSampler {
  private processStart = 0;
  private processLast = 0;
  private readonly backends = new Map<number, { first: number; last: number }>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly pid: number,
    private readonly database: string,
    private readonly intervalMs = 200,
  ) {}

  private sample(initial: boolean): void {
    this.processLast = readProcCpuMs(this.pid) ?? this.processLast;
    for (const pid of backendPidsOf(this.database)) {
      const ms = readProcCpuMs(pid);
      if (ms === null) continue;
      const seen = this.backends.get(pid);
      if (seen) seen.last = ms;
      else this.backends.set(pid, { first: initial ? ms : 0, last: ms });
    }
  }

  start(): void {
    this.sample(true);
    this.processStart = this.processLast;
    this.timer = setInterval(() => this.sample(false), this.intervalMs);
  }

  /** CPU ms since start() of the process and of the database's backends. */
  stop(): { processMs: number; databaseMs: number } {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sample(false);
    let databaseMs = 0;
    for (const b of this.backends.values()) databaseMs += b.last - b.first;
    return { processMs: this.processLast - this.processStart, databaseMs };
  }
}
