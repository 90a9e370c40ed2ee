import DataLoader from "dataloader";
import { countActivities, findActivitiesByIds, findActivityPages, type ActivityPageQuery, type ActivityRow } from "./entities/activity.repository.js";
import { findCustomersByIds, findFieldSources, lastInteractionTimes, lifetimeValues, type CustomerRow, type MoneyRow } from "./entities/customer.repository.js";
import type { SqlClient } from "./entities/sql-client.js";
import { findJobMappings } from "./entities/import-job.repository.js";
import type { FieldWriter } from "./import/index.js";
import { sqlTimeToDateOrNull } from "./common/sql-time.js";

type PageKey = { customerId: string; query: ActivityPageQuery };
type CountKey = { customerId: string; query: Pick<ActivityPageQuery, "sources" | "since" | "until" | "interactionType"> };

// each key's query arguments are written out once, however often the key is looked at
const tags = new WeakMap<object, string>();
const tagOf = (query: unknown): string => {
  if (typeof query !== "object" || query === null) return JSON.stringify(query);
  let tag = tags.get(query);
  if (tag === undefined) {
    tag = JSON.stringify(query);
    tags.set(query, tag);
  }
  return tag;
};

/** Groups keys that share the same query arguments, so each group is one statement. */
const byQuery = <K extends { customerId: string; query: unknown }>(keys: readonly K[]) => {
  const groups = new Map<string, { query: K["query"]; ids: string[] }>();
  for (const key of keys) {
    const tag = tagOf(key.query);
    const group: { query: K["query"]; ids: string[] } = groups.get(tag) ?? { query: key.query, ids: [] };
    group.ids.push(key.customerId);
    groups.set(tag, group);
  }
  return groups;
};

const keyOf = (key: { customerId: string; query: unknown }) => `${key.customerId}|${tagOf(key.query)}`;

/** Per-request loaders: each kind of read is one statement per request level, not per row. */
export const createLoaders = (sql: SqlClient, workspaceId: string) => ({
  customer: new DataLoader<string, CustomerRow | null>(async (ids) => {
    const rows = await findCustomersByIds(sql, workspaceId, ids);
    const byId = new Map(rows.map((r) => [String(r.id), r]));
    return ids.map((id) => byId.get(id) ?? null);
  }),
  fieldSources: new DataLoader<string, FieldWriter[]>(async (ids) => {
    const rows = await findFieldSources(sql, workspaceId, ids);
    const byId = new Map(rows.map((r) => [String(r.id), r.field_sources as FieldWriter[]]));
    return ids.map((id) => byId.get(id) ?? []);
  }),
  /** An import job's mapping as target field -> source column. */
  jobColumns: new DataLoader<string, ReadonlyMap<string, string>>(async (ids) => {
    const rows = await findJobMappings(sql, workspaceId, ids);
    const byId = new Map(rows.map((r) => [r.id, new Map((Array.isArray(r.mapping) ? r.mapping : []).map((m) => [m.target, m.source]))]));
    return ids.map((id) => byId.get(id) ?? new Map());
  }),
  lifetimeValue: new DataLoader<string, MoneyRow[]>(async (ids) => {
    const rows = await lifetimeValues(sql, workspaceId, ids);
    return ids.map((id) => rows.filter((r) => String(r.customer_id) === id));
  }),
  lastInteractionAt: new DataLoader<string, Date | null>(async (ids) => {
    const rows = await lastInteractionTimes(sql, workspaceId, ids);
    const byId = new Map(rows.map((r) => [String(r.customer_id), sqlTimeToDateOrNull(r.at)]));
    return ids.map((id) => byId.get(id) ?? null);
  }),
  activityPage: new DataLoader<PageKey, ActivityRow[], string>(
    async (keys) => {
      const results = new Map<string, ActivityRow[]>();
      for (const { query, ids } of byQuery(keys).values()) {
        const rows = await findActivityPages(sql, workspaceId, ids, query as ActivityPageQuery);
        for (const id of ids) results.set(keyOf({ customerId: id, query }), []);
        for (const row of rows) results.get(keyOf({ customerId: String(row.customer_id), query }))?.push(row);
      }
      return keys.map((k) => results.get(keyOf(k)) ?? []);
    },
    { cacheKeyFn: keyOf },
  ),
  activityCount: new DataLoader<CountKey, number, string>(
    async (keys) => {
      const results = new Map<string, number>();
      for (const { query, ids } of byQuery(keys).values()) {
        const counts = await countActivities(sql, workspaceId, ids, query as CountKey["query"]);
        for (const id of ids) results.set(keyOf({ customerId: id, query }), counts.get(id) ?? 0);
      }
      return keys.map((k) => results.get(keyOf(k)) ?? 0);
    },
    { cacheKeyFn: keyOf },
  ),
  interaction: new DataLoader<string, ActivityRow | null>(async (ids) => {
    const rows = await findActivitiesByIds(sql, workspaceId, "I", ids);
    return ids.map((id) => rows.find((r) => String(r.id) === id) ?? null);
  }),
  transaction: new DataLoader<string, ActivityRow | null>(async (ids) => {
    const rows = await findActivitiesByIds(sql, workspaceId, "T", ids);
    return ids.map((id) => rows.find((r) => String(r.id) === id) ?? null);
  }),
});

export type Loaders = ReturnType<typeof createLoaders>;
