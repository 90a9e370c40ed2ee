import crypto from "node:crypto";
import pg from "pg";
import { pinyin } from "pinyin-pro";
import os from "node:os";
import { openDatabase } from "../src/entities/database.js";
import { countDuplicateCandidates, findDuplicateCandidates } from "../src/entities/duplicate-candidate.repository.js";
import { customerNameKey } from "../src/import/index.js";
import { rescoreWorkspace } from "../src/services/duplicate-rescore.service.js";
import { CpuMeter } from "./proc-cpu.js";

/**
 * duplicateCandidates on a generated, labelled workspace: its time at the size asked for, and
 * the precision and recall of the scoring at a few thresholds. Every customer carries the
 * person it stands for in custom_fields.entity; a tenth of the rows are a second record of an
 * earlier person, typed as another source would type it:
 *   0  the name in Han characters, the same phone (if the person has one), no email
 *   1  first and last name swapped, the same mailbox at the company's other domain, no phone
 *   2  a letter of the given name dropped, the same company (other case, a trailing dot) and city
 *   3  the same name and phone, the company in capitals
 * and one person in fifty shares a phone with the next (a family line): pairs that are not duplicates.
 * It times the background rescoring that stores the pairs (the first, full recompute; then the
 * rescoring of a few hundred customers changed after it) and the read of the list (first: 50
 * and its totalCount), each with the CPU time of this process and the database's backends.
 *
 *   npm run bench:build && node dist-bench/bench/duplicate-bench.js --customers 1000000
 * Uses TEST_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres) to create and drop a database.
 */

const SURNAMES = [
  ..."王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔向汤",
];
const GIVEN = [..."伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚英华玉兰萍鹏辉燕红建文琳晨宇浩凯欣怡佳俊博然雪梅海波亮"];
const WESTERN_FIRST = [
  "Anna",
  "Ben",
  "Clara",
  "David",
  "Emma",
  "Felix",
  "Greta",
  "Hugo",
  "Ida",
  "Jonas",
  "Karl",
  "Lena",
  "Max",
  "Nina",
  "Otto",
  "Paula",
  "Ruth",
  "Simon",
  "Tom",
  "Ute",
];
const WESTERN_LAST = [
  "Müller",
  "Schmidt",
  "Schneider",
  "Fischer",
  "Weber",
  "Meyer",
  "Wagner",
  "Becker",
  "Schulz",
  "Hoffmann",
  "Koch",
  "Richter",
  "Klein",
  "Wolf",
  "Neumann",
  "Braun",
  "Zimmermann",
  "Krüger",
  "Hartmann",
  "Lange",
];
const CITIES = Array.from({ length: 60 }, (_, i) => `City${i}`);
const DOMAINS = ["acme", "nordwind", "sinotrade", "bluepeak", "riverstone", "goldleaf", "eastwind", "kraftwerk", "lotus", "summit"];

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

interface NameRow {
  idx: number;
  first: string;
  last: string;
  han: string | null;
  key: string;
  key_han: string | null;
  typo_first: string;
  key_typo: string;
}

/** The name vocabulary, its keys computed by the app's own function (pinyin included). */
const names = (): NameRow[] => {
  const rows: NameRow[] = [];
  const py = (han: string) => pinyin(han, { toneType: "none", type: "array", surname: "head" });
  for (const s of SURNAMES)
    for (const g1 of GIVEN)
      for (const g2 of ["", ...GIVEN.slice(0, 24)]) {
        const han = s + g1 + g2;
        const syllables = py(han);
        const last = cap(syllables[0]!);
        const first = cap(syllables.slice(1).join(""));
        const typoFirst = first.length > 3 ? first.slice(0, 2) + first.slice(3) : first + "e";
        rows.push({
          idx: rows.length,
          first,
          last,
          han,
          key: customerNameKey(first, last, null)!,
          key_han: customerNameKey(null, han, null),
          typo_first: typoFirst,
          key_typo: customerNameKey(typoFirst, last, null)!,
        });
      }
  for (const f of WESTERN_FIRST)
    for (const l of WESTERN_LAST)
      for (const suffix of ["", "a", "e", "i", "o"]) {
        const last = l + suffix;
        const typoFirst = f.length > 3 ? f.slice(0, 2) + f.slice(3) : f + "e";
        rows.push({
          idx: rows.length,
          first: f,
          last,
          han: null,
          key: customerNameKey(f, last, null)!,
          key_han: null,
          typo_first: typoFirst,
          key_typo: customerNameKey(typoFirst, last, null)!,
        });
      }
  return rows;
};

const main = async () => {
  const total = arg("customers", 100_000);
  const runs = arg("runs", 3);
  const adminUrl = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  // --database NAME: a database an earlier --keep run left (generated, scanned), measured again and kept
  const given = process.argv.indexOf("--database");
  const reuse = given > 0 ? process.argv[given + 1]! : null;
  if (reuse !== null && !/^[a-z0-9_]+$/.test(reuse)) throw new Error("--database takes a database name (a-z, 0-9, _)");
  const dbName = reuse ?? `crm_dupbench_${crypto.randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  if (reuse === null) await admin.query(`create database ${dbName}`);
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const db = await openDatabase({ databaseUrl: url.toString(), dataDir: "" });
  try {
    const [ws] =
      reuse !== null
        ? await db.sql.query<{ id: string }>("select id from workspace where name = 'bench'")
        : await db.sql.query<{ id: string }>("insert into workspace (name) values ('bench') returning id");
    const workspaceId = ws!.id;
    const vocab = names();
    const c = await (db.orm.em.getConnection() as unknown as { getNativeClient(): Promise<pg.Pool> }).getNativeClient();
    const client = await c.connect();
    const t0 = Date.now();
    if (reuse === null)
      try {
        await client.query(
          `create temp table bench_name (idx int primary key, first text, last text, han text, key text, key_han text, typo_first text, key_typo text)`,
        );
        for (let i = 0; i < vocab.length; i += 20_000) {
          await client.query(`insert into bench_name select * from jsonb_populate_recordset(null::bench_name, $1::jsonb)`, [
            JSON.stringify(vocab.slice(i, i + 20_000)),
          ]);
        }
        const originals = Math.round(total / 1.1);
        const dupes = total - originals;
        // originals: person i; a name from the vocabulary spread by a multiplicative hash
        await client.query(
          `insert into customer (workspace_id, external_id, first_name, last_name, email, phone, company, city, country, custom_fields, name_key)
         select $1, 'P' || i, n.first, n.last,
                case when i % 10 < 7 then lower(replace(n.first, ' ', '')) || '.' || lower(n.last) || i || '@' || ($5::text[])[1 + i % 10] || '.com' end,
                case when i % 10 >= 4 or i % 50 = 1 then '+86138' || lpad(((case when i % 50 = 1 then i - 1 else i end) * 7 % 100000000)::text, 8, '0') end,
                'Firma ' || (i % 7919) || ' GmbH', ($4::text[])[1 + (i / 7) % 60], 'CN', jsonb_build_object('entity', i::text), n.key
           from generate_series(1, $2::int) i join bench_name n on n.idx = (i::bigint * 104729 % $3::int)`,
          [workspaceId, originals, vocab.length, CITIES, DOMAINS],
        );
        await client.query("analyze customer");
        // second records of earlier people, one of four ways (see the header)
        await client.query(
          `insert into customer (workspace_id, external_id, first_name, last_name, email, phone, company, city, country, custom_fields, name_key)
         select $1, 'D' || k, f.first_name, f.last_name, f.email, f.phone, f.company, f.city, 'CN', jsonb_build_object('entity', p.i::text), f.name_key
           from generate_series(1, $2::int) k
           cross join lateral (select 1 + (k::bigint * 7919 % $3::int) as i) p
           join customer o on o.workspace_id = $1 and o.external_id = 'P' || p.i
           join bench_name n on n.idx = (p.i::bigint * 104729 % $4::int)
           cross join lateral (select
             case k % 4 when 0 then case when n.han is null then n.last else null end when 1 then n.last when 2 then n.typo_first else n.first end as first_name,
             case k % 4 when 0 then coalesce(n.han, n.first) when 1 then n.first else n.last end as last_name,
             case k % 4 when 1 then replace(o.email, '.com', '.de') end as email,
             case when k % 4 in (0, 3) then o.phone end as phone,
             case k % 4 when 2 then upper(o.company) || '.' when 3 then upper(o.company) end as company,
             case k % 4 when 2 then o.city end as city,
             case k % 4 when 0 then coalesce(n.key_han, n.key) when 2 then n.key_typo else n.key end as name_key) f`,
          [workspaceId, dupes, originals, vocab.length],
        );
        await client.query("analyze customer");
      } finally {
        client.release();
      }
    if (reuse !== null) client.release();
    const [{ n }] = (await db.sql.query<{ n: string }>("select count(*) as n from customer where workspace_id = $1", [workspaceId])) as [{ n: string }];
    console.log(`${reuse === null ? "generated" : "found"} ${n} customers in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const load = () =>
      os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ");
    const meter = new CpuMeter(process.pid, url.toString());
    const timed = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
      const before = load();
      await meter.begin();
      const s = process.hrtime.bigint();
      const result = await fn();
      const ms = Number(process.hrtime.bigint() - s) / 1e6;
      const cpu = await meter.end();
      console.log(
        `${label}: ${(ms / 1000).toFixed(2)} s wall, CPU bench ${(cpu.apiMs / 1000).toFixed(2)} s + PostgreSQL ${(cpu.databaseMs / 1000).toFixed(2)} s (load ${before} -> ${load()})`,
      );
      return result;
    };
    const full = await timed(`full rescoring of ${n} customers`, () => rescoreWorkspace(db.sql, workspaceId, { wait: true }));
    console.log(`  stored ${full!.pairs} pairs (full: ${full!.full})`);

    const list = () => findDuplicateCandidates(db.scoped(workspaceId), workspaceId, { minScore: 0.6, after: null, limit: 51 });
    await list();
    const times: number[] = [];
    for (let r = 0; r < runs; r++) {
      const s = process.hrtime.bigint();
      await list();
      times.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
    times.sort((a, b) => a - b);
    console.log(
      `duplicateCandidates(first: 50, minScore: 0.6) on ${n} customers: median ${times[Math.floor(times.length / 2)]!.toFixed(1)} ms (runs: ${times.map((t) => t.toFixed(1)).join(", ")} ms; load ${load()})`,
    );
    const page = await list();
    const last = page[49]!;
    await timed("the next page (after the 50th)", () =>
      findDuplicateCandidates(db.scoped(workspaceId), workspaceId, { minScore: 0.6, after: { score: last.score, a: last.a, b: last.b }, limit: 51 }),
    );
    const counted = await timed("totalCount (minScore 0.6)", () => countDuplicateCandidates(db.scoped(workspaceId), workspaceId, 0.6));
    console.log(`  totalCount ${counted}`);

    // precision and recall of the stored pairs, as generated (--skip-quality: not computed)
    if (!process.argv.includes("--skip-quality")) {
      const [truth] = (await db.sql.query<{ pairs: string }>(
        `select sum(c * (c - 1) / 2) as pairs from (select count(*) as c from customer where workspace_id = $1 group by custom_fields->>'entity') g`,
        [workspaceId],
      )) as [{ pairs: string }];
      const truePairs = Number(truth.pairs);
      const entityOf = new Map(
        (
          await db.sql.query<{ id: string; e: string }>("select id::text as id, custom_fields->>'entity' as e from customer where workspace_id = $1", [
            workspaceId,
          ])
        ).map((r) => [r.id, r.e]),
      );
      const all = await findDuplicateCandidates(db.scoped(workspaceId), workspaceId, { minScore: 0.3, after: null, limit: 100_000_000 });
      for (const threshold of [0.4, 0.5, 0.6, 0.7, 0.8]) {
        const listed = all.filter((p) => p.score >= threshold);
        const right = listed.filter((p) => entityOf.get(String(p.a)) === entityOf.get(String(p.b))).length;
        const precision = listed.length === 0 ? 1 : right / listed.length;
        const recall = right / truePairs;
        console.log(
          `minScore ${threshold.toFixed(1)}: ${listed.length} pairs listed, ${right} right of ${truePairs} true pairs: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`,
        );
      }
    }
    // then a few customers written after the scan: each of `changed` originals takes the phone of another original
    for (const changed of [10, 300]) {
      await db.sql.query(
        `update customer c set phone = o.phone, updated_at = now() from generate_series(1, $2::int) g, customer o
          where c.workspace_id = $1 and o.workspace_id = $1 and c.external_id = 'P' || (g * 31) and o.external_id = 'P' || (g * 31 + 1)`,
        [workspaceId, changed],
      );
      const r = await timed(`rescoring after ${changed} customers changed`, () => rescoreWorkspace(db.sql, workspaceId, { wait: true }));
      console.log(`  rescored ${r!.customers} customers, wrote ${r!.pairs} pairs (full: ${r!.full})`);
    }
  } finally {
    await db.close();
    if (process.argv.includes("--keep") || reuse !== null) console.log(`kept database ${dbName}`);
    else await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
};

await main();
