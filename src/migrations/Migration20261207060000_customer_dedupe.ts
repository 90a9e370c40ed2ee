import { Migration } from "@mikro-orm/migrations";
import { customerNameKey } from "../import/clean/customer-name-key.js";
import { APP_ROLE } from "./Migration20261201000000_row_level_security.js";

const CURRENT_WORKSPACE = "nullif(current_setting('app.workspace_id', true), '')::uuid";
const BACKFILL_BATCH = 5000;

/**
 * Duplicate customers: pg_trgm for name similarity; customer.name_key (the name in pinyin and
 * sorted words, see customerNameKey), written by the app with every customer write and
 * back-filled here; the blocking indexes the candidate scoring joins on; customer_merge keeps
 * each merge's before-images so it can be undone exactly, and customer_redirect keeps a merged
 * customer's id and external id resolving to its survivor.
 */
export class Migration20261207060000_customer_dedupe extends Migration {
  override async up(): Promise<void> {
    // trusted since PostgreSQL 13: a database owner may create it; PGlite loads it from its contrib bundle
    await this.execute(`create extension if not exists pg_trgm`);
    await this.execute(`alter table customer add column name_key text`);
    for (let after = "0"; ;) {
      const rows = (await this.execute(`select id::text as id, first_name, last_name, company from customer where id > ? order by id limit ${BACKFILL_BATCH}`, [
        after,
      ])) as { id: string; first_name: string | null; last_name: string | null; company: string | null }[];
      if (rows.length === 0) break;
      const keys = rows.map((r) => ({ id: r.id, k: customerNameKey(r.first_name, r.last_name, r.company) })).filter((r) => r.k !== null);
      if (keys.length > 0) {
        await this.execute(`update customer c set name_key = r.k from jsonb_to_recordset(?::jsonb) as r(id bigint, k text) where c.id = r.id`, [
          JSON.stringify(keys),
        ]);
      }
      after = rows[rows.length - 1]!.id;
    }
    await this.execute(`create index customer_workspace_name_key_idx on customer (workspace_id, name_key) where name_key is not null`);
    await this.execute(`create index customer_workspace_email_local_idx on customer (workspace_id, split_part(email, '@', 1)) where email is not null`);
    await this.execute(`create index customer_workspace_company_key_idx on customer (workspace_id, lower(regexp_replace(company, '[^[:alnum:]]+', '', 'g')))
      where company is not null`);

    await this.execute(`create table customer_merge (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspace(id) on delete cascade,
      survivor_id bigint not null,
      merged_ids bigint[] not null,
      survivor_before jsonb not null,
      survivor_after_updated_at timestamptz not null,
      merged_rows jsonb not null,
      moved_interactions jsonb not null,
      moved_transactions jsonb not null,
      repointed jsonb not null default '[]',
      created_by_key_id uuid,
      created_at timestamptz not null default now(),
      undone_at timestamptz
    )`);
    await this.execute(`create index customer_merge_workspace_idx on customer_merge (workspace_id, created_at desc)`);
    // a merged customer's id and external id, or (old_id null) an external id the survivor gave up
    await this.execute(`create table customer_redirect (
      id bigint generated always as identity primary key,
      old_id bigint,
      workspace_id uuid not null references workspace(id) on delete cascade,
      external_id text,
      survivor_id bigint not null,
      merge_id uuid not null references customer_merge(id) on delete cascade
    )`);
    await this.execute(`create unique index customer_redirect_old_id_key on customer_redirect (old_id) where old_id is not null`);
    await this.execute(`create index customer_redirect_external_idx on customer_redirect (workspace_id, external_id) where external_id is not null`);
    await this.execute(`create index customer_redirect_survivor_idx on customer_redirect (survivor_id)`);
    await this.execute(`create index customer_redirect_merge_idx on customer_redirect (merge_id)`);

    await this.execute(`grant select, insert, update, delete on customer_merge, customer_redirect to ${APP_ROLE}`);
    for (const t of ["customer_merge", "customer_redirect"]) {
      await this.execute(`alter table ${t} enable row level security`);
      await this.execute(`alter table ${t} force row level security`);
      await this.execute(`do $$ begin
        execute format('create policy owner_all on ${t} to %I using (true) with check (true)', current_user);
      end $$`);
      await this.execute(`create policy app_workspace on ${t} to ${APP_ROLE}
        using (workspace_id = ${CURRENT_WORKSPACE}) with check (workspace_id = ${CURRENT_WORKSPACE})`);
    }
  }

  override async down(): Promise<void> {
    await this.execute(`drop table customer_redirect`);
    await this.execute(`drop table customer_merge`);
    await this.execute(`drop index customer_workspace_company_key_idx`);
    await this.execute(`drop index customer_workspace_email_local_idx`);
    await this.execute(`alter table customer drop column name_key`);
  }
}
