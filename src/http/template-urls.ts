import type { AppContext } from "../context.js";

const PATHS = { CUSTOMER: "customers", INTERACTION: "interactions", TRANSACTION: "transactions" } as const;

/** Where /templates serves the entity's empty import files, on the origin the caller used. */
export const templateUrls = (ctx: AppContext, entity: keyof typeof PATHS): { csvUrl: string; xlsxUrl: string } => {
  const base = `${ctx.origin ?? ""}/templates/${PATHS[entity]}`;
  return { csvUrl: `${base}.csv`, xlsxUrl: `${base}.xlsx` };
};
