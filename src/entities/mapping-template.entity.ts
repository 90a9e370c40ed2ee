import { OptionalProps, type Rel } from "@mikro-orm/core";
import { Entity, ManyToOne, PrimaryKey, Property, Unique } from "@mikro-orm/decorators/legacy";
import type { FieldMapping } from "../import/index.js";
import { Workspace } from "./workspace.entity.js";

@Entity({ tableName: "mapping_template" })
@Unique({ properties: ["workspace", "entity", "name"] })
export class MappingTemplate {
  [OptionalProps]?: "createdAt" | "updatedAt";

  @PrimaryKey({ type: "uuid", defaultRaw: "gen_random_uuid()" })
  id!: string;

  @ManyToOne(() => Workspace, { deleteRule: "cascade" })
  workspace!: Rel<Workspace>;

  @Property({ type: "text" })
  entity!: string;

  @Property({ type: "text" })
  name!: string;

  @Property({ type: "jsonb" })
  mapping!: FieldMapping[];

  @Property({ type: "jsonb", nullable: true })
  options?: Record<string, unknown> | null;

  @Property({ type: "timestamptz", defaultRaw: "now()" })
  createdAt!: Date;

  @Property({ type: "timestamptz", defaultRaw: "now()", onUpdate: () => new Date() })
  updatedAt!: Date;
}
