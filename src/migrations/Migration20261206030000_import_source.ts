import { Migration } from "@mikro-orm/migrations";
import { APP_ROLE } from "./Migration20261201000000_row_level_security.js";

const CURRENT_WORKSPACE = "nullif(current_setting('app.workspace_id', true), '')::uuid";

/**
 * Where a job's records came from (a file, an API call, a database), the idempotency key of a
 * bulk API call (its file_sha256 is then the SHA-256 of the call's canonical input), and each job's per-row outcomes: one row per committed batch holding arrays,
 * so a million-row import adds a few hundred rows, not a million.
 */
export class Migration20261206030000_import_source extends Migration {
  override up(): void {
    this.addSql(`alter table import_job add column if not exists source text not null default 'FILE'`);
    this.addSql(`alter table import_job add column if not exists idempotency_key text`);
    // a retried call finds the first one's job; a concurrent one waits on this index for its commit
    this.addSql(`create unique index if not exists import_job_idempotency_idx on import_job (workspace_id, idempotency_key)
      where idempotency_key is not null`);
    this.addSql(`create table if not exists import_row_outcome (
      workspace_id uuid not null,
      job_id uuid not null references import_job(id) on delete cascade,
      first_row integer not null,
      "rows" integer[] not null,
      statuses text not null,
      record_ids bigint[] not null,
      external_ids text[] not null,
      primary key (job_id, first_row)
    )`);
    this.addSql(`grant select, insert, update, delete on import_row_outcome to ${APP_ROLE}`);
    this.addSql(`alter table import_row_outcome enable row level security`);
    this.addSql(`alter table import_row_outcome force row level security`);
    this.addSql(`do $$ begin
      execute format('create policy owner_all on import_row_outcome to %I using (true) with check (true)', current_user);
    end $$`);
    this.addSql(`create policy app_workspace on import_row_outcome to ${APP_ROLE}
      using (workspace_id = ${CURRENT_WORKSPACE}) with check (workspace_id = ${CURRENT_WORKSPACE})`);
  }
}
