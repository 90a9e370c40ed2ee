import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { ImportJob } from "./import.types.js";
import { UserError } from "./node.type.js";
import { DateTimeScalar, JSONScalar } from "./scalars.js";

export enum ImportFixKind {
  MAP_VALUES = "MAP_VALUES",
  PATCH_ROWS = "PATCH_ROWS",
  SKIP_ROWS = "SKIP_ROWS",
  RETRY = "RETRY",
}
registerEnumType(ImportFixKind, {
  name: "ImportFixKind",
  description: "What a fix of an import's failed rows did.",
  valuesConfig: {
    MAP_VALUES: { description: "A value map for one source column (mapImportValues)." },
    PATCH_ROWS: { description: "Cells of single rows replaced (patchImportRows)." },
    SKIP_ROWS: { description: "Rows to skip at the next retry (skipImportRows)." },
    RETRY: { description: "The failed rows judged again with the fixes made before (retryFailedRows)." },
  },
});

@InputType({ description: "One value of a column and what to read instead." })
export class ImportValueMappingInput {
  @Field(() => String, { nullable: true, description: "The cell's value as it came (compared trimmed); null or empty for an empty cell." }) from!:
    string | null;
  @Field(() => String, { nullable: true, description: "The value to read instead; null for an empty cell." }) to!: string | null;
}

@InputType({ description: "Input of mapImportValues." })
export class MapImportValuesInput {
  @Field(() => ID, { description: "The import job's ID." }) jobId!: string;
  @Field({ description: "A source column of the job's mapping (as in errorGroups.column)." }) column!: string;
  @Field(() => [ImportValueMappingInput], { description: "1 to 1000 values and their replacements; each from at most once." })
  mappings!: ImportValueMappingInput[];
}

@InputType({ description: "New cells for one failed row." })
export class ImportRowPatchInput {
  @Field(() => Int, { description: "The row number (as in the job's errors)." }) row!: number;
  @Field(() => JSONScalar, { description: 'An object of source column to new value (text, number, boolean or null), e.g. {"Email": "ann@example.com"}.' })
  values!: unknown;
}

@InputType({ description: "Input of patchImportRows." })
export class PatchImportRowsInput {
  @Field(() => ID, { description: "The import job's ID." }) jobId!: string;
  @Field(() => [ImportRowPatchInput], { description: "1 to 1000 rows, each a failed row of the job, each once." }) patches!: ImportRowPatchInput[];
}

@InputType({ description: "Input of skipImportRows." })
export class SkipImportRowsInput {
  @Field(() => ID, { description: "The import job's ID." }) jobId!: string;
  @Field(() => [Int], { description: "1 to 10000 row numbers, each a failed row of the job." }) rows!: number[];
}

@ObjectType({ description: "One value of a value map." })
export class ImportValueMapping {
  @Field(() => String, { nullable: true, description: "The value as it came; null for an empty cell." }) from!: string | null;
  @Field(() => String, { nullable: true, description: "The value read instead; null for an empty cell." }) to!: string | null;
}

@ObjectType({ description: "New cells given for one row." })
export class ImportRowPatch {
  @Field(() => Int, { description: "The row number." }) row!: number;
  @Field(() => JSONScalar, { description: "Source column to new value." }) values!: Record<string, unknown>;
}

@ObjectType({ description: "What one retry of failed rows did; processedRows = insertedCount + updatedCount + unchangedCount + skippedCount + failedCount." })
export class ImportRetry {
  @Field({ description: "QUEUED, RUNNING, COMPLETED, FAILED or CANCELLED." }) status!: string;
  @Field(() => Int, { description: "Failed rows judged again so far." }) processedRows!: number;
  @Field(() => Int, { description: "Of those, written as new." }) insertedCount!: number;
  @Field(() => Int, { description: "Of those, existing records changed." }) updatedCount!: number;
  @Field(() => Int, { description: "Of those, existing records that already held these values." }) unchangedCount!: number;
  @Field(() => Int, { description: "Of those, skipped (on request, or by rule)." }) skippedCount!: number;
  @Field(() => Int, { description: "Of those, failed again (their new errors are in the job's errors)." }) failedCount!: number;
  @Field(() => DateTimeScalar, { nullable: true, description: "When a worker took it up." }) startedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: "When it ended." }) finishedAt!: Date | null;
}

@ObjectType({ description: "One fix of an import's failed rows: who made it, when, and what." })
export class ImportFix {
  @Field(() => ID, { description: "The fix's ID (its place in the job's history)." }) id!: string;
  @Field(() => ImportFixKind, { description: "What it did." }) kind!: ImportFixKind;
  @Field(() => DateTimeScalar, { description: "When it was made, ISO-8601 UTC." }) createdAt!: Date;
  @Field(() => ID, { nullable: true, description: "The ApiKey that made it (a global ID); null if unknown." }) apiKeyId!: string | null;
  @Field(() => String, { nullable: true, description: "MAP_VALUES: the source column." }) column!: string | null;
  @Field(() => [ImportValueMapping], { nullable: true, description: "MAP_VALUES: the values and their replacements." }) mappings!: ImportValueMapping[] | null;
  @Field(() => [ImportRowPatch], { nullable: true, description: "PATCH_ROWS: the rows and their new cells." }) patches!: ImportRowPatch[] | null;
  @Field(() => [Int], { nullable: true, description: "SKIP_ROWS: the rows to skip; PATCH_ROWS: the rows patched." }) rows!: number[] | null;
  @Field(() => ImportRetry, { nullable: true, description: "RETRY: its status and counts." }) retry!: ImportRetry | null;
}

@ObjectType({ description: "Result of mapImportValues, patchImportRows, skipImportRows and retryFailedRows." })
export class ImportFixPayload {
  @Field(() => ImportJob, { nullable: true, description: "The job as it now stands; null when not found." }) job!: ImportJob | null;
  @Field(() => ImportFix, { nullable: true, description: "The fix recorded; null on a user error." }) fix!: ImportFix | null;
  @Field(() => [UserError], {
    description:
      "NOT_FOUND, JOB_RUNNING, JOB_REVERTED, JOB_DETAILS_EXPIRED, JOB_DRY_RUN, NOT_FIXABLE, NOTHING_TO_RETRY, UNKNOWN_COLUMN, ROW_NOT_FAILED, DUPLICATE_VALUE, INVALID_VALUE, TOO_MANY; empty on success.",
  })
  userErrors!: UserError[];
}
