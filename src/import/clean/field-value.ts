import type { CleanedFields } from "./clean-fields.js";
import type { Money } from "./clean-money.js";

type Slot = CleanedFields[number];

// Reading a cleaned value back with its type; the kind in the catalog decided what it holds.
export const textValue = (value: Slot): string | null => (typeof value === "string" ? value : null);

export const dateValue = (value: Slot): Date | null => (value instanceof Date ? value : null);

export const listValue = (value: Slot): readonly string[] | null => (Array.isArray(value) ? value : null);

export const moneyValue = (value: Slot): Money | null =>
  typeof value === "object" && !(value instanceof Date) && !Array.isArray(value) ? (value as Money) : null;
