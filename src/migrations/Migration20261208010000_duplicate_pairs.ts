import { Migration } from "@mikro-orm/migrations";
import { APP_ROLE } from "./Migration20261201000000_row_level_security.js";

const CURRENT_WORKSPACE = "nullif(current_setting('app.workspace_id', true), '')::uuid";

/**
 * Stored duplicate candidates, so `duplicateCandidates` is an index read instead of grouping the
 * whole workspace on every call (minutes on 1M customers):
 * - duplicate_pair: each scored pair (a < b) with the evidence its reasons need; a pair goes with
 *   either customer (on delete cascade: a delete or a merge drops it at once). The page index
 *   (workspace_id, score desc, a, b) is the keyset order of the list.
 * - duplicate_scan: per workspace, the watermark over customer.updated_at up to which the pairs
 *   are rescored, and when the last scan and the last full recompute ran.
 * - duplicate_rescore: customers to rescore whatever their updated_at (an undone merge puts rows
 *   back with their old timestamps).
 * - customer (workspace_id, updated_at, id): the rescoring finds the customers written since the
 *   watermark by it; it is also the order of `customers(orderBy: UPDATED_AT)`, which had no index.
 */
export class Migration20261208010000_duplicate_pairs extends Migration {
  override up(): void {
    this.addSql(`create index customer_workspace_updated_idx on customer (workspace_id, updated_at, id)`);
    // no foreign key on workspace_id: a and b's go with the workspace's customers, and each key checked
    // costs the full recompute a lookup per pair (4.7M pairs on the bench's 1M customers)
    this.addSql(`create table duplicate_pair (
      workspace_id uuid not null,
      a bigint not null references customer(id) on delete cascade,
      b bigint not null references customer(id) on delete cascade,
      score float8 not null,
      same_phone boolean not null,
      email_local float8 not null,
      name_match float8 not null,
      name_similarity float8 not null,
      same_company boolean not null,
      same_city boolean not null,
      primary key (a, b),
      check (a < b)
    )`);
    this.addSql(`create index duplicate_pair_page_idx on duplicate_pair (workspace_id, score desc, a, b)`);
    // the cascade from customer and the rescoring's delete by customer look pairs up by b too (a leads the primary key)
    this.addSql(`create index duplicate_pair_b_idx on duplicate_pair (b)`);
    this.addSql(`create table duplicate_scan (
      workspace_id uuid primary key references workspace(id) on delete cascade,
      watermark timestamptz,
      scanned_at timestamptz,
      full_scan_at timestamptz
    )`);
    this.addSql(`create table duplicate_rescore (
      customer_id bigint primary key references customer(id) on delete cascade,
      workspace_id uuid not null references workspace(id) on delete cascade
    )`);
    this.addSql(`create index duplicate_rescore_workspace_idx on duplicate_rescore (workspace_id)`);
    const tables = ["duplicate_pair", "duplicate_scan", "duplicate_rescore"];
    this.addSql(`grant select, insert, update, delete on ${tables.join(", ")} to ${APP_ROLE}`);
    for (const t of tables) {
      this.addSql(`alter table ${t} enable row level security`);
      this.addSql(`alter table ${t} force row level security`);
      this.addSql(`do $$ begin
        execute format('create policy owner_all on ${t} to %I using (true) with check (true)', current_user);
      end $$`);
      this.addSql(`create policy app_workspace on ${t} to ${APP_ROLE}
        using (workspace_id = ${CURRENT_WORKSPACE}) with check (workspace_id = ${CURRENT_WORKSPACE})`);
      // where the service role exists already (a database migrated past it), it gets its policy here
      this.addSql(`do $$ begin
        if exists (select 1 from pg_roles where rolname = 'crm_service') then
          create policy service_all on ${t} to crm_service using (true) with check (true);
          grant select, insert, update, delete on ${t} to crm_service;
        end if;
      end $$`);
    }
  }

  override down(): void {
    this.addSql(`drop table if exists duplicate_rescore`);
    this.addSql(`drop table if exists duplicate_scan`);
    this.addSql(`drop table if exists duplicate_pair`);
    this.addSql(`drop index if exists customer_workspace_updated_idx`);
  }
}
