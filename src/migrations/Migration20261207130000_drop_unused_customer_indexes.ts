import { Migration } from "@mikro-orm/migrations";

/**
 * Drops three customer indexes no query plan uses, while every customer write pays for them
 * (BENCHMARKS.md, "Indexes", has the plans and the measured write cost):
 * - the e-mail local-part and company-key blocking indexes Migration20261207060000_customer_dedupe
 *   made for duplicate candidates: the candidate query reads the workspace's customers once and
 *   groups them by each blocking key (hash aggregates over one materialized scan), and the
 *   import's possible-duplicate check probes only by phone and name key (an expression such as
 *   split_part is not leakproof, so under row-level security no index on it is used). The
 *   name-key index stays: that check probes it for each new row.
 * - the GIN index on tags: the app reads as crm_app under row-level security, and `&&`
 *   (arrayoverlap) is not leakproof, so PostgreSQL may not evaluate it ahead of the workspace
 *   policy and never uses the index for it: the tags filter runs as a filter on the workspace's
 *   rows with or without it.
 */
export class Migration20261207130000_drop_unused_customer_indexes extends Migration {
  override up(): void {
    this.addSql(`drop index if exists customer_workspace_email_local_idx`);
    this.addSql(`drop index if exists customer_workspace_company_key_idx`);
    this.addSql(`drop index if exists customer_tags_idx`);
  }

  override down(): void {
    this.addSql(`create index customer_workspace_email_local_idx on customer (workspace_id, split_part(email, '@', 1)) where email is not null`);
    this.addSql(`create index customer_workspace_company_key_idx on customer (workspace_id, lower(regexp_replace(company, '[^[:alnum:]]+', '', 'g')))
      where company is not null`);
    this.addSql(`create index customer_tags_idx on customer using gin (tags)`);
  }
}
