import type { RowErrorCode } from "../../errors/row-error-code.js";

/**
 * What a cleaner returns: a normalized value (null when the input is empty), or a coded
 * problem. Cleaners never throw on bad data.
 */
export type CleanResult<T> = { readonly ok: true; readonly value: T | null } | { readonly ok: false; readonly code: RowErrorCode; readonly message: string };

export const cleanOk = <T>(value: T | null): CleanResult<T> => ({ ok: true, value });

export const cleanFail = <T = never>(code: RowErrorCode, message: string): CleanResult<T> => ({
  ok: false,
  code,
  message,
});
