import { Migration } from "@mikro-orm/migrations";

/**
 * Keyset pages by id within one workspace (exports, row-level security filters): without these,
 * a page of one workspace walks the primary key through every other workspace's rows.
 */
export class Migration20261202000000_workspace_id_indexes extends Migration {
  override up(): void {
    this.addSql(`create index if not exists customer_workspace_id_idx on customer (workspace_id, id)`);
    this.addSql(`create index if not exists interaction_workspace_id_idx on interaction (workspace_id, id)`);
    this.addSql(`create index if not exists transaction_workspace_id_idx on "transaction" (workspace_id, id)`);
  }
}
