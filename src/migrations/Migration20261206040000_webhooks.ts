import { Migration } from "@mikro-orm/migrations";
import { APP_ROLE } from "./Migration20261201000000_row_level_security.js";

const CURRENT_WORKSPACE = "nullif(current_setting('app.workspace_id', true), '')::uuid";

/**
 * Outbound webhooks: the endpoints a workspace's ADMIN registers, and the outbox of their
 * deliveries, written in the same transaction as the change it tells of (at-least-once).
 * Both tables are workspace tables under the same row-level security as the others.
 */
export class Migration20261206040000_webhooks extends Migration {
  override up(): void {
    this.addSql(`create table webhook_endpoint (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspace(id) on delete cascade,
      url text not null,
      description text,
      events text[] not null,
      secret text not null,
      created_by_key_id uuid,
      failing_since timestamptz,
      disabled_at timestamptz,
      disabled_reason text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
    this.addSql(`create index webhook_endpoint_workspace_idx on webhook_endpoint (workspace_id, created_at, id)`);
    this.addSql(`create table webhook_delivery (
      id uuid primary key default gen_random_uuid(),
      workspace_id uuid not null references workspace(id) on delete cascade,
      endpoint_id uuid not null references webhook_endpoint(id) on delete cascade,
      event_type text not null,
      body text not null,
      status text not null default 'PENDING' check (status in ('PENDING', 'DELIVERED', 'FAILED')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      lease_owner text,
      lease_expires_at timestamptz,
      last_attempt_at timestamptz,
      last_status_code integer,
      last_error text,
      last_response_body text,
      last_duration_ms integer,
      delivered_at timestamptz,
      created_at timestamptz not null default now()
    )`);
    // the dispatcher's claim looks only at what is due
    this.addSql(`create index webhook_delivery_due_idx on webhook_delivery (next_attempt_at) where status = 'PENDING'`);
    this.addSql(`create index webhook_delivery_endpoint_idx on webhook_delivery (endpoint_id, created_at desc, id desc)`);

    this.addSql(`grant select, insert, update, delete on webhook_endpoint, webhook_delivery to ${APP_ROLE}`);
    // records.changed finds a batch's new rows above the id its sequence had reached before the batch
    this.addSql(`grant select on sequence customer_id_seq, interaction_id_seq, transaction_id_seq to ${APP_ROLE}`);
    for (const t of ["webhook_endpoint", "webhook_delivery"]) {
      this.addSql(`alter table ${t} enable row level security`);
      this.addSql(`alter table ${t} force row level security`);
      this.addSql(`do $$ begin
        execute format('create policy owner_all on ${t} to %I using (true) with check (true)', current_user);
      end $$`);
      this.addSql(`create policy app_workspace on ${t} to ${APP_ROLE}
        using (workspace_id = ${CURRENT_WORKSPACE}) with check (workspace_id = ${CURRENT_WORKSPACE})`);
    }
  }
}
