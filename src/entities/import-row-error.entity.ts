import { type Rel } from "@mikro-orm/core";
import { Entity, Index, ManyToOne, PrimaryKey, Property } from "@mikro-orm/decorators/legacy";
import { ImportJob } from "./import-job.entity.js";

@Entity({ tableName: "import_row_error" })
@Index({ properties: ["job", "id"] })
export class ImportRowError {
  @PrimaryKey({ type: "bigint", autoincrement: true }) id!: string;
  @Property({ type: "uuid" }) workspaceId!: string;
  @ManyToOne(() => ImportJob, { deleteRule: "cascade" }) job!: Rel<ImportJob>;
  @Property({ type: "integer" }) row!: number;
  @Property({ type: "text", nullable: true }) location?: string | null;
  @Property({ type: "text", nullable: true }) column?: string | null;
  @Property({ type: "text", nullable: true }) field?: string | null;
  @Property({ type: "text", nullable: true }) value?: string | null;
  @Property({ type: "text" }) code!: string;
  @Property({ type: "text" }) message!: string;
  /** The row's cells as they came, kept on the first error of each row for the error report. */
  @Property({ type: "text[]", nullable: true }) raw?: string[] | null;
  /** The row's source values by column as read (dates tagged), beside raw: a retry re-judges the row from them. */
  @Property({ type: "jsonb", nullable: true }) sourceValues?: unknown;
}
