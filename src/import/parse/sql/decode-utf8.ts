import { isUtf8 } from "node:buffer";

/** Bytes as text, and whether they were not valid UTF-8 (checked only when a replacement character shows up). */
export const decodeUtf8 = (bytes: Buffer): { text: string; invalid: boolean } => {
  const text = bytes.toString("utf8");
  return { text, invalid: text.includes("\uFFFD") && !isUtf8(bytes) };
};
