import { Migration } from "@mikro-orm/migrations";
import { APP_ROLE } from "./Migration20261201000000_row_level_security.js";

const CURRENT_WORKSPACE = "nullif(current_setting('app.workspace_id', true), '')::uuid";

/**
 * The audit trail and field provenance.
 *
 * audit_event is append-only twice over: the app role is granted INSERT and SELECT only, and a
 * trigger refuses every UPDATE, and every DELETE and TRUNCATE unless the owner sets
 * `app.audit_purge = 'on'` in its own transaction (the one door left for a retention purge; the
 * app role cannot delete at all). It has no foreign key to workspace: the trail outlives what it
 * tells of, and a cascade would need the very DELETE the trigger refuses.
 *
 * customer.field_sources holds, per record, the last writer of each field: a small array of
 * writers, each with the fields it last wrote (see import/write/field-sources.ts).
 */
export class Migration20261207020000_audit_trail extends Migration {
  override up(): void {
    this.addSql(`create table audit_event (
      id bigint generated always as identity primary key,
      workspace_id uuid not null,
      at timestamptz not null default clock_timestamp(),
      action text not null,
      key_id uuid,
      key_prefix text,
      request_id text,
      record_type text,
      record_id text,
      details jsonb not null default '{}'
    )`);
    this.addSql(`create index audit_event_workspace_idx on audit_event (workspace_id, id desc)`);
    this.addSql(`create index audit_event_record_idx on audit_event (workspace_id, record_id, id desc) where record_id is not null`);
    this.addSql(`create function audit_event_append_only() returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' or coalesce(current_setting('app.audit_purge', true), '') <> 'on' or current_user = '${APP_ROLE}' then
          raise exception 'audit_event is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
        end if;
        return old;
      end $$`);
    this.addSql(`create trigger audit_event_no_update before update or delete on audit_event for each row execute function audit_event_append_only()`);
    this.addSql(`create trigger audit_event_no_truncate before truncate on audit_event for each statement execute function audit_event_append_only()`);
    this.addSql(`grant select, insert on audit_event to ${APP_ROLE}`);
    this.addSql(`alter table audit_event enable row level security`);
    this.addSql(`alter table audit_event force row level security`);
    this.addSql(`do $$ begin
      execute format('create policy owner_all on audit_event to %I using (true) with check (true)', current_user);
    end $$`);
    this.addSql(`create policy app_workspace on audit_event to ${APP_ROLE}
      using (workspace_id = ${CURRENT_WORKSPACE}) with check (workspace_id = ${CURRENT_WORKSPACE})`);

    this.addSql(`alter table customer add column field_sources jsonb not null default '[]'`);
  }

  override down(): void {
    this.addSql(`alter table customer drop column field_sources`);
    this.addSql(`drop table audit_event`);
    this.addSql(`drop function audit_event_append_only()`);
  }
}
