import { OptionalProps, type Rel } from "@mikro-orm/core";
import { Entity, Enum, ManyToOne, PrimaryKey, Property } from "@mikro-orm/decorators/legacy";
import { ROLES, type Role } from "../auth/roles.js";
import { Workspace } from "./workspace.entity.js";

/** An API key; only the SHA-256 of the secret is stored. */
@Entity({ tableName: "api_key" })
export class ApiKey {
  [OptionalProps]?: "createdAt" | "lastUsedAt" | "revokedAt" | "expiresAt";

  @PrimaryKey({ type: "uuid", defaultRaw: "gen_random_uuid()" })
  id!: string;

  @ManyToOne(() => Workspace, { deleteRule: "cascade" })
  workspace!: Rel<Workspace>;

  @Property({ type: "text" })
  name!: string;

  @Enum({ items: () => ROLES, nativeEnumName: undefined })
  role!: Role;

  /** The first characters of the key, to tell keys apart in listings. */
  @Property({ type: "text" })
  prefix!: string;

  @Property({ type: "text", unique: true, hidden: true })
  keyHash!: string;

  @Property({ type: "timestamptz", defaultRaw: "now()" })
  createdAt!: Date;

  @Property({ type: "timestamptz", nullable: true })
  lastUsedAt?: Date | null;

  @Property({ type: "timestamptz", nullable: true })
  revokedAt?: Date | null;

  /** After this the key is refused, as a revoked one is. */
  @Property({ type: "timestamptz", nullable: true })
  expiresAt?: Date | null;
}
