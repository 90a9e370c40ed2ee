import http from "node:http";

export interface LoadOptions {
  readonly name: string;
  readonly url: string;
  readonly key: string;
  /** Requests started per second, whatever the server's pace (open model). */
  readonly rate: number;
  readonly seconds: number;
  /** The GraphQL request body of the i-th request. */
  readonly body: (i: number) => string;
  /** Beyond this many requests in flight, a scheduled request counts as an error instead of piling up. */
  readonly maxInFlight?: number;
  /** Ends the schedule early (the requests started still finish); `seconds` is then the time it ran. */
  readonly stop?: () => boolean;
}

export interface LoadResult {
  readonly name: string;
  readonly rate: number;
  readonly seconds: number;
  readonly scheduled: number;
  readonly ok: number;
  readonly errors: number;
  /**
   * Of the errors, the requests the API's request gate turned away (503 OVERLOADED with Retry-After):
   * answered at once and coded, as designed under more load than it serves, but not served.
   * Absent in results files written before it was counted.
   */
  readonly shed?: number;
  readonly achievedRps: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly errorSamples: readonly string[];
}

/** "N errors", and how many of them the request gate shed, if any. */
export const errorsText = (q: Pick<LoadResult, "errors" | "shed">): string =>
  (q.shed ?? 0) > 0 ? `${q.errors} errors (${q.shed} shed: 503 OVERLOADED)` : `${q.errors} errors`;

/** The errors as a table cell: "N", or "N (M shed)". */
export const errorsCell = (q: Pick<LoadResult, "errors" | "shed">): string => ((q.shed ?? 0) > 0 ? `${q.errors} (${q.shed} shed)` : String(q.errors));

const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0 ? 0 : Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! * 10) / 10;

const REQUEST_TIMEOUT_MS = 10_000;

/**
 * Fires requests at a fixed rate on keep-alive connections and measures each one from the time
 * it was scheduled (not sent), so a slow server cannot hide its queueing (coordinated omission).
 */
export const runOpenLoad = (options: LoadOptions): Promise<LoadResult> => {
  const url = new URL(options.url);
  // with a timeout, the agent closes an idle socket a second before the server's Keep-Alive hint
  // (5 s) runs out; without one it ignores the hint, and a socket the server closes as a request
  // goes out on it fails that request with ECONNRESET (one in 10,000 in the reads-during-import runs)
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256, timeout: REQUEST_TIMEOUT_MS });
  const maxInFlight = options.maxInFlight ?? 1000;
  let total = Math.round(options.rate * options.seconds);
  let stoppedAfterS: number | null = null;
  const interval = 1000 / options.rate;
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let shed = 0;
  let inFlight = 0;
  let settled = 0;
  let next = 0;

  return new Promise<LoadResult>((resolve) => {
    const start = performance.now() + 20;
    const fail = (why: string) => {
      errors++;
      if (errorSamples.length < 5) errorSamples.push(why);
    };
    const finishOne = () => {
      inFlight--;
      settled++;
      if (settled === total) done();
    };
    const fire = (i: number, scheduledAt: number) => {
      if (inFlight >= maxInFlight) {
        fail("too many requests in flight");
        settled++;
        if (settled === total) done();
        return;
      }
      inFlight++;
      const payload = options.body(i);
      let over = false;
      const end = (error: string | null) => {
        if (over) return;
        over = true;
        if (error === null) latencies.push(performance.now() - scheduledAt);
        else fail(error);
        finishOne();
      };
      const req = http.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: "POST",
          timeout: REQUEST_TIMEOUT_MS,
          headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload), authorization: `Bearer ${options.key}` },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", (e) => end(e.message));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            if (res.statusCode === 503 && text.includes('"OVERLOADED"')) shed++;
            if (res.statusCode !== 200) return end(`${res.statusCode}: ${text.slice(0, 200)}`);
            try {
              const body = JSON.parse(text) as { data?: unknown; errors?: unknown };
              end(body.errors === undefined && body.data != null ? null : text.slice(0, 200));
            } catch {
              end(`not JSON: ${text.slice(0, 200)}`);
            }
          });
        },
      );
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", (e) => end(e.message));
      req.end(payload);
    };
    const pump = () => {
      const now = performance.now();
      if (options.stop?.()) {
        stoppedAfterS = Math.round((now - start) / 100) / 10;
        total = next;
        if (settled === total) done();
        return;
      }
      while (next < total && start + next * interval <= now) {
        fire(next, start + next * interval);
        next++;
      }
      if (next < total) setTimeout(pump, Math.max(0, start + next * interval - performance.now()));
    };
    const done = () => {
      const elapsed = (performance.now() - start) / 1000;
      const seconds = stoppedAfterS ?? options.seconds;
      agent.destroy();
      const sorted = latencies.sort((a, b) => a - b);
      resolve({
        name: options.name,
        rate: options.rate,
        seconds,
        scheduled: total,
        ok: latencies.length,
        errors,
        shed,
        achievedRps: Math.round((latencies.length / Math.max(elapsed, seconds)) * 10) / 10,
        p50Ms: percentile(sorted, 50),
        p90Ms: percentile(sorted, 90),
        p99Ms: percentile(sorted, 99),
        maxMs: percentile(sorted, 100),
        errorSamples,
      });
    };
    if (total === 0) done();
    else setTimeout(pump, 20);
  });
};
