import type { ApiClient } from "./api-client.js";
import { runOpenLoad, type LoadResult } from "./query-load.js";

const HISTORY_NODE = `__typename ... on Transaction { id kind status amount currency occurredAt } ... on Interaction { id type occurredAt subject }`;

export const PAGE_QUERY = `query Page($after: String) { customers(first: 50, after: $after) {
  edges { node { id externalId displayName email country tags lifetimeValue { currency amount }
    history(first: 10) { edges { node { ${HISTORY_NODE} } } } } }
  pageInfo { hasNextPage endCursor } } }`;

export const BY_EMAIL_QUERY = `query ByEmail($email: String!) { customer(email: $email) {
  id externalId displayName email lifetimeValue { currency amount } history(first: 10) { edges { node { ${HISTORY_NODE} } } } } }`;

const CURSOR_PAGE = `query ($after: String) { customers(first: 1000, after: $after) { pageInfo { hasNextPage endCursor } } }`;
const MAX_CURSOR_PAGES = 200;
const WARM_UP_SECONDS = 2;

/** Cursors 1,000 customers apart, so the page scenario reads pages spread over the table, not one cached page. */
export const collectCursors = async (api: ApiClient): Promise<(string | null)[]> => {
  const cursors: (string | null)[] = [null];
  let after: string | null = null;
  for (let page = 0; page < MAX_CURSOR_PAGES; page++) {
    const data: { customers: { pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await api.gql(CURSOR_PAGE, { after });
    const info = data.customers.pageInfo;
    if (!info.hasNextPage || !info.endCursor) break;
    cursors.push(info.endCursor);
    after = info.endCursor;
  }
  return cursors;
};

export interface QueryScenarioResult extends LoadResult {
  /** Median of requests sent one at a time, before the load: the service time without queueing. */
  readonly serialP50Ms: number;
}

const SERIAL_REQUESTS = 21;

const serialMedian = async (url: string, key: string, body: (i: number) => string): Promise<number> => {
  const times: number[] = [];
  for (let i = 0; i < SERIAL_REQUESTS; i++) {
    const started = performance.now();
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: body(i) });
    await res.text();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)]! * 10) / 10;
};

const IDLE_PROBE_MS = 50;
const IDLE_WAIT_MS = 60_000;

/**
 * Waits until the server answers /healthz quickly three times in a row: requests the load
 * generator gave up on may still be running there, and would slow the next scenario down.
 */
export const waitUntilIdle = async (baseUrl: string): Promise<void> => {
  const until = Date.now() + IDLE_WAIT_MS;
  let quick = 0;
  while (quick < 3 && Date.now() < until) {
    const started = performance.now();
    await fetch(`${baseUrl}/healthz`)
      .then((r) => r.text())
      .catch(() => "");
    quick = performance.now() - started < IDLE_PROBE_MS ? quick + 1 : 0;
    await new Promise((r) => setTimeout(r, 200));
  }
};

const PAGE_SCENARIO = "customers(first: 50) + history(first: 10) + lifetimeValue";

/** One scenario: requests one at a time for the service time, a warm-up, then the measured open load. */
const runScenario = async (
  baseUrl: string,
  key: string,
  name: string,
  body: (i: number) => string,
  rate: number,
  seconds: number,
): Promise<QueryScenarioResult> => {
  const url = `${baseUrl}/graphql`;
  await waitUntilIdle(baseUrl);
  const serialP50Ms = await serialMedian(url, key, body);
  await runOpenLoad({ name, url, key, rate, seconds: WARM_UP_SECONDS, body });
  await waitUntilIdle(baseUrl);
  return { ...(await runOpenLoad({ name, url, key, rate, seconds, body })), serialP50Ms };
};

const pageBody = (cursors: readonly (string | null)[]) => (i: number) =>
  JSON.stringify({ query: PAGE_QUERY, variables: { after: cursors[(i * 7919) % cursors.length] } });

/** The two read scenarios, one after the other (the lighter first), each at `rate` requests per second for `seconds`; `cursors` from collectCursors. */
export const runQueryBench = async (
  api: ApiClient,
  key: string,
  emails: readonly string[],
  cursors: readonly (string | null)[],
  rate: number,
  seconds: number,
): Promise<QueryScenarioResult[]> => {
  const page = pageBody(cursors);
  const byEmail = (i: number) => JSON.stringify({ query: BY_EMAIL_QUERY, variables: { email: emails[(i * 7919) % emails.length] } });
  const results: QueryScenarioResult[] = [];
  for (const [name, body] of [
    ["customer(email:) + history(first: 10) + lifetimeValue", byEmail],
    [PAGE_SCENARIO, page],
  ] as const) {
    results.push(await runScenario(api.baseUrl, key, name, body, rate, seconds));
  }
  return results;
};

/** The customers page alone at each of `rates`, lowest first: which rate still holds the p99 target. */
export const runPageRates = async (
  api: ApiClient,
  key: string,
  cursors: readonly (string | null)[],
  rates: readonly number[],
  seconds: number,
): Promise<QueryScenarioResult[]> => {
  const page = pageBody(cursors);
  const results: QueryScenarioResult[] = [];
  for (const rate of [...rates].sort((a, b) => a - b)) results.push(await runScenario(api.baseUrl, key, PAGE_SCENARIO, page, rate, seconds));
  return results;
};
