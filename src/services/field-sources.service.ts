import type { AppContext } from "../context.js";
import type { FieldWriter } from "../import/index.js";
import { toGlobalId } from "../common/global-id.js";

export interface FieldSourceView {
  readonly field: string;
  readonly kind: "IMPORT" | "API";
  readonly at: Date;
  readonly importJobId: string | null;
  readonly row: number | null;
  readonly column: string | null;
  readonly apiKeyId: string | null;
  readonly apiKeyPrefix: string | null;
  readonly requestId: string | null;
}

/**
 * A customer's field sources, one per field, in field order; an import's column comes from its
 * job's mapping. Two loaders, so a page of customers costs two statements, not two per customer.
 */
export const customerFieldSources = async (ctx: AppContext, customerRowId: string): Promise<FieldSourceView[]> => {
  const writers = await ctx.loaders.fieldSources.load(customerRowId);
  const jobIds = [...new Set(writers.flatMap((w) => (w.j ? [w.j] : [])))];
  const columns = new Map(jobIds.map((id, i) => [id, i]));
  const mappings = await ctx.loaders.jobColumns.loadMany(jobIds);
  const columnOf = (w: FieldWriter, field: string): string | null => {
    const mapping = w.j ? mappings[columns.get(w.j)!] : undefined;
    return mapping instanceof Map ? (mapping.get(field) ?? null) : null;
  };
  const views = writers.flatMap((w) =>
    w.f.map((field): FieldSourceView => ({
      field,
      kind: w.j ? "IMPORT" : "API",
      at: new Date(w.at),
      importJobId: w.j ? toGlobalId("ImportJob", w.j) : null,
      row: w.r ?? null,
      column: columnOf(w, field),
      apiKeyId: w.k ? toGlobalId("ApiKey", w.k) : null,
      apiKeyPrefix: w.p ?? null,
      requestId: w.q ?? null,
    })),
  );
  return views.sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
};
