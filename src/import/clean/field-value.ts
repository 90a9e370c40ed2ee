import type { FieldValue } from "./clean-field.js";
import type { Money } from "./clean-money.js";

// Reading a cleaned value back with its type; the kind in the catalog decided what it holds.
export const textValue = (value: FieldValue | undefined): string | null => (typeof value === "string" ? value : null);

export const dateValue = (value: FieldValue | undefined): Date | null => (value instanceof Date ? value : null);

export const listValue = (value: FieldValue | undefined): readonly string[] | null => (Array.isArray(value) ? value : null);

export const moneyValue = (value: FieldValue | undefined): Money | null =>
  typeof value === "object" && !(value instanceof Date) && !Array.isArray(value) ? (value as Money) : null;
