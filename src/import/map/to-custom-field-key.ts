import { isCustomFieldKey, MAX_CUSTOM_FIELD_KEY_LENGTH } from "./custom-field-key.js";

/**
 * A valid custom field key derived from a header, for columns kept as customFields:
 * "Loyalty Tier" stays, "Default Address.Zip" becomes "Default Address_Zip".
 */
export const toCustomFieldKey = (header: string): string => {
  const cleaned = header
    .normalize("NFKC")
    .replace(/[^\p{L}\p{N}_\- ]+/gu, "_")
    .replace(/\s+/g, " ")
    .replace(/_+/g, "_")
    .trim();
  const clipped = Array.from(cleaned).slice(0, MAX_CUSTOM_FIELD_KEY_LENGTH).join("").trim();
  const key = clipped.replace(/^[- ]+|[ ]+$/g, "");
  return isCustomFieldKey(key) ? key : `field_${key.replace(/[^\p{L}\p{N}_]/gu, "") || "1"}`.slice(0, MAX_CUSTOM_FIELD_KEY_LENGTH);
};
