import { OptionalProps, type Rel } from "@mikro-orm/core";
import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from "@mikro-orm/decorators/legacy";
import { Workspace } from "./workspace.entity.js";

@Entity({ tableName: "customer" })
@Unique({ properties: ["workspace", "externalId"] })
@Unique({ properties: ["workspace", "email"] })
@Index({ properties: ["workspace", "createdAt", "id"] })
export class Customer {
  [OptionalProps]?: "createdAt" | "updatedAt" | "tags" | "customFields";

  @PrimaryKey({ type: "bigint", autoincrement: true })
  id!: string;

  @ManyToOne(() => Workspace, { deleteRule: "cascade" })
  workspace!: Rel<Workspace>;

  @Property({ type: "text", nullable: true }) externalId?: string | null;
  @Property({ type: "text", nullable: true }) firstName?: string | null;
  @Property({ type: "text", nullable: true }) lastName?: string | null;
  @Property({ type: "text", nullable: true }) email?: string | null;
  @Property({ type: "text", nullable: true }) phone?: string | null;
  @Property({ type: "text", nullable: true }) company?: string | null;
  @Property({ type: "text", nullable: true }) jobTitle?: string | null;
  @Property({ type: "text", nullable: true }) city?: string | null;
  @Property({ type: "text", nullable: true }) country?: string | null;
  @Property({ type: "text[]", defaultRaw: "'{}'" }) tags!: string[];
  @Property({ type: "jsonb", defaultRaw: "'{}'" }) customFields!: Record<string, string>;
  @Property({ type: "uuid", nullable: true }) createdByJobId?: string | null;
  @Property({ type: "uuid", nullable: true }) lastJobId?: string | null;
  @Property({ type: "timestamptz", defaultRaw: "now()" }) createdAt!: Date;
  @Property({ type: "timestamptz", defaultRaw: "now()" }) updatedAt!: Date;
}
