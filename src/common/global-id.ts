import { badInput } from "../errors/app-error.js";

export const NODE_TYPES = [
  "Customer",
  "Interaction",
  "Transaction",
  "ImportJob",
  "MappingTemplate",
  "ApiKey",
  "WebhookEndpoint",
  "WebhookDelivery",
  "CustomerMerge",
] as const;
export type NodeTypeName = (typeof NODE_TYPES)[number];

/** Opaque ID: base64url of "Type:rowId". */
export const toGlobalId = (type: NodeTypeName, rowId: string): string => Buffer.from(`${type}:${rowId}`, "utf8").toString("base64url");

export const fromGlobalId = (id: string): { type: NodeTypeName; rowId: string } | null => {
  if (typeof id !== "string" || id.length === 0 || id.length > 200) return null;
  const decoded = Buffer.from(id, "base64url").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  const type = decoded.slice(0, colon) as NodeTypeName;
  const rowId = decoded.slice(colon + 1);
  if (!NODE_TYPES.includes(type)) return null;
  const valid =
    type === "Customer" || type === "Interaction" || type === "Transaction"
      ? /^[1-9]\d{0,18}$/.test(rowId)
      : /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(rowId);
  return valid ? { type, rowId } : null;
};

/** The row id of a global ID of the expected type, or null when it is not one. */
export const rowIdOf = (id: string, type: NodeTypeName): string | null => {
  const parsed = fromGlobalId(id);
  return parsed && parsed.type === type ? parsed.rowId : null;
};

export const rowIdOfOrThrow = (id: string, type: NodeTypeName, field = "id"): string => {
  const rowId = rowIdOf(id, type);
  if (!rowId) throw badInput(`"${field}" is not a valid ${type} ID.`, { field });
  return rowId;
};
