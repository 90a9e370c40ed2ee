import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromGlobalId } from "../../src/common/global-id.js";
import { DEFAULT_MIN_SCORE } from "../../src/import/dedupe/duplicate-reasons.js";
import { dataOf } from "../helpers/expect-gql.js";
import { rescoreDuplicates } from "../helpers/duplicates.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

/**
 * The import's possible-duplicate check scores only the pairs whose score bound can reach the
 * threshold (NAME_PAIR_BOUND). Against the workspace's full scoring (every pair of every block,
 * duplicateCandidates' recompute), it must flag exactly the same customer with the same score for
 * every row it inserts, among the customers sharing the row's phone or name key: a pair the bound
 * dropped that would have scored enough is a missed warning.
 */

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ logLevel: process.env.TEST_LOG_LEVEL ?? "silent" });
});
afterAll(async () => t?.stop());

// small vocabularies, so that pairs share a name key, a phone, a mailbox, a company or a city in every combination
const NAMES = [
  { firstName: "Wei", lastName: "Zhang" },
  { firstName: "Zhang", lastName: "Wei" },
  { lastName: "张伟" },
  { firstName: "Ann", lastName: "Meyer" },
  { firstName: "Anne", lastName: "Meyer" },
  { firstName: "Ann", lastName: "Meyer-Lee" },
  { firstName: "Bob", lastName: "Stone" },
  {},
];
const PHONES = ["+49 30 901820", "+49 30 901821", "+1 415 555 0100", null];
const LOCALS = ["ann", "ann.meyer", "a.meyer.work", "zw"];
const DOMAINS = ["acme.com", "acme.de", "gmail.com", "googlemail.com", "other.org"];
const COMPANIES = ["Acme", "ACME GmbH.", "Acme GmbH", "Beta", null];
const CITIES = ["Berlin", "berlin", "Paris", null];

const customer = fc.record({
  name: fc.constantFrom(...NAMES),
  phone: fc.constantFrom(...PHONES),
  email: fc.option(fc.tuple(fc.constantFrom(...LOCALS), fc.constantFrom(...DOMAINS)), { nil: null }),
  company: fc.constantFrom(...COMPANIES),
  city: fc.constantFrom(...CITIES),
});
type Generated = typeof customer extends fc.Arbitrary<infer T> ? T : never;

const recordOf = (c: Generated, externalId: string) => ({
  externalId,
  ...c.name,
  ...(c.phone ? { phone: c.phone } : {}),
  ...(c.email ? { email: `${c.email[0]}@${c.email[1]}` } : {}),
  ...(c.company ? { company: c.company } : {}),
  ...(c.city ? { city: c.city } : {}),
});

const UPSERT = `mutation ($input: UpsertCustomersInput!) { upsertCustomers(input: $input) {
  job { id warnings { code row recordId score } } results { index status id errors { code value } } userErrors { code } } }`;

const rowIdOf = (globalId: string) => fromGlobalId(globalId)!.rowId;

let run = 0;

describe("the import's possible-duplicate check", () => {
  it("flags what the full scoring of the phone and name-key blocks flags, with the same score", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(customer, { minLength: 1, maxLength: 8 }), fc.array(customer, { minLength: 1, maxLength: 8 }), async (existing, incoming) => {
        // under MAX_BLOCK customers in all, so no block is too large for either side
        const ws = await t.workspace(`bound-${++run}`);
        const first = (await dataOf(t, ws.keys.IMPORTER, UPSERT, { input: { records: existing.map((c, i) => recordOf(c, `e${i}`)) } })).upsertCustomers;
        expect(first.userErrors).toEqual([]);
        // a row matching an existing customer's e-mail would update it after the check, and the full scoring would see it changed
        const emails = new Set(existing.map((c) => c.email?.join("@")));
        const fresh = incoming.map((c) => (emails.has(c.email?.join("@")) ? { ...c, email: null } : c));
        const second = (await dataOf(t, ws.keys.IMPORTER, UPSERT, { input: { records: fresh.map((c, i) => recordOf(c, `n${i}`)) } })).upsertCustomers;
        expect(second.userErrors).toEqual([]);
        const flagged = new Map<number, { id: string; score: number }>(
          second.job.warnings.filter((w: any) => w.code === "POSSIBLE_DUPLICATE").map((w: any) => [w.row, { id: rowIdOf(w.recordId), score: w.score }]),
        );

        await rescoreDuplicates(t, ws, { full: true });
        const scored = await t.server.db.sql.query<{ c: string; e: string; score: number }>(
          `select c.id::text as c, e.id::text as e, p.score
             from customer c
             join customer e on e.workspace_id = c.workspace_id and e.created_by_job_id = $2::uuid
             join duplicate_pair p on p.workspace_id = c.workspace_id and p.a = least(c.id, e.id) and p.b = greatest(c.id, e.id)
            where c.workspace_id = $1 and c.created_by_job_id = $3::uuid and (c.phone = e.phone or c.name_key = e.name_key) and p.score >= $4
            order by c.id, p.score desc, e.id`,
          [ws.id, fromGlobalId(first.job.id)!.rowId, fromGlobalId(second.job.id)!.rowId, DEFAULT_MIN_SCORE],
        );
        const expected = new Map<number, { id: string; score: number }>();
        for (const r of second.results.filter((x: any) => x.status === "INSERTED")) {
          const best = scored.find((s) => s.c === rowIdOf(r.id));
          if (best) expected.set(r.index + 1, { id: best.e, score: best.score });
        }
        expect(flagged).toEqual(expected);

        // SKIP decides before writing, on the rows as sent (their insert JSON, not the rows read back):
        // the same rows into a workspace of the same customers skip exactly the rows WARN flagged
        const skipWs = await t.workspace(`bound-skip-${run}`);
        await dataOf(t, skipWs.keys.IMPORTER, UPSERT, { input: { records: existing.map((c, i) => recordOf(c, `e${i}`)) } });
        const skipping = (
          await dataOf(t, skipWs.keys.IMPORTER, UPSERT, {
            input: { records: fresh.map((c, i) => recordOf(c, `n${i}`)), options: { onPossibleDuplicate: "SKIP" } },
          })
        ).upsertCustomers;
        const externalIds = new Map(
          (
            await t.server.db.sql.query<{ id: string; external_id: string }>(
              "select id::text, external_id from customer where workspace_id = any($1::uuid[])",
              [[ws.id, skipWs.id]],
            )
          ).map((r) => [r.id, r.external_id]),
        );
        const skipped = new Map<number, string>();
        for (const r of skipping.results) {
          const duplicate = r.errors.find((e: any) => e.code === "POSSIBLE_DUPLICATE");
          if (r.status === "SKIPPED" && duplicate) skipped.set(r.index + 1, externalIds.get(rowIdOf(duplicate.value))!);
        }
        expect(skipped).toEqual(new Map([...flagged].map(([row, f]) => [row, externalIds.get(f.id)!])));
      }),
      { numRuns: 40, seed: 20261207 },
    );
  }, 120_000);
});
