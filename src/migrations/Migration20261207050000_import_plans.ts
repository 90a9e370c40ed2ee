import { Migration } from "@mikro-orm/migrations";
import { APP_ROLE } from "./Migration20261201000000_row_level_security.js";

const CURRENT_WORKSPACE = "nullif(current_setting('app.workspace_id', true), '')::uuid";

/**
 * Dry-run plans: what a dry run would do, one row per committed batch (its counts per kind and
 * one payload, so a million-row plan is a few hundred rows), deleted with its job or by a purge.
 * A job that applies a plan names it (plan_job_id, at most one per plan); the dry run names the
 * job that applied it.
 */
export class Migration20261207050000_import_plans extends Migration {
  override up(): void {
    this.addSql(`create table if not exists import_plan_batch (
      workspace_id uuid not null,
      job_id uuid not null references import_job(id) on delete cascade,
      last_row integer not null,
      record_count integer not null,
      insert_count integer not null,
      update_count integer not null,
      unchanged_count integer not null,
      conflict_count integer not null,
      skipped_count integer not null,
      failed_count integer not null,
      payload bytea not null,
      primary key (job_id, last_row)
    )`);
    // no foreign key: a purged dry run leaves its applying job's plan_job_id in place, so a job still
    // queued finds no plan there and fails with PLAN_EXPIRED instead of being taken for a file import
    this.addSql(`alter table import_job add column if not exists plan_job_id uuid`);
    this.addSql(`alter table import_job add column if not exists applied_by_job_id uuid references import_job(id) on delete set null`);
    this.addSql(`create unique index if not exists import_job_plan_idx on import_job (plan_job_id) where plan_job_id is not null`);
    // an apply carries the dry run's row errors over a batch at a time, by row: import_row_error_job_row_idx,
    // made by Migration20261207040000_import_fixes
    this.addSql(`grant select, insert, update, delete on import_plan_batch to ${APP_ROLE}`);
    this.addSql(`alter table import_plan_batch enable row level security`);
    this.addSql(`alter table import_plan_batch force row level security`);
    this.addSql(`do $$ begin
      execute format('create policy owner_all on import_plan_batch to %I using (true) with check (true)', current_user);
    end $$`);
    this.addSql(`create policy app_workspace on import_plan_batch to ${APP_ROLE}
      using (workspace_id = ${CURRENT_WORKSPACE}) with check (workspace_id = ${CURRENT_WORKSPACE})`);
  }

  override down(): void {
    this.addSql(`drop table if exists import_plan_batch`);
    this.addSql(`drop index if exists import_job_plan_idx`);
    this.addSql(`alter table import_job drop column if exists applied_by_job_id`);
    this.addSql(`alter table import_job drop column if exists plan_job_id`);
  }
}
