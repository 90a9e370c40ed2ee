import { Migration } from "@mikro-orm/migrations";

/** The role whose members may run the app's unscoped paths without owning anything. */
export const SERVICE_ROLE = "crm_service";

/**
 * A login role that owns nothing for the app. Until now the app logged in as the tables' owner:
 * its unscoped paths (the API-key lookup, the job queue, webhooks, the CLI) ran under the
 * owner's policies, and it could alter or drop any table. crm_service (nologin, no RLS bypass)
 * gets the rows, never the tables: data privileges on every table and sequence, now and later
 * (default privileges of the owner that runs the migrations), and an unrestricted policy on each
 * table with row-level security. A deployment grants it and crm_app to a login role of its own
 * and serves with that role, migrating with the owner's MIGRATION_DATABASE_URL (see SECURITY.md).
 * A later migration that enables row-level security on a table gives crm_service its policy too
 * (test/integration/database-roles.test.ts lists any table without one).
 */
export class Migration20261207090000_service_role extends Migration {
  override up(): void {
    // cluster-wide, as crm_app: another database of the cluster may have made it already
    this.addSql(`do $$ begin
      if not exists (select 1 from pg_roles where rolname = '${SERVICE_ROLE}') then
        begin
          create role ${SERVICE_ROLE} nologin nosuperuser nobypassrls;
        exception when duplicate_object or unique_violation then null;
        end;
      end if;
    end $$`);
    this.addSql(`grant usage on schema public to ${SERVICE_ROLE}`);
    this.addSql(`grant select, insert, update, delete on all tables in schema public to ${SERVICE_ROLE}`);
    this.addSql(`grant usage, select, update on all sequences in schema public to ${SERVICE_ROLE}`);
    this.addSql(`alter default privileges in schema public grant select, insert, update, delete on tables to ${SERVICE_ROLE}`);
    this.addSql(`alter default privileges in schema public grant usage, select, update on sequences to ${SERVICE_ROLE}`);
    this.addSql(`do $$ declare t record; begin
      for t in select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relrowsecurity
                  and not exists (select 1 from pg_policy p where p.polrelid = c.oid and p.polname = 'service_all') loop
        execute format('create policy service_all on public.%I to ${SERVICE_ROLE} using (true) with check (true)', t.relname);
      end loop;
    end $$`);
  }

  override down(): void {
    this.addSql(`do $$ declare t record; begin
      for t in select c.relname from pg_policy p join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = 'public' and p.polname = 'service_all' loop
        execute format('drop policy service_all on public.%I', t.relname);
      end loop;
    end $$`);
    this.addSql(`alter default privileges in schema public revoke all on tables from ${SERVICE_ROLE}`);
    this.addSql(`alter default privileges in schema public revoke all on sequences from ${SERVICE_ROLE}`);
    this.addSql(`revoke all on all tables in schema public from ${SERVICE_ROLE}`);
    this.addSql(`revoke all on all sequences in schema public from ${SERVICE_ROLE}`);
    this.addSql(`revoke usage on schema public from ${SERVICE_ROLE}`);
  }
}
