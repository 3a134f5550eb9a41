import type { DeliveryUpdate, HeaderList, NewCapture, NewDelivery } from '../../../../shared/model/exchange';
import { redactHeaders } from '../../../../shared/security/credential-headers';
import { SEQ_PER_MS } from './schema';

/**
 * What the SQLite and PostgreSQL writers put in an exchange row alike: times,
 * masked headers, the `detail` column, the status class, and the update a
 * cancelled delivery really takes. Plain functions over the values a write
 * already holds: nothing here allocates beyond what the writers did inline.
 */

export class UnknownDeliveryError extends Error {
  constructor(id: string) {
    super(`no delivery with id ${JSON.stringify(id)} in the exchange store`);
    this.name = 'UnknownDeliveryError';
  }
}

/** Keys are time × SEQ_PER_MS + n: a later time would not fit a safe integer. */
const MAX_TIME_MS = Math.floor(Number.MAX_SAFE_INTEGER / SEQ_PER_MS) - 1;

export function toMs(iso: string, field: string): number {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms) || ms < 0 || ms > MAX_TIME_MS) throw new RangeError(`${field} is not a usable time: ${iso}`);
  return ms;
}

export const statusClassOf = (status: number | null | undefined): number => (status ? Math.floor(status / 100) : 0);

export const json = (v: unknown): string => JSON.stringify(v ?? null);

/** The update a delivery currently `outcome` really takes: once cancelled, only a success changes it. */
export function keepCancelled(outcome: string, u: DeliveryUpdate): DeliveryUpdate {
  if (outcome !== 'cancelled' || u.outcome === undefined || u.outcome === 'succeeded' || u.outcome === 'cancelled')
    return u;
  return { ...u, outcome: 'cancelled', nextAttemptAt: null };
}

/**
 * Every header list the stores keep goes through here: credentials are masked
 * in the row and therefore in the search index built from it. Whoever needs
 * the originals (the receiver, for an explicit reveal) seals them before.
 */
export const masked = (headers: HeaderList): HeaderList => redactHeaders(headers).headers;

/** A forward result holds the target's answer headers (Set-Cookie…): masked like any other. */
function maskedForward(forward: unknown): unknown {
  const f = forward as { headers?: unknown } | null;
  return f && Array.isArray(f.headers) ? { ...f, headers: masked(f.headers as HeaderList) } : forward;
}

/** A delivery's `detail` column: what it has no column for. */
export const deliveryDetail = (d: NewDelivery): object => ({ profile: d.profile, url: d.request.url });

/** A capture's `detail` column: what it has no column for, its forward's headers masked. */
export function captureDetail(c: NewCapture): object {
  return {
    query: c.query,
    remoteAddress: c.remoteAddress,
    verification: c.verification,
    response: c.response,
    forward: maskedForward(c.forward),
    rejectedReason: c.rejectedReason,
    ...(c.sealedCredentials ? { sealedCredentials: c.sealedCredentials } : {}),
  };
}
