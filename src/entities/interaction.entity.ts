import { OptionalProps, type Rel } from "@mikro-orm/core";
import { Entity, ManyToOne, PrimaryKey, Property, Unique } from "@mikro-orm/decorators/legacy";
import { Customer } from "./customer.entity.js";
import { Workspace } from "./workspace.entity.js";

@Entity({ tableName: "interaction" })
@Unique({ properties: ["workspace", "externalId"] })
export class Interaction {
  [OptionalProps]?: "createdAt" | "updatedAt";

  @PrimaryKey({ type: "bigint", autoincrement: true })
  id!: string;

  @ManyToOne(() => Workspace, { deleteRule: "cascade" })
  workspace!: Rel<Workspace>;

  @ManyToOne(() => Customer, { deleteRule: "cascade" })
  customer!: Rel<Customer>;

  @Property({ type: "text", nullable: true }) externalId?: string | null;
  @Property({ type: "text" }) type!: string;
  @Property({ type: "text", nullable: true }) direction?: string | null;
  @Property({ type: "text", nullable: true }) subject?: string | null;
  @Property({ type: "text", nullable: true }) body?: string | null;
  @Property({ type: "timestamptz" }) occurredAt!: Date;
  @Property({ type: "uuid", nullable: true }) createdByJobId?: string | null;
  @Property({ type: "uuid", nullable: true }) lastJobId?: string | null;
  @Property({ type: "timestamptz", defaultRaw: "now()" }) createdAt!: Date;
  @Property({ type: "timestamptz", defaultRaw: "now()" }) updatedAt!: Date;
}
