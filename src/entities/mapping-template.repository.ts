import type { FieldMapping } from "../import/index.js";
import type { SqlClient, SqlTime } from "./sql-client.js";

export interface MappingTemplateRow {
  id: string;
  entity: string;
  name: string;
  mapping: FieldMapping[];
  options: Record<string, unknown> | null;
  created_at: SqlTime;
  updated_at: SqlTime;
}

const COLUMNS = "id, entity, name, mapping, options, created_at, updated_at";

export const findTemplateRow = async (sql: SqlClient, workspaceId: string, id: string): Promise<MappingTemplateRow | null> =>
  (await sql.query<MappingTemplateRow>(`select ${COLUMNS} from mapping_template where workspace_id = $1 and id = $2`, [workspaceId, id]))[0] ?? null;

export const listTemplateRows = (sql: SqlClient, workspaceId: string, entity: string | null) =>
  sql.query<MappingTemplateRow>(`select ${COLUMNS} from mapping_template where workspace_id = $1 and ($2::text is null or entity = $2) order by entity, name`, [
    workspaceId,
    entity,
  ]);

/** Saves a template by (entity, name): a second save with the same name replaces the first. */
export const upsertTemplateRow = async (
  sql: SqlClient,
  workspaceId: string,
  t: { entity: string; name: string; mapping: FieldMapping[]; options: Record<string, unknown> | null },
): Promise<MappingTemplateRow> =>
  (
    await sql.query<MappingTemplateRow>(
      `insert into mapping_template (workspace_id, entity, name, mapping, options) values ($1, $2, $3, $4::jsonb, $5::jsonb)
     on conflict (workspace_id, entity, name) do update set mapping = excluded.mapping, options = excluded.options, updated_at = now()
     returning ${COLUMNS}`,
      [workspaceId, t.entity, t.name, JSON.stringify(t.mapping), t.options === null ? null : JSON.stringify(t.options)],
    )
  )[0]!;
