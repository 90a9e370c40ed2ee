/** Codes of errors that end a request; each maps to one HTTP status. */
export const ERROR_STATUS = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  BAD_USER_INPUT: 400,
  BAD_REQUEST: 400,
  QUERY_TOO_COMPLEX: 400,
  NOT_FOUND: 404,
  DETAILS_EXPIRED: 410,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  OVERLOADED: 503,
  DATABASE_LOCKED: 503,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
} as const;

export type AppErrorCode = keyof typeof ERROR_STATUS;

/** An error with a fixed code, safe to show to the caller as it is. */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const unauthenticated = (message = "A valid API key is required: send Authorization: Bearer <key>.") => new AppError("UNAUTHENTICATED", message);
export const forbidden = (message: string) => new AppError("FORBIDDEN", message);
export const badInput = (message: string, details: Record<string, unknown> = {}) => new AppError("BAD_USER_INPUT", message, details);
export const notFound = (message: string) => new AppError("NOT_FOUND", message);
