import { Migration } from "@mikro-orm/migrations";

/** A key may carry an end date; after it the key is refused like a revoked one. */
export class Migration20261206050000_api_key_expiry extends Migration {
  override up(): void {
    this.addSql(`alter table api_key add column if not exists expires_at timestamptz`);
  }
}
