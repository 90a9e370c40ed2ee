import { Migration } from "@mikro-orm/migrations";

/**
 * Off-peak imports: a job may wait, SCHEDULED, until its run_at. The partial index keeps the
 * promotion of due jobs (status SCHEDULED, run_at <= now()) an index probe, apart from the claim index.
 */
export class Migration20261206060000_scheduled_imports extends Migration {
  override up(): void {
    this.addSql(`alter table import_job add column run_at timestamptz`);
    this.addSql(`create index import_job_scheduled_idx on import_job (run_at) where status = 'SCHEDULED'`);
  }

  override down(): void {
    this.addSql(`drop index import_job_scheduled_idx`);
    this.addSql(`alter table import_job drop column run_at`);
  }
}
