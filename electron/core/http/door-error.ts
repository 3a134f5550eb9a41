import type { ErrorCode } from '../../../shared/api/result';

/**
 * A request a door refuses before (or instead of) calling the core: a path
 * that does not decode, a body that is not JSON, too large, too deep. Thrown by
 * the shared readers and answered by each door in its own error shape.
 */
export class DoorError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
    this.name = 'DoorError';
  }
}

/** A percent-decoded path segment; a malformed escape (`%E0`, `%zz`) is the caller's mistake, a 400. */
export function decodePathSegment(raw: string, what = 'path'): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
    throw new DoorError(
      400,
      'invalid_input',
      `The ${what} "${shown}" holds a malformed percent-escape: encode it with encodeURIComponent.`,
      { [what]: ['malformed percent-escape'] },
    );
  }
}
