import { Migration } from "@mikro-orm/migrations";

/**
 * Drops the three blocking indexes Migration20261207060000_customer_dedupe made for duplicate
 * candidates: the candidate query reads the workspace's customers once and groups them by each
 * blocking key (hash aggregates over one materialized scan), and no other query filters on the
 * name key, the e-mail's local part or the company key, so no plan used them while every customer
 * write paid for them (the company key's regexp_replace on each insert). BENCHMARKS.md, "Indexes",
 * has the plans and the measured write cost.
 */
export class Migration20261207130000_drop_unused_customer_indexes extends Migration {
  override up(): void {
    this.addSql(`drop index if exists customer_workspace_name_key_idx`);
    this.addSql(`drop index if exists customer_workspace_email_local_idx`);
    this.addSql(`drop index if exists customer_workspace_company_key_idx`);
  }

  override down(): void {
    this.addSql(`create index customer_workspace_name_key_idx on customer (workspace_id, name_key) where name_key is not null`);
    this.addSql(`create index customer_workspace_email_local_idx on customer (workspace_id, split_part(email, '@', 1)) where email is not null`);
    this.addSql(`create index customer_workspace_company_key_idx on customer (workspace_id, lower(regexp_replace(company, '[^[:alnum:]]+', '', 'g')))
      where company is not null`);
  }
}
