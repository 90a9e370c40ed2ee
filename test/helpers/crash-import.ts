import pg from "pg";
import { expect } from "vitest";
import { createRng, type Rng } from "../../bench/prng.js";
import { rowIdOfOrThrow } from "../../src/common/global-id.js";
import { walkPages } from "./seed.js";
import { ADMIN_DATABASE_URL, type TestServer, type TestWorkspace, withDatabase } from "./test-server.js";
import { expectCountsAddUp, waitForJob } from "./upload.js";
import { exited, spawnWorker } from "./worker-process.js";

/** A customer file with known answers: unique rows, late repeats of earlier rows, and bad rows. */
export interface CrashFile {
  readonly name: string;
  readonly csv: string;
  readonly rows: number;
  readonly inserted: number;
  readonly skipped: number;
  readonly failed: number;
  /** Row number to the one error code it must be reported with. */
  readonly badRows: ReadonlyMap<number, string>;
  /** The externalIds the import must leave in the workspace, each once. */
  readonly externalIds: readonly string[];
}

/**
 * `rows` records. About one in 300 is invalid (a bad email or a bad phone: one problem each);
 * about one in 250 of the second half repeats a row of the first half, so most repeats come
 * after a crash that committed their first occurrence.
 */
export const crashImportFile = (seed: number, rows = 50_000): CrashFile => {
  const rng = createRng(seed);
  const lines = ["id,first_name,email,phone"];
  const valid: string[] = [];
  const badRows = new Map<number, string>();
  const externalIds: string[] = [];
  let skipped = 0;
  for (let row = 1; row <= rows; row++) {
    if (row > rows / 2 && rng.chance(1 / 250)) {
      lines.push(valid[rng.int(Math.min(valid.length, rows / 2))]!);
      badRows.set(row, "DUPLICATE_IN_FILE");
      skipped++;
    } else if (rng.chance(1 / 300)) {
      const email = rng.chance(0.5);
      lines.push(`bad${row},Bad ${row},${email ? "not-an-email" : `bad${row}@example.com`},${email ? "" : "12"}`);
      badRows.set(row, email ? "INVALID_EMAIL" : "INVALID_PHONE");
    } else {
      const line = `c${row},Name ${row},c${row}@example.com,`;
      lines.push(line);
      valid.push(line);
      externalIds.push(`c${row}`);
    }
  }
  return {
    name: `crash-${seed}.csv`,
    csv: lines.join("\n") + "\n",
    rows,
    inserted: externalIds.length,
    skipped,
    failed: badRows.size - skipped,
    badRows,
    externalIds,
  };
};

export interface JobSample {
  readonly status: string;
  readonly processedRows: number;
  readonly progress: number;
  readonly counted: number;
}

/** Samples the job through the API until stopped: what a client watching it would see. */
export const sampleJob = (t: TestServer, key: string, jobId: string, everyMs = 25) => {
  const samples: JobSample[] = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const { body } = await t.gql(
        key,
        `query ($id: ID!) { importJob(id: $id) {
        status processedRows progress insertedCount updatedCount unchangedCount skippedCount failedCount } }`,
        { id: jobId },
      );
      const j = body.data?.importJob;
      if (j) {
        samples.push({
          status: j.status,
          processedRows: j.processedRows,
          progress: j.progress,
          counted: j.insertedCount + j.updatedCount + j.unchangedCount + j.skippedCount + j.failedCount,
        });
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    samples,
    stop: async () => {
      running = false;
      await done;
      return samples;
    },
  };
};

/** Every sample's counters are at least the previous one's. */
export const expectNeverBackwards = (samples: readonly JobSample[]): void => {
  for (let i = 1; i < samples.length; i++) {
    const [a, b] = [samples[i - 1]!, samples[i]!];
    const at = `sample ${i}: ${JSON.stringify(a)} then ${JSON.stringify(b)}`;
    expect(b.processedRows, at).toBeGreaterThanOrEqual(a.processedRows);
    expect(b.counted, at).toBeGreaterThanOrEqual(a.counted);
    expect(b.progress, at).toBeGreaterThanOrEqual(a.progress);
  }
};

/** The finished job and the workspace hold exactly what the file says: nothing lost, nothing twice. */
export const expectExactImport = async (t: TestServer, ws: TestWorkspace, jobId: string, file: CrashFile): Promise<void> => {
  const job = await waitForJob(t, ws.keys.VIEWER, jobId, 10_000);
  expect(job).toMatchObject({
    status: "COMPLETED",
    processedRows: file.rows,
    totalRows: file.rows,
    insertedCount: file.inserted,
    updatedCount: 0,
    unchangedCount: 0,
    skippedCount: file.skipped,
    failedCount: file.failed,
    progress: 1,
  });
  expect(expectCountsAddUp(job)).toBe(true);

  const stats = await t.server.db.sql.query<{ n: string; d: string }>(
    "select count(*) as n, count(distinct external_id) as d from customer where workspace_id = $1",
    [ws.id],
  );
  expect(Number(stats[0]!.n)).toBe(file.inserted);
  expect(Number(stats[0]!.d)).toBe(file.inserted);
  const stored = await t.server.db.sql.query<{ external_id: string }>("select external_id from customer where workspace_id = $1 order by external_id", [ws.id]);
  expect(stored.map((r) => r.external_id)).toEqual([...file.externalIds].sort());

  const { edges } = await walkPages<{ node: { row: number; code: string } }>(async (after) => {
    const { body } = await t.gql(
      ws.keys.VIEWER,
      `query ($id: ID!, $after: String) { importJob(id: $id) {
      errors(first: 1000, after: $after) { edges { node { row code } } pageInfo { hasNextPage endCursor } } } }`,
      { id: jobId, after },
    );
    return body.data.importJob.errors;
  });
  const reported = edges.map((e) => [e.node.row, e.node.code] as const).sort((a, b) => a[0] - b[0]);
  const expected = [...file.badRows].sort((a, b) => a[0] - b[0]);
  expect(reported.length).toBe(expected.length);
  expect(reported).toEqual(expected);
};

export type KillMode = "after-claim" | "after-progress" | "in-transaction";

/**
 * Where to kill a worker: a delay after it claims the job; a delay after the job passes a row
 * count; or, past that count, the moment its batch transaction has written (not yet committed).
 */
export interface KillPoint {
  readonly mode: KillMode;
  readonly threshold: number;
  readonly delayMs: number;
}

/**
 * `count` kill points spread over the file: each takes a random threshold in its own slice of
 * the first 85% of the rows (so the job never finishes before the last kill), and a random delay.
 */
export const planKillPoints = (rng: Rng, count: number, rows: number): KillPoint[] => {
  const from = 1000;
  const slice = (rows * 0.85 - from) / count;
  return Array.from({ length: count }, (_, i) => {
    const roll = rng.next();
    const mode: KillMode = roll < 0.25 ? "after-claim" : roll < 0.6 ? "in-transaction" : "after-progress";
    const threshold = Math.floor(from + slice * i + rng.next() * slice);
    if (mode === "after-claim") return { mode, threshold: 0, delayMs: rng.between(0, 600) };
    return { mode, threshold, delayMs: mode === "in-transaction" ? 0 : rng.between(0, 120) };
  });
};

export interface JobState {
  readonly status: string;
  readonly processed_rows: number;
  readonly lease_owner: string | null;
  readonly attempts: number;
}

/** The job's row as the workers see it; `jobId` is the GraphQL id. */
export const jobState = async (t: TestServer, jobId: string): Promise<JobState> =>
  (
    await t.server.db.sql.query<JobState>("select status, processed_rows, lease_owner, attempts from import_job where id = $1", [
      rowIdOfOrThrow(jobId, "ImportJob"),
    ])
  )[0]!;

const LIVE = ["QUEUED", "RUNNING"];

/** Polls the job row every few milliseconds until `check` holds. */
export const waitForJobState = async (t: TestServer, jobId: string, what: string, check: (s: JobState) => boolean, timeoutMs = 60_000): Promise<JobState> => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const s = await jobState(t, jobId);
    if (check(s)) return s;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** A worker process holds the job: its id embeds the pid (see newWorkerId). */
export const heldBy =
  (pid: number) =>
  (s: JobState): boolean =>
    s.status === "RUNNING" && (s.lease_owner ?? "").split(":")[1] === String(pid);

export interface KillRecord {
  readonly point: KillPoint;
  readonly processedAtKill: number;
}

/** Waits until a connection with this application_name is inside a transaction that has written. */
const waitForOpenWrite = async (t: TestServer, appName: string, timeoutMs = 60_000): Promise<void> => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const rows = await t.server.db.sql.query("select 1 from pg_stat_activity where application_name = $1 and backend_xid is not null", [appName]);
    if (rows.length > 0) return;
    if (Date.now() > until) throw new Error(`no open write transaction from ${appName}`);
    await new Promise((r) => setTimeout(r, 2));
  }
};

/**
 * What was committed adds up at every moment, crash or not: the workspace holds as many
 * customers as the job counts inserted, one stored error per row not written, and the
 * cursor sits on the last row counted.
 */
export const expectCommittedStateConsistent = async (t: TestServer, jobId: string): Promise<void> => {
  const [row] = await t.server.db.sql.query<Record<string, string | number>>(
    `select j.processed_rows, j.cursor_row, j.inserted_count, j.skipped_count + j.failed_count as not_written,
            (select count(*) from customer c where c.workspace_id = j.workspace_id) as customers,
            (select count(*) from import_row_error e where e.job_id = j.id) as errors
       from import_job j where j.id = $1`,
    [rowIdOfOrThrow(jobId, "ImportJob")],
  );
  const n = Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, Number(v)]));
  expect(n.cursor_row, JSON.stringify(n)).toBe(n.processed_rows);
  expect(n.customers, JSON.stringify(n)).toBe(n.inserted_count);
  expect(n.errors, JSON.stringify(n)).toBe(n.not_written);
};

/**
 * Runs worker processes on the job, SIGKILLing each at its kill point and starting a fresh one,
 * until the job reaches a terminal status; the last worker ends with SIGTERM. After each kill
 * the committed state must add up. Returns the kills that landed while the job still ran.
 */
export const runKillLoop = async (t: TestServer, jobId: string, points: readonly KillPoint[]): Promise<KillRecord[]> => {
  let started = 0;
  const start = () => {
    const appName = `crm-crash-worker-${process.pid}-${++started}`;
    return { appName, child: spawnWorker(t.databaseUrl, { LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "fatal", PGAPPNAME: appName }) };
  };
  const kills: KillRecord[] = [];
  let worker = start();
  try {
    for (const point of points) {
      const pid = worker.child.pid!;
      await waitForJobState(t, jobId, `worker ${pid} to claim the job`, heldBy(pid));
      if (point.mode !== "after-claim") {
        await waitForJobState(t, jobId, `row ${point.threshold}`, (s) => s.processed_rows >= point.threshold || !LIVE.includes(s.status));
      }
      if (point.mode === "in-transaction") await waitForOpenWrite(t, worker.appName);
      await new Promise((r) => setTimeout(r, point.delayMs));
      worker.child.kill("SIGKILL");
      await exited(worker.child);
      const s = await jobState(t, jobId);
      if (!LIVE.includes(s.status)) break;
      await expectCommittedStateConsistent(t, jobId);
      kills.push({ point, processedAtKill: s.processed_rows });
      worker = start();
    }
    await waitForJobState(t, jobId, "the job to finish", (s) => !LIVE.includes(s.status), 120_000);
  } finally {
    if (worker.child.exitCode === null && worker.child.signalCode === null) {
      worker.child.kill("SIGTERM");
      await exited(worker.child);
    }
  }
  return kills;
};

/** A connection to the server's admin database: terminating the test database's connections never hits it. */
export const adminClient = async (): Promise<pg.Client> => {
  const client = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  return client;
};

export const databaseOf = (url: string): string => decodeURIComponent(new URL(url).pathname.slice(1));

const tableOids = new Map<string, number[]>();

/**
 * The oids of the record tables in that database (pg_locks names tables by oid; pg_class is per
 * database), looked up once: call it before the database refuses connections.
 */
export const recordTableOids = async (database: string): Promise<number[]> => {
  const known = tableOids.get(database);
  if (known) return known;
  const client = new pg.Client({ connectionString: withDatabase(ADMIN_DATABASE_URL, database) });
  await client.connect();
  try {
    const { rows } = await client.query<{ oid: number }>(
      "select oid::int as oid from pg_class where relkind = 'r' and relname in ('customer', 'interaction', 'transaction') and relnamespace = 'public'::regnamespace",
    );
    if (rows.length !== 3) throw new Error(`expected the three record tables in ${database}, found ${rows.length}`);
    const oids = rows.map((r) => r.oid);
    tableOids.set(database, oids);
    return oids;
  } finally {
    await client.end();
  }
};

/**
 * Waits until a connection to the database (with that application_name, when given) is in the
 * middle of a batch, and terminates it. Returns its pid. A batch is told from the worker's other
 * writes (its lease, its progress) by the lock its inserts hold on a record table: a transaction
 * that only renewed the lease, terminated, would leave the job running without a retry.
 */
export const terminateMidBatch = async (admin: pg.Client, database: string, appName: string | null, timeoutMs = 60_000): Promise<number> => {
  const tables = await recordTableOids(database);
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await admin.query<{ pid: number; terminated: boolean }>(
      `select a.pid, pg_terminate_backend(a.pid) as terminated from pg_stat_activity a
        where a.datname = $1 and a.backend_xid is not null and ($2::text is null or a.application_name = $2)
          and exists (select 1 from pg_locks l where l.pid = a.pid and l.mode = 'RowExclusiveLock' and l.relation = any($3::oid[]))`,
      [database, appName, tables],
    );
    if (rows.some((r) => r.terminated)) return rows[0]!.pid;
    if (Date.now() > until) throw new Error(`no batch transaction of ${appName ?? "the server"} to terminate`);
    await new Promise((r) => setTimeout(r, 2));
  }
};
