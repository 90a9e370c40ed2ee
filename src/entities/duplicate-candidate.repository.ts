import type { SqlClient, SqlTx } from "./sql-client.js";

/** A pair of customers that are probably one person, with the evidence, weights in 0..1. */
export interface CandidateRow {
  a: string;
  b: string;
  score: number;
  same_phone: boolean;
  email_local: number;
  name_match: number;
  name_similarity: number;
  same_company: boolean;
  same_city: boolean;
}

/**
 * Customers sharing a blocking key form a block; a block larger than this says little (a
 * switchboard number, a common name, a free-mail "info") and would grow quadratically: skipped.
 */
export const MAX_BLOCK = 20;

// the evidence weights, combined as a noisy OR: score = 1 - Π(1 - weight)
export const WEIGHTS = { phone: 0.5, emailRelated: 0.45, emailOther: 0.2, name: 0.5, company: 0.15, city: 0.1 } as const;

/**
 * The scoring both the candidate list and an import's check use: two CTEs, `evidence` and
 * `scored`, over a relation `sides` that holds a pair per row (a, b, then x_ and y_ phone, name,
 * local, domain, company, city). One text, so a pair scores the same wherever it is seen.
 */
const SCORED_CTES = `
     evidence as materialized (
       select a, b,
              coalesce(x_phone = y_phone, false) as same_phone,
              case when x_local is null or y_local is null or x_local <> y_local or length(x_local) < 3 then 0
                   when x_domain = y_domain or substring(x_domain from '([^.]+)\.[^.]+$') = substring(y_domain from '([^.]+)\.[^.]+$')
                     or (x_domain in ('gmail.com', 'googlemail.com') and y_domain in ('gmail.com', 'googlemail.com')) then ${WEIGHTS.emailRelated}
                   when length(x_local) >= 8 then ${WEIGHTS.emailOther} else 0 end as email_local,
              coalesce(similarity, 0) as name_similarity,
              case when x_name = y_name then ${WEIGHTS.name}
                   when similarity >= 0.5 then ${WEIGHTS.name} * similarity
                   else 0 end as name_match,
              coalesce(x_company <> '' and x_company = y_company, false) as same_company,
              coalesce(x_city = y_city, false) as same_city,
              x_name is not null and y_name is not null as both_named
         -- pg_trgm's similarity once a pair (offset 0 keeps the subquery from being folded into its three uses)
         from (select sides.*, similarity(x_name, y_name) from sides offset 0) sides
     ),
     scored as (
       select a, b, same_phone, email_local, name_match, name_similarity, same_company, same_city,
              ((1 - (1 - case when same_phone then ${WEIGHTS.phone} else 0 end) * (1 - email_local) * (1 - name_match)
                     * (1 - case when same_company then ${WEIGHTS.company} else 0 end) * (1 - case when same_city then ${WEIGHTS.city} else 0 end))
               -- two clearly different names weigh against a shared phone or mailbox (a family, an office)
               * case when both_named and name_similarity < 0.3 then 0.5 else 1 end)::float8 as raw_score
         from evidence
     )`;

/** Scores are compared rounded to 4 places: a bound this far under the threshold may still round up to it. */
const BOUND_MARGIN = 0.0001;

const COMPANY_KEY = (col: string) => `lower(regexp_replace(${col}, '[^[:alnum:]]+', '', 'g'))`;

/** A pair (a < b) of customers of the workspace ($1) per row of `pairs`: the `sides` relation SCORED_CTES scores. */
const SIDES_OF_PAIRS = `
     sides as (
       select p.a, p.b, x.phone as x_phone, y.phone as y_phone, x.name_key as x_name, y.name_key as y_name,
              nullif(split_part(x.email, '@', 1), '') as x_local, nullif(split_part(y.email, '@', 1), '') as y_local,
              split_part(x.email, '@', 2) as x_domain, split_part(y.email, '@', 2) as y_domain,
              ${COMPANY_KEY("x.company")} as x_company, ${COMPANY_KEY("y.company")} as y_company,
              lower(x.city) as x_city, lower(y.city) as y_city
         from pairs p join customer x on x.id = p.a and x.workspace_id = $1 join customer y on y.id = p.b and y.workspace_id = $1
     )`;

/** Stores the scored `pairs` of the workspace ($1) in duplicate_pair; returns how many. */
const INSERT_SCORED = (ctes: string) => `
     with ${ctes},
     ${SIDES_OF_PAIRS},
     ${SCORED_CTES},
     stored as (
       insert into duplicate_pair (workspace_id, a, b, score, same_phone, email_local, name_match, name_similarity, same_company, same_city)
       select $1, a, b, round(raw_score::numeric, 4)::float8, same_phone, email_local, name_match, name_similarity, same_company, same_city from scored
       returning 1
     )
     select count(*)::int as n from stored`;

/**
 * Recomputes every pair of the workspace in one statement, in the caller's transaction: blocks
 * are formed in one pass over the workspace's customers, grouped by each key (E.164 phone, email
 * local part, name key, company key with city: hash aggregates), and the pairs inside blocks of
 * at most MAX_BLOCK are scored. Used for a workspace never scanned or after many writes (an
 * import): per-customer probes would cost more than this one pass.
 */
export const recomputeWorkspacePairs = async (tx: SqlTx, workspaceId: string): Promise<number> => {
  // the planner cannot see how few pairs the blocks yield, and its estimate would start JIT
  // compilation that costs more than the query (measured: 21 s with it, 5-8 s without, 100k customers)
  await tx.query("set local jit = off");
  await tx.query("delete from duplicate_pair where workspace_id = $1", [workspaceId]);
  const [row] = await tx.query<{ n: number }>(
    INSERT_SCORED(`c as materialized (
       select id, phone, nullif(split_part(email, '@', 1), '') as local, name_key, ${COMPANY_KEY("company")} as company_key, lower(city) as city
         from customer where workspace_id = $1
     ),
     blocks as (
       select array_agg(id) as ids from c where phone is not null group by phone having count(*) between 2 and ${MAX_BLOCK}
       union all
       select array_agg(id) from c where length(local) >= 3 group by local having count(*) between 2 and ${MAX_BLOCK}
       union all
       select array_agg(id) from c where name_key is not null group by name_key having count(*) between 2 and ${MAX_BLOCK}
       union all
       select array_agg(id) from c where company_key <> '' and city is not null group by company_key, city having count(*) between 2 and ${MAX_BLOCK}
     ),
     pairs as (
       select distinct least(ids[i], ids[j]) as a, greatest(ids[i], ids[j]) as b
         from blocks, generate_series(1, cardinality(ids)) i, generate_series(i + 1, cardinality(ids)) j
     )`),
    [workspaceId],
  );
  // fresh statistics for the rescorings' deletes by customer, before autovacuum would take them
  await tx.query("analyze duplicate_pair");
  return row!.n;
};

/**
 * Rescores the pairs of a few customers (`ids`) of the workspace, in the caller's transaction:
 * their stored pairs are dropped, then each of their current blocks (the customers sharing its
 * phone, local part, name key, or company key and city, at most MAX_BLOCK) gives its pairs with
 * them. The members are found in one sequential read of the workspace with cheap filters (the
 * local part and company key are expressions whose indexes were dropped for their write cost, so
 * an OR over the four keys cannot be answered by indexes); the company key, a regular expression,
 * is computed only for the rows in a changed customer's city. Pairs between two unchanged customers stay as they are: a block that grows past
 * MAX_BLOCK or shrinks below it changes them only at the next full recompute.
 */
export const rescoreCustomerPairs = async (tx: SqlTx, workspaceId: string, ids: readonly string[]): Promise<number> => {
  await tx.query("set local jit = off");
  // by the primary key (a, b) and the b index: with a workspace_id term the planner walked the page index
  // (workspace_id first) for a and b, 0.75 s for 10 customers on 100k (measured); the ids are the workspace's
  await tx.query("delete from duplicate_pair where a = any($1::bigint[]) or b = any($1::bigint[])", [ids]);
  const [row] = await tx.query<{ n: number }>(
    INSERT_SCORED(`ch as materialized (
       select id, phone, nullif(split_part(email, '@', 1), '') as local, name_key, ${COMPANY_KEY("company")} as company_key, lower(city) as city
         from customer where workspace_id = $1 and id = any($2::bigint[])
     ),
     m as materialized (
       select id, phone, nullif(split_part(email, '@', 1), '') as local, name_key, company, lower(city) as city
         from customer
        where workspace_id = $1
          -- IN over a subquery inside OR: a hashed subplan, one hash probe a row and key (= any(array(...)) compares with each element)
          and (phone in (select phone from ch where phone is not null)
            or name_key in (select name_key from ch where name_key is not null)
            or split_part(email, '@', 1) in (select local from ch where length(local) >= 3)
            -- the company key, a regular expression, only for the rows in a changed customer's city
            or (lower(city) in (select city from ch where company_key <> '' and city is not null)
                and ${COMPANY_KEY("company")} in (select company_key from ch where company_key <> '' and city is not null)))
     ),
     mk as (select id, phone, local, name_key, ${COMPANY_KEY("company")} as company_key, city from m),
     blocks as (
       select x.id as x, array_agg(y.id) as ids from ch x join mk y on y.phone = x.phone group by x.id having count(*) between 2 and ${MAX_BLOCK}
       union all
       select x.id, array_agg(y.id) from ch x join mk y on y.local = x.local where length(x.local) >= 3 group by x.id having count(*) between 2 and ${MAX_BLOCK}
       union all
       select x.id, array_agg(y.id) from ch x join mk y on y.name_key = x.name_key group by x.id having count(*) between 2 and ${MAX_BLOCK}
       union all
       select x.id, array_agg(y.id) from ch x join mk y on y.company_key = x.company_key and y.city = x.city
        where x.company_key <> '' group by x.id having count(*) between 2 and ${MAX_BLOCK}
     ),
     pairs as (
       select distinct least(x, y) as a, greatest(x, y) as b from blocks, unnest(ids) y where y <> x
     )`),
    [workspaceId, ids],
  );
  return row!.n;
};

const PAIR_COLUMNS = "p.a, p.b, p.score, p.same_phone, p.email_local, p.name_match, p.name_similarity, p.same_company, p.same_city";

/**
 * A page of the workspace's stored pairs with a score at least `minScore`, best first, after a
 * keyset position: index range scans of duplicate_pair_page_idx. After a cursor, the rest of the
 * cursor's score and the lower scores are two ranges (the order mixes score desc with a, b asc,
 * which one row comparison cannot bound): as one OR filter, a page deep in a score shared by many
 * pairs read every pair before it (0.5 s on the bench's 1M customers, against 0.2-25 ms).
 * Columns are qualified in ORDER BY: a bare `a` would be the output's text.
 */
export const findDuplicateCandidates = (
  sql: SqlClient,
  workspaceId: string,
  q: { minScore: number; after: { score: number; a: string; b: string } | null; limit: number },
): Promise<CandidateRow[]> => {
  const out = "x.a::text as a, x.b::text as b, x.score, x.same_phone, x.email_local, x.name_match, x.name_similarity, x.same_company, x.same_city";
  if (!q.after) {
    return sql.query<CandidateRow>(
      `select ${out} from (select ${PAIR_COLUMNS} from duplicate_pair p where p.workspace_id = $1 and p.score >= $2
          order by p.score desc, p.a, p.b limit $3) x order by x.score desc, x.a, x.b`,
      [workspaceId, q.minScore, q.limit],
    );
  }
  return sql.query<CandidateRow>(
    `select ${out} from (
       (select ${PAIR_COLUMNS} from duplicate_pair p
         where p.workspace_id = $1 and p.score = $3 and p.score >= $2 and (p.a, p.b) > ($4::bigint, $5::bigint) order by p.a, p.b limit $6)
       union all
       (select ${PAIR_COLUMNS} from duplicate_pair p
         where p.workspace_id = $1 and p.score < $3 and p.score >= $2 order by p.score desc, p.a, p.b limit $6)
     ) x order by x.score desc, x.a, x.b limit $6`,
    [workspaceId, q.minScore, q.after.score, q.after.a, q.after.b, q.limit],
  );
};

/** How many stored pairs of the workspace score at least `minScore` (an index-only count). */
export const countDuplicateCandidates = async (sql: SqlClient, workspaceId: string, minScore: number): Promise<number> =>
  Number((await sql.query<{ n: string }>("select count(*) as n from duplicate_pair where workspace_id = $1 and score >= $2", [workspaceId, minScore]))[0]!.n);

/** An incoming row's likeliest existing duplicate: the row (its `_r`), the customer and the pair's score. */
export interface PossibleDuplicateRow {
  r: number;
  id: string;
  score: number;
  same_phone: boolean;
  email_local: number;
  name_match: number;
  same_company: boolean;
  same_city: boolean;
}

/**
 * A block key of an incoming row and the customers sharing it that the job did not write, at
 * most MAX_BLOCK of them with the block's size up to that (`size`: a block of MAX_BLOCK or more
 * says little, as in the candidates). One index probe a row and key: as cheap as one array probe
 * for the batch (measured), with a plan that stays put. The probe reads the columns the scoring
 * compares: joining the pairs to customer again made PostgreSQL hash the whole workspace once a
 * batch (see BENCHMARKS.md, "Bulk upserts").
 */
const BLOCK = (key: string, column: string, guard: string, extra = "") => `
       select n._r as a, m.id as b, m.phone, m.email, m.name_key, m.company, m.city, m.size${extra} from n cross join lateral (
         select s.*, count(*) over () as size from (select c.id, c.phone, c.email, c.name_key, c.company, c.city from customer c
           where c.workspace_id = $1 and ${column} = n.${key} and c.created_by_job_id is distinct from $3::uuid limit ${MAX_BLOCK}) s) m
        where ${guard}`;

/**
 * An upper bound of the raw score (as SCORED_CTES computes it) of an incoming row (n) and a
 * customer of its name block (m), without pg_trgm's similarity or the company key's regular
 * expression: the name counts its full weight (name_match is at most WEIGHTS.name), the mailbox
 * its larger weight when the local parts are equal, the company its weight whenever both have
 * one, and no penalty applies (it only lowers a score). A pair whose bound is under the threshold
 * cannot reach it, so the check scores only the others: most pairs of a shared name key share
 * nothing else, and scoring them was most of the check (BENCHMARKS.md, "Bulk upserts").
 */
const NAME_PAIR_BOUND = `(1 - (case when n.phone = m.phone then ${1 - WEIGHTS.phone} else 1 end)
         * (case when n.local = nullif(split_part(m.email, '@', 1), '') and length(n.local) >= 3
                 then ${1 - Math.max(WEIGHTS.emailRelated, WEIGHTS.emailOther)} else 1 end)
         * ${1 - WEIGHTS.name}
         * (case when n.company_key <> '' and m.company is not null then ${1 - WEIGHTS.company} else 1 end)
         * (case when n.city = lower(m.city) then ${1 - WEIGHTS.city} else 1 end))::float8`;

/**
 * The rows the check compares: customers the batch has just inserted, by id with each one's row
 * number (read back from the table, so the batch's insert JSON is neither sent nor parsed a second
 * time), or rows not written yet, as the objects of a batch's insert JSON (`_r`, email, phone,
 * name_key, company, city).
 */
export type IncomingRows = { readonly ids: readonly string[]; readonly rows: readonly number[] } | { readonly json: string };

/** The check's `r` for rows not written yet ($2 their JSON). */
const JSON_ROWS = "jsonb_to_recordset($2::jsonb) as r(_r int, email text, phone text, name_key text, company text, city text)";

/** The check's `r` for inserted customers ($2 their ids, $6 their row numbers): the columns the JSON form gives. */
const INSERTED_ROWS = `(select i._r, c.email, c.phone, c.name_key, c.company, c.city from unnest($2::bigint[], $6::int[]) as i(id, _r)
           -- one primary-key probe an id (offset 0 keeps it a probe): a join on the list was planned as a
           -- hash of the whole workspace, whose row estimate lags a workspace that grows call by call
           cross join lateral (select email, phone, name_key, company, city from customer where id = i.id offset 0) c) as r`;

/** The check's answer: each flagged row's likeliest duplicate, and the name keys it found too common to compare by. */
export interface PossibleDuplicates {
  readonly rows: PossibleDuplicateRow[];
  /** Name keys shared by MAX_BLOCK or more customers the job did not write: not worth probing again soon (CommonNameKeys). */
  readonly commonNameKeys: string[];
}

/**
 * For each incoming row (IncomingRows), the existing customer it most likely duplicates with a
 * score of at least `minScore`, by the same scoring as findDuplicateCandidates. Rows are compared
 * with the customers other jobs and calls wrote, not with the ones this job (`jobId`) created.
 * Rows whose name key is in `skipNameKeys` (found common by an earlier batch) are probed by phone
 * only, as a row of a common name always was in effect: its name block was dropped.
 *
 * Deliberate differences, both for cost: only the phone and name-key blocks are probed, by
 * plain equality, the one kind of condition PostgreSQL lets through row-level security into an
 * index (split_part and regexp_replace are not leakproof: under the app's role the e-mail
 * local-part probe read every customer of the workspace, measured 0.7 s a batch of 1,000 rows
 * against 5,000 customers). So a pair is flagged at import when it shares a phone or a name key;
 * one that shares only a mailbox local part or a company and city, with a similar but not equal
 * name, may still score 0.6 or more: duplicateCandidates lists it; the import does not flag it.
 */
export const findPossibleDuplicates = async (
  tx: SqlTx,
  workspaceId: string,
  incoming: IncomingRows,
  jobId: string,
  minScore: number,
  skipNameKeys: readonly string[] = [],
): Promise<PossibleDuplicates> => {
  // the estimate of the lateral probes would start JIT compilation, which costs more than the query
  await tx.query("set local jit = off");
  const inserted = "ids" in incoming;
  const found = await tx.query<PossibleDuplicateRow & { common_key: string | null }>(
    `with n as materialized (
       select r._r, r.phone, r.email, nullif(split_part(r.email, '@', 1), '') as local, r.name_key,
              case when k.key is null then r.name_key end as probe_name,
              lower(regexp_replace(r.company, '[^[:alnum:]]+', '', 'g')) as company_key, lower(r.city) as city
         from ${inserted ? INSERTED_ROWS : JSON_ROWS}
         left join unnest($5::text[]) as k(key) on k.key = r.name_key
     ),
     by_name as materialized (
       ${BLOCK("probe_name", "c.name_key", "n.probe_name is not null", `, ${NAME_PAIR_BOUND} as bound`)}
     ),
     pairs as (
       select a, b, phone, email, name_key, company, city from (${BLOCK("phone", "c.phone", "n.phone is not null")}) p where size < ${MAX_BLOCK}
       union
       -- a pair sharing only the name key cannot score enough: scoring it would cost most of the check
       select a, b, phone, email, name_key, company, city from by_name where size < ${MAX_BLOCK} and bound >= $4 - ${BOUND_MARGIN}
     ),
     sides as (
       select y.a, y.b, n.phone as x_phone, y.phone as y_phone, n.name_key as x_name, y.name_key as y_name,
              n.local as x_local, nullif(split_part(y.email, '@', 1), '') as y_local,
              split_part(n.email, '@', 2) as x_domain, split_part(y.email, '@', 2) as y_domain,
              n.company_key as x_company, lower(regexp_replace(y.company, '[^[:alnum:]]+', '', 'g')) as y_company,
              n.city as x_city, lower(y.city) as y_city
         -- a pair and the customer's columns its probe read
         from pairs y join n on n._r = y.a
     ),
     ${SCORED_CTES}
     (select distinct on (a) a as r, b::text as id, score, same_phone, email_local::float8, name_match::float8, same_company, same_city,
             null::text as common_key
        from (select scored.*, round(raw_score::numeric, 4)::float8 as score from scored) s
       where score >= $4
       order by a, score desc, b)
     union all
     (select distinct null::int, null::text, null::float8, null::boolean, null::float8, null::float8, null::boolean, null::boolean, name_key
        from by_name where size >= ${MAX_BLOCK})`,
    inserted ? [workspaceId, incoming.ids, jobId, minScore, skipNameKeys, incoming.rows] : [workspaceId, incoming.json, jobId, minScore, skipNameKeys],
  );
  const rows: PossibleDuplicateRow[] = [];
  const commonNameKeys: string[] = [];
  for (const f of found) {
    if (f.common_key !== null) commonNameKeys.push(f.common_key);
    else rows.push(f);
  }
  return { rows, commonNameKeys };
};

/** Whether the workspace holds a customer that this job did not create: else an import has nothing to compare its rows with. */
export const holdsCustomersBefore = async (sql: SqlClient | SqlTx, workspaceId: string, jobId: string): Promise<boolean> =>
  (
    await sql.query<{ any: boolean }>(`select exists (select 1 from customer where workspace_id = $1 and created_by_job_id is distinct from $2::uuid) as any`, [
      workspaceId,
      jobId,
    ])
  )[0]!.any;
