import { Migration } from "@mikro-orm/migrations";
import { APP_ROLE } from "./Migration20261201000000_row_level_security.js";

const CURRENT_WORKSPACE = "nullif(current_setting('app.workspace_id', true), '')::uuid";

/**
 * Graph imports of a workbook or a ZIP (one sheet or file per entity): the keys of the customers
 * a job has judged and written, so the later parts link to them. A key whose customer this job
 * did not write (it failed or was skipped) gives its interactions and transactions PARENT_FAILED;
 * written in each customer batch's transaction, so a resumed job finds them as they were committed.
 */
export class Migration20261207100000_graph_keys extends Migration {
  override up(): void {
    this.addSql(`create table import_graph_key (
      workspace_id uuid not null,
      job_id uuid not null references import_job(id) on delete cascade,
      key text not null,
      refused boolean not null,
      primary key (job_id, key)
    )`);
    this.addSql(`grant select, insert, update, delete on import_graph_key to ${APP_ROLE}`);
    this.addSql(`alter table import_graph_key enable row level security`);
    this.addSql(`alter table import_graph_key force row level security`);
    this.addSql(`do $$ begin
      execute format('create policy owner_all on import_graph_key to %I using (true) with check (true)', current_user);
    end $$`);
    this.addSql(`create policy app_workspace on import_graph_key to ${APP_ROLE}
      using (workspace_id = ${CURRENT_WORKSPACE}) with check (workspace_id = ${CURRENT_WORKSPACE})`);
    // where the service role exists already (a database migrated past it), it gets its policy here
    this.addSql(`do $$ begin
      if exists (select 1 from pg_roles where rolname = 'crm_service') then
        create policy service_all on import_graph_key to crm_service using (true) with check (true);
        grant select, insert, update, delete on import_graph_key to crm_service;
      end if;
    end $$`);
  }

  override down(): void {
    this.addSql(`drop table if exists import_graph_key`);
  }
}
