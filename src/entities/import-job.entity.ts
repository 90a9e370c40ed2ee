import { OptionalProps, type Rel } from "@mikro-orm/core";
import { Entity, Index, ManyToOne, PrimaryKey, Property } from "@mikro-orm/decorators/legacy";
import type { FieldMapping } from "../import/index.js";
import { Workspace } from "./workspace.entity.js";

export const IMPORT_STATUSES = ["SCHEDULED", "QUEUED", "RUNNING", "COMPLETED", "FAILED", "CANCELLED", "REVERTED"] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];
/** What a job imports: one entity, or a graph of customers with their interactions and transactions. */
export const IMPORT_JOB_ENTITIES = ["CUSTOMER", "INTERACTION", "TRANSACTION", "GRAPH"] as const;
export type ImportJobEntity = (typeof IMPORT_JOB_ENTITIES)[number];
/** FILE (an upload), API (a bulk upsert call) or DATABASE. */
export const IMPORT_SOURCES = ["FILE", "API", "DATABASE"] as const;
export type ImportSourceName = (typeof IMPORT_SOURCES)[number];
export const IMPORT_MODES = ["CREATE", "UPSERT", "UPDATE"] as const;
export type ImportModeName = (typeof IMPORT_MODES)[number];
/** The statuses a run of a job ends in: its progress and row-error streams end there. */
export const TERMINAL_STATUSES: ReadonlySet<ImportStatus> = new Set(["COMPLETED", "FAILED", "CANCELLED", "REVERTED"]);
export const isTerminalStatus = (status: ImportStatus): boolean => TERMINAL_STATUSES.has(status);

/**
 * An import and, at once, its queue entry: workers claim QUEUED rows (and RUNNING rows whose
 * lease ran out) with FOR UPDATE SKIP LOCKED, and renew the lease with every batch they commit.
 * A SCHEDULED row turns QUEUED once its run_at has passed (see claimImportJob).
 */
@Entity({ tableName: "import_job" })
@Index({ properties: ["workspace", "createdAt"] })
export class ImportJob {
  [OptionalProps]?:
    | "createdAt"
    | "status"
    | "processedRows"
    | "insertedCount"
    | "updatedCount"
    | "unchangedCount"
    | "skippedCount"
    | "failedCount"
    | "cursorRow"
    | "attempts"
    | "source";

  @PrimaryKey({ type: "uuid", defaultRaw: "gen_random_uuid()" }) id!: string;
  @ManyToOne(() => Workspace, { deleteRule: "cascade" }) workspace!: Rel<Workspace>;
  @Property({ type: "text" }) entity!: ImportJobEntity;
  /** FILE (an upload), API (a bulk upsert call) or DATABASE. */
  @Property({ type: "text", default: "FILE" }) source!: ImportSourceName;
  @Property({ type: "text", default: "QUEUED" }) status!: ImportStatus;
  @Property({ type: "text" }) mode!: ImportModeName;
  @Property({ type: "boolean" }) dryRun!: boolean;
  @Property({ type: "text" }) fileName!: string;
  @Property({ type: "text" }) format!: string;
  @Property({ type: "text", nullable: true }) encoding?: string | null;
  @Property({ type: "text", nullable: true }) delimiter?: string | null;
  @Property({ type: "text", nullable: true }) sheet?: string | null;
  @Property({ type: "bigint" }) fileSize!: string;
  @Property({ type: "text" }) fileSha256!: string;
  @Property({ type: "jsonb" }) mapping!: FieldMapping[];
  @Property({ type: "jsonb" }) options!: Record<string, unknown>;
  @Property({ type: "text[]" }) matchOn!: string[];
  @Property({ type: "uuid", nullable: true }) createdByKeyId?: string | null;
  @Property({ type: "integer", nullable: true }) totalRows?: number | null;
  @Property({ type: "integer", default: 0 }) processedRows!: number;
  @Property({ type: "integer", default: 0 }) insertedCount!: number;
  @Property({ type: "integer", default: 0 }) updatedCount!: number;
  @Property({ type: "integer", default: 0 }) unchangedCount!: number;
  @Property({ type: "integer", default: 0 }) skippedCount!: number;
  @Property({ type: "integer", default: 0 }) failedCount!: number;
  /** The last source row number whose batch is committed; a resumed job starts after it. */
  @Property({ type: "integer", default: 0 }) cursorRow!: number;
  @Property({ type: "integer", default: 0 }) attempts!: number;
  @Property({ type: "text", nullable: true }) leaseOwner?: string | null;
  @Property({ type: "timestamptz", nullable: true }) leaseExpiresAt?: Date | null;
  @Property({ type: "timestamptz", nullable: true }) cancelRequestedAt?: Date | null;
  @Property({ type: "text", nullable: true }) errorCode?: string | null;
  @Property({ type: "text", nullable: true }) errorMessage?: string | null;
  @Property({ type: "jsonb", nullable: true }) revertReport?: Record<string, unknown> | null;
  /** When a SCHEDULED job becomes claimable; kept after it ran, to show when it was meant to. */
  @Property({ type: "timestamptz", nullable: true }) runAt?: Date | null;
  /** The retry of failed rows a worker runs while the job is queued or running again (an import_fix id). */
  @Property({ type: "bigint", nullable: true }) retryFixId?: string | null;
  @Property({ type: "timestamptz", defaultRaw: "now()" }) createdAt!: Date;
  @Property({ type: "timestamptz", nullable: true }) startedAt?: Date | null;
  @Property({ type: "timestamptz", nullable: true }) finishedAt?: Date | null;
}
