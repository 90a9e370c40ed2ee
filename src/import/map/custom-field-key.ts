export const CUSTOM_FIELDS_PREFIX = "customFields.";

// Letters and digits of any script, "_", "-" and inner spaces; no dots, so keys never read as paths.
const KEY_PATTERN = /^[\p{L}\p{N}_](?:[\p{L}\p{N}_\- ]{0,62}[\p{L}\p{N}_\-])?$/u;

// Keys that would reach an object's prototype if a consumer ever used a plain object.
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** A key that may follow "customFields." in a mapping target. */
export const isCustomFieldKey = (key: string): boolean => KEY_PATTERN.test(key) && !FORBIDDEN_KEYS.has(key.toLowerCase());
