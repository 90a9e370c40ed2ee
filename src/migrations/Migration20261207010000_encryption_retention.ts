import { Migration } from "@mikro-orm/migrations";

/**
 * Encryption at rest and retention.
 * - data_key: one row per data key that sealed something here, with a value sealed under it, so
 *   a process started with a missing or wrong key refuses at once instead of failing later.
 * - import_file_chunk.sealed: chunks stored before this migration stay readable as they are
 *   (`keys rotate` seals them); every chunk stored after it is sealed.
 * - import_row_error.raw_sealed: the row's cells, sealed; the plaintext `raw` is only for rows
 *   stored before (again, `keys rotate` seals them).
 * - import_job.details_expired_at: when the worker purged the job's row errors and results.
 * Chunks of jobs that had already ended are deleted: no worker reads them again.
 */
export class Migration20261207010000_encryption_retention extends Migration {
  override up(): void {
    this.addSql(`create table if not exists data_key (
      key_id text primary key,
      canary bytea not null,
      created_at timestamptz not null default now()
    )`);
    // the deployment's, not a workspace's: the owner only, and no grant to the app role
    this.addSql(`alter table data_key enable row level security`);
    this.addSql(`alter table data_key force row level security`);
    this.addSql(`do $$ begin
      execute format('create policy owner_all on data_key to %I using (true) with check (true)', current_user);
    end $$`);
    this.addSql(`alter table import_file_chunk add column sealed boolean not null default false`);
    this.addSql(`alter table import_file_chunk alter column sealed set default true`);
    this.addSql(`alter table import_row_error add column raw_sealed bytea`);
    this.addSql(`alter table import_job add column details_expired_at timestamptz`);
    this.addSql(`create index import_job_retention_idx on import_job (finished_at) where details_expired_at is null and finished_at is not null`);
    this.addSql(`delete from import_file_chunk c using import_job j where j.id = c.job_id and j.status not in ('SCHEDULED', 'QUEUED', 'RUNNING')`);
  }

  override down(): void {
    this.addSql(`drop index import_job_retention_idx`);
    this.addSql(`alter table import_job drop column details_expired_at`);
    this.addSql(`alter table import_row_error drop column raw_sealed`);
    this.addSql(`alter table import_file_chunk drop column sealed`);
    this.addSql(`drop table data_key`);
  }
}
