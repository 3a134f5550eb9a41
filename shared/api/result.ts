/**
 * Every call across a door (IPC, HTTP bridge, REST, CLI) answers with a Result.
 * Nothing throws across the bridge: Electron keeps only an error's message, and
 * HTTP would turn a throw into a 500.
 */
export const errorCodes = [
  'invalid_input', // the caller sent something the schema refuses; fieldErrors says where
  'not_found',
  'conflict',
  'forbidden',
  'unavailable', // a part the call needs is not running (receiver stopped, store closed)
  'failed', // the thing checked failed (a send answered 500, a signature did not verify)
  'internal', // a bug: the message is generic, the details go to the log
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export interface AppError {
  code: ErrorCode;
  message: string;
  /** Field path (dot-separated) → messages, for forms and the REST field errors. */
  fieldErrors?: Record<string, string[]>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string, fieldErrors?: Record<string, string[]>): Result<never> => ({
  ok: false,
  error: fieldErrors ? { code, message, fieldErrors } : { code, message },
});

/**
 * Thrown inside the core by handlers to end a call with a specific error; the
 * dispatcher turns it into a failed Result. Never crosses a door as a throw.
 */
export class AppFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
    this.name = 'AppFailure';
  }
}

/** HTTP status used by the bridges for each error code. */
export const httpStatusFor: Record<ErrorCode, number> = {
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  unavailable: 503,
  failed: 422,
  internal: 500,
};
