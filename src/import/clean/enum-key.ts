import { toHalfWidth } from "./to-half-width.js";

const IGNORED = /[\s\-_./]+/g;

/** How enum values and synonyms are compared: case, spaces, dashes and dots ignored ("E-Mail" = "email"). */
export const enumKey = (text: string): string => toHalfWidth(text).toLowerCase().replace(IGNORED, "");
