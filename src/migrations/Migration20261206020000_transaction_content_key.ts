import { Migration } from "@mikro-orm/migrations";

/**
 * A transaction imported without an externalId is known by its content (customer, time, kind,
 * amount, currency and its position among identical rows of its file), so a file imported twice
 * posts nothing twice. Unique per workspace; rows with an externalId leave it null. The table's
 * grants and row-level security policies cover the new column as they cover the table.
 */
export class Migration20261206020000_transaction_content_key extends Migration {
  override up(): void {
    this.addSql(`alter table "transaction" add column if not exists content_key text`);
    this.addSql(
      `create unique index if not exists transaction_workspace_content_key_key on "transaction" (workspace_id, content_key) where content_key is not null`,
    );
  }
}
