import { OptionalProps } from "@mikro-orm/core";
import { Entity, PrimaryKey, Property } from "@mikro-orm/decorators/legacy";

@Entity({ tableName: "workspace" })
export class Workspace {
  [OptionalProps]?: "createdAt";

  @PrimaryKey({ type: "uuid", defaultRaw: "gen_random_uuid()" })
  id!: string;

  @Property({ type: "text", unique: true })
  name!: string;

  @Property({ type: "timestamptz", defaultRaw: "now()" })
  createdAt!: Date;
}
