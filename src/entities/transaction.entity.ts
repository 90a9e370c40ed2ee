import { OptionalProps, type Rel } from "@mikro-orm/core";
import { Entity, ManyToOne, PrimaryKey, Property, Unique } from "@mikro-orm/decorators/legacy";
import { Customer } from "./customer.entity.js";
import { Workspace } from "./workspace.entity.js";

/** A purchase, refund or payment; the amount is an exact positive decimal. */
@Entity({ tableName: "transaction" })
@Unique({ properties: ["workspace", "externalId"] })
export class Transaction {
  [OptionalProps]?: "createdAt" | "updatedAt";

  @PrimaryKey({ type: "bigint", autoincrement: true })
  id!: string;

  @ManyToOne(() => Workspace, { deleteRule: "cascade" })
  workspace!: Rel<Workspace>;

  @ManyToOne(() => Customer, { deleteRule: "cascade" })
  customer!: Rel<Customer>;

  @Property({ type: "text", nullable: true }) externalId?: string | null;
  /** The identity of a row imported without an externalId (see transactionContentKey); unique per workspace. */
  @Property({ type: "text", nullable: true }) contentKey?: string | null;
  @Property({ type: "text" }) kind!: string;
  @Property({ type: "text" }) status!: string;
  @Property({ type: "decimal", precision: 20, scale: 4 }) amount!: string;
  @Property({ type: "character", length: 3 }) currency!: string;
  @Property({ type: "timestamptz" }) occurredAt!: Date;
  @Property({ type: "text", nullable: true }) description?: string | null;
  @Property({ type: "uuid", nullable: true }) createdByJobId?: string | null;
  @Property({ type: "uuid", nullable: true }) lastJobId?: string | null;
  @Property({ type: "timestamptz", defaultRaw: "now()" }) createdAt!: Date;
  @Property({ type: "timestamptz", defaultRaw: "now()" }) updatedAt!: Date;
}
