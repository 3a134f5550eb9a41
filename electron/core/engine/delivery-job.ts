import type { ProfileId } from '../../../shared/model/signing';
import type { AttemptSummary, DeliveryChange, NegativeOptions } from '../../../shared/model/subscription';
import { AD_HOC, type Delivery, type DeliveryOutcome } from '../../../shared/model/exchange';
import type { BuiltRequest, TargetSpec } from './request-builder';
import type { SendResult } from './http-sender';
import { isoTime } from './iso-time';

export interface NewJob {
  eventId: string;
  event: string;
  profile: ProfileId;
  subscriptionId: string | null;
  body: Uint8Array;
  /** Given for ad-hoc targets; subscriptions are resolved at each attempt so edits apply to retries. */
  adHoc?: TargetSpec;
  negative?: NegativeOptions;
  /** The exchange this delivery replays. */
  replayOf?: string | null;
}

/** A delivery this node holds until it is final, in memory. */
export interface Job extends NewJob {
  id: string;
  url: string;
  attempts: number;
  /** What the list row shows, kept so every change event carries the whole row. */
  createdAt: number;
  size: number;
  lastStatus: number | null;
  durationMs: number | null;
  prepared?: BuiltRequest;
  cancelled?: boolean;
  /** FusionAuth transactions: the first attempt's retry waits for the transaction's verdict. */
  holdRetry?: boolean;
  /** A row not handed to the store yet (see enqueueAndSend): hands it over; the store must get it before any change. */
  writeRow?: () => void;
  heldRetryAt?: number | null;
  /** Resumed from a log row whose body the storage cap cut short. */
  truncated?: boolean;
  /** Until when this node is known to hold it (epoch ms); unknown means confirm before sending. */
  leaseUntil?: number;
}

/** The job of a new delivery, before its first attempt. */
export function newJob(spec: NewJob & { url: string }, id: string, now: number): Job {
  return {
    ...spec,
    id,
    attempts: 0,
    createdAt: now,
    size: spec.body.byteLength,
    lastStatus: null,
    durationMs: null,
  };
}

/** The in-memory job of a stored delivery, for one read back from the store. */
export function jobOf(dl: Delivery): Job {
  const body = dl.request.body;
  return {
    id: dl.id,
    eventId: dl.eventId,
    event: dl.eventType,
    profile: dl.profile as ProfileId,
    subscriptionId: dl.subscriptionId === AD_HOC ? null : dl.subscriptionId,
    url: dl.targetUrl,
    attempts: dl.attempts,
    body: body.base64 !== null ? Buffer.from(body.base64, 'base64') : Buffer.from(body.text ?? '', 'utf8'),
    truncated: body.truncated,
    replayOf: dl.replayOf,
    createdAt: Date.parse(dl.createdAt),
    size: body.size,
    lastStatus: dl.lastStatus,
    durationMs: dl.durationMs,
  };
}

/** A committed change of the job's delivery, with its whole list row. */
export function deliveryChange(job: Job, outcome: DeliveryOutcome, nextAt: number | null): DeliveryChange {
  return {
    id: job.id,
    subscriptionId: job.subscriptionId,
    outcome,
    attempts: job.attempts,
    lastStatus: job.lastStatus,
    nextAttemptAt: nextAt === null ? null : isoTime(nextAt),
    row: {
      id: job.id,
      kind: 'delivery',
      time: isoTime(job.createdAt),
      eventType: job.event,
      eventId: job.eventId,
      sourceId: job.subscriptionId ?? AD_HOC,
      target: job.url,
      method: 'POST',
      outcome,
      status: job.lastStatus,
      durationMs: job.durationMs,
      attempts: job.attempts,
      size: job.size,
      verdict: null,
      replayOf: job.replayOf ?? null,
      replay: null,
    },
  };
}

/** What the caller of a waited send is told about one attempt. */
export function attemptSummary(
  result: SendResult,
  outcome: DeliveryOutcome,
  error: string | null,
  nextAt: number | null,
): AttemptSummary {
  const res = result.response;
  return {
    status: res?.status ?? null,
    ok: outcome === 'succeeded',
    error,
    durationMs: result.timings.totalMs,
    timings: result.timings,
    responseHeaders: res?.headers ?? [],
    responseBody: res ? Buffer.from(res.body).toString('utf8') : '',
    responseTruncated: res?.truncated ?? false,
    nextAttemptAt: nextAt === null ? null : isoTime(nextAt),
  };
}
