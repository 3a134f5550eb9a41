import type {
  Attempt,
  Capture,
  DeliveryOutcome,
  ExchangeDetail,
  HeaderList,
  Outcome,
  ReplayLink,
} from '../../../../shared/model/exchange';
import type { CaptureHead } from '../port';
import { bodyView } from './body-codec';
import { kindCode } from './schema';

/**
 * Rebuilds full records from exchange and attempt rows, for both stores: each
 * adapter only turns its driver's row into these shapes (a body's column or
 * columns into one value, 0/1 or booleans into booleans); times are epoch ms
 * and JSON columns text in both.
 */

export interface ExchangeRecordRow {
  id: string;
  kind: number;
  time: number;
  event_type: string | null;
  event_id: string | null;
  source_id: string | null;
  target: string;
  method: string;
  outcome: Outcome;
  status: number | null;
  duration_ms: number | null;
  attempts: number;
  size: number;
  next_attempt_at: number | null;
  replay_of: string | null;
  headers: string;
  /** Text, bytes, or null when empty. */
  body: unknown;
  body_truncated: boolean;
  detail: string;
}

/** What the live feed carries of a capture: the row without its body. */
export type CaptureHeadRow = Omit<ExchangeRecordRow, 'body' | 'body_truncated'>;

export interface AttemptRecordRow {
  n: number;
  started_at: number;
  req_headers: string;
  req_body: unknown;
  /** The request body is the exchange's own (a retry resends it), not stored again. */
  req_body_same: boolean;
  req_body_size: number;
  req_body_truncated: boolean;
  status: number | null;
  res_headers: string | null;
  res_body: unknown;
  res_body_size: number | null;
  res_body_truncated: boolean;
  timings: string | null;
  error: string | null;
}

/** The row's `detail` column: what has no column of its own. */
export type Detail = Partial<
  Record<'profile' | 'url' | 'query' | 'remoteAddress' | 'rejectedReason' | 'sealedCredentials', string | null>
> &
  Partial<Record<'verification' | 'forward', unknown>> & { response?: Capture['response'] };

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export const isCaptureRow = (row: { kind: number }): boolean => row.kind === kindCode.capture;

/** The sealed originals of a capture's masked credential headers, from its `detail` column, or null. */
export function sealedCredentialsOf(detail: string): string | null {
  const sealed = (JSON.parse(detail) as Detail).sealedCredentials;
  return typeof sealed === 'string' ? sealed : null;
}

/** The capture without its body, as the live feed carries it. */
export function captureHead(row: CaptureHeadRow): CaptureHead {
  const detail = JSON.parse(row.detail) as Detail;
  return {
    id: row.id,
    inboxId: row.source_id as string,
    receivedAt: iso(row.time)!,
    method: row.method,
    path: row.target,
    query: detail.query ?? '',
    headers: JSON.parse(row.headers) as HeaderList,
    remoteAddress: detail.remoteAddress ?? null,
    eventType: row.event_type,
    eventId: row.event_id,
    outcome: row.outcome,
    verification: detail.verification ?? null,
    response: detail.response ?? null,
    forward: detail.forward ?? null,
    rejectedReason: detail.rejectedReason ?? null,
    durationMs: row.duration_ms,
    ...(detail.sealedCredentials ? { credentialsKept: true } : {}),
  };
}

export function captureRecord(row: ExchangeRecordRow, replays: ReplayLink[]): ExchangeDetail {
  return {
    kind: 'capture',
    replays,
    capture: { ...captureHead(row), body: bodyView(row.body, row.size, row.body_truncated) },
  };
}

/** A delivery with its attempts (in order); a retry's request body is the delivery's, shared. */
export function deliveryRecord(
  row: ExchangeRecordRow,
  attemptRows: AttemptRecordRow[],
  replays: ReplayLink[],
): ExchangeDetail {
  const detail = JSON.parse(row.detail) as Detail;
  const body = bodyView(row.body, row.size, row.body_truncated);
  const attempts = attemptRows.map((a): Attempt => ({
    deliveryId: row.id,
    n: a.n,
    startedAt: iso(a.started_at)!,
    request: {
      headers: JSON.parse(a.req_headers) as HeaderList,
      body: a.req_body_same ? body : bodyView(a.req_body, a.req_body_size, a.req_body_truncated),
    },
    response:
      a.status === null
        ? null
        : {
            status: a.status,
            headers: JSON.parse(a.res_headers ?? '[]') as HeaderList,
            body: bodyView(a.res_body, a.res_body_size ?? 0, a.res_body_truncated),
          },
    timings: a.timings ? JSON.parse(a.timings) : null,
    error: a.error,
  }));
  return {
    kind: 'delivery',
    delivery: {
      id: row.id,
      createdAt: iso(row.time)!,
      eventType: row.event_type as string,
      eventId: row.event_id as string,
      subscriptionId: row.source_id as string,
      profile: detail.profile ?? null,
      targetUrl: row.target,
      outcome: row.outcome as DeliveryOutcome,
      lastStatus: row.status,
      attempts: row.attempts,
      nextAttemptAt: iso(row.next_attempt_at),
      durationMs: row.duration_ms,
      request: {
        method: row.method,
        url: detail.url ?? row.target,
        headers: JSON.parse(row.headers) as HeaderList,
        body,
      },
      replayOf: row.replay_of,
    },
    attempts,
    replays,
  };
}
