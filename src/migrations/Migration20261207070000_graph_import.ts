import { Migration } from "@mikro-orm/migrations";

/**
 * Graph imports (one job writes customers with their interactions and transactions): the job's
 * counts per entity, the entity each row error concerns, and each result row's entity as one
 * letter per row (C, I, T), all null on single-entity jobs.
 */
export class Migration20261207070000_graph_import extends Migration {
  override up(): void {
    this.addSql(`alter table import_job add column entity_counts jsonb`);
    this.addSql(`alter table import_row_error add column entity text`);
    this.addSql(`alter table import_row_outcome add column entities text`);
  }

  override down(): void {
    this.addSql(`alter table import_row_outcome drop column entities`);
    this.addSql(`alter table import_row_error drop column entity`);
    this.addSql(`alter table import_job drop column entity_counts`);
  }
}
