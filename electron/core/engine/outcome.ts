import type { ProfileId } from '../../../shared/model/signing';

/** What one attempt produced, as the sender reports it. */
export interface AttemptResult {
  status: number | null;
  headers: [string, string][];
  /** Why no response came back: refused, timeout, TLS, … */
  error: string | null;
}

export type Verdict =
  | { kind: 'success' }
  /** Worth trying again; `afterMs` is set when the endpoint said when (Retry-After). */
  | { kind: 'retry'; reason: string; afterMs?: number }
  | { kind: 'fail'; reason: string }
  /** Standard Webhooks / Svix: 410 Gone means "stop sending here". */
  | { kind: 'disable'; reason: string };

/** Profiles whose docs say a 410 answer disables the endpoint. */
const DISABLE_ON_410: ReadonlySet<ProfileId> = new Set(['standard-webhooks', 'svix', 'custom-hmac']);

/** Profiles whose docs call 429 retry-able even without Retry-After (Supabase Auth hooks: 429 and 503). */
const RETRY_429: ReadonlySet<ProfileId> = new Set(['supabase']);

/** Retry-After is either delta-seconds or an HTTP date; anything else is ignored. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

function header(headers: [string, string][], name: string): string | undefined {
  return headers.find(([n]) => n.toLowerCase() === name)?.[1];
}

/**
 * Classifies an attempt the way the profile's provider does: 2xx succeeds;
 * 3xx fails (redirects are never followed, a moved endpoint must be fixed);
 * 4xx fails for good except 429 with Retry-After; 5xx, timeouts and
 * connection errors are retried.
 */
export function classify(profile: ProfileId, result: AttemptResult, nowMs: number): Verdict {
  const { status } = result;
  if (status === null) return { kind: 'retry', reason: result.error ?? 'no response' };
  if (status >= 200 && status < 300) return { kind: 'success' };
  const retryAfter = parseRetryAfter(header(result.headers, 'retry-after'), nowMs);
  if (status >= 300 && status < 400) return { kind: 'fail', reason: `answered ${status} (redirects are not followed)` };
  if (status === 410 && DISABLE_ON_410.has(profile))
    return { kind: 'disable', reason: 'answered 410 Gone: the subscription was disabled' };
  if (status === 429) {
    if (retryAfter === undefined && RETRY_429.has(profile)) return { kind: 'retry', reason: 'answered 429' };
    return retryAfter === undefined
      ? { kind: 'fail', reason: 'answered 429 without Retry-After' }
      : { kind: 'retry', reason: 'answered 429', afterMs: retryAfter };
  }
  if (status >= 500)
    return {
      kind: 'retry',
      reason: `answered ${status}`,
      ...(retryAfter !== undefined ? { afterMs: retryAfter } : {}),
    };
  return { kind: 'fail', reason: `answered ${status}` };
}
