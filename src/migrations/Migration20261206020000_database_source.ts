import { Migration } from "@mikro-orm/migrations";

/**
 * Imports from a live database: the key of the last committed row (a resume reads on after it),
 * and the source's password sealed with DATABASE_IMPORT_SECRET, cleared when the job ends.
 */
export class Migration20261206020000_database_source extends Migration {
  override up(): void {
    this.addSql(`alter table import_job add column if not exists source_key jsonb`);
    this.addSql(`alter table import_job add column if not exists source_secret text`);
  }
}
