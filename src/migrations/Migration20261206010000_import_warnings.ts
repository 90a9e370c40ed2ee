import { Migration } from "@mikro-orm/migrations";

/**
 * Job-level warnings (ambiguous columns, a file imported before), decided at start and kept
 * with the job; and an index to find an earlier import of the same file in a workspace.
 */
export class Migration20261206010000_import_warnings extends Migration {
  override up(): void {
    this.addSql(`alter table import_job add column if not exists warnings jsonb not null default '[]'::jsonb`);
    this.addSql(`create index if not exists import_job_workspace_sha256_idx on import_job (workspace_id, file_sha256)`);
  }
}
