import { Migration } from "@mikro-orm/migrations";

/** The role the request path and the import writers run as; see the policies below. */
export const APP_ROLE = "crm_app";

// Tables whose rows carry the workspace they belong to.
const WORKSPACE_TABLES = ["api_key", "customer", "interaction", "transaction", "import_job", "import_row_error", "mapping_template"];
// Tables whose rows belong to an import job: they follow the job's visibility.
const JOB_TABLES = ["import_file_chunk", "import_change"];

const CURRENT_WORKSPACE = "nullif(current_setting('app.workspace_id', true), '')::uuid";

/**
 * Row-level security as a second line behind the app's own `workspace_id = $1`. The app
 * connects as the owner and runs every request, and every import batch, inside a transaction
 * that does `set local role crm_app` and sets `app.workspace_id`: crm_app owns nothing and
 * cannot bypass RLS, so a statement that forgets its workspace still sees only that one.
 * Policies are forced, so the owner is bound by them too: it gets its own unrestricted policy,
 * for the paths that run before a workspace is known or across all of them (the API-key
 * lookup, the job queue, the CLI, migrations). Grants are explicit, not default privileges: a
 * table added later stays closed to crm_app until a migration grants it and gives it a policy.
 */
export class Migration20261201000000_row_level_security extends Migration {
  override up(): void {
    // Roles are cluster-wide: another database of the cluster may have made it already, or be
    // making it now (the migration lock is per database). A DBA may have granted it to the
    // owner already; a superuser may take on any role without a grant.
    this.addSql(`do $$ begin
      if not exists (select 1 from pg_roles where rolname = '${APP_ROLE}') then
        begin
          create role ${APP_ROLE} nologin nosuperuser nobypassrls;
        exception when duplicate_object or unique_violation then null;
        end;
      end if;
      if not pg_has_role(current_user, '${APP_ROLE}', 'member') then
        grant ${APP_ROLE} to current_user;
      end if;
    end $$`);
    this.addSql(`grant usage on schema public to ${APP_ROLE}`);
    this.addSql(`grant select on workspace to ${APP_ROLE}`);
    const all = [...WORKSPACE_TABLES, ...JOB_TABLES].map((t) => `"${t}"`).join(", ");
    this.addSql(`grant select, insert, update, delete on ${all} to ${APP_ROLE}`);
    // identity columns draw from their sequence without a grant on it

    const table = (t: string) => `"${t}"`;
    for (const t of ["workspace", ...WORKSPACE_TABLES, ...JOB_TABLES]) {
      this.addSql(`alter table ${table(t)} enable row level security`);
      this.addSql(`alter table ${table(t)} force row level security`);
      // the owner's policy names the role that runs the migrations, which owns the tables
      this.addSql(`do $$ begin
        execute format('create policy owner_all on ${table(t)} to %I using (true) with check (true)', current_user);
      end $$`);
    }
    this.addSql(`create policy app_workspace on workspace to ${APP_ROLE} using (id = ${CURRENT_WORKSPACE})`);
    for (const t of WORKSPACE_TABLES) {
      this.addSql(`create policy app_workspace on ${table(t)} to ${APP_ROLE}
        using (workspace_id = ${CURRENT_WORKSPACE}) with check (workspace_id = ${CURRENT_WORKSPACE})`);
    }
    // import_job's own policy applies inside the subquery: only the current workspace's jobs exist there
    for (const t of JOB_TABLES) {
      const ownJob = `exists (select 1 from import_job j where j.id = ${table(t)}.job_id)`;
      this.addSql(`create policy app_workspace on ${table(t)} to ${APP_ROLE} using (${ownJob}) with check (${ownJob})`);
    }
  }
}
