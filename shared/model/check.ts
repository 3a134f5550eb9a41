import type { ProfileId } from './signing';
import type { HeaderList } from './exchange';

/**
 * `hookbench check`: a scorecard of how a receiver copes with what its
 * provider sends, right and wrong. Defined once in the core
 * (electron/core/check) and shown by the CLI, the API and the UI.
 */
export const checkIds = [
  'accepts-signed',
  'answers-in-time',
  'okta-verification',
  'rejects-tampered-signature',
  'rejects-missing-signature',
  'rejects-altered-body',
  'rejects-other-secret',
  'rejects-stale-timestamp',
  'rejects-future-timestamp',
  'accepts-duplicate',
  'accepts-out-of-order',
  'accepts-unknown-event',
  'accepts-rotation',
  'burst',
] as const;
export type CheckId = (typeof checkIds)[number];

/** One request the check sent and what came back. Credentials in headers are masked. */
export interface CheckExchange {
  label: string;
  method: 'POST' | 'GET';
  url: string;
  headers: HeaderList;
  bodyBytes: number;
  bodyPreview: string;
  status: number | null;
  durationMs: number | null;
  error: string | null;
  responsePreview: string;
}

export type CheckOutcome = 'pass' | 'fail' | 'skip';

export interface CheckItem {
  id: CheckId;
  title: string;
  /** A failed required check fails the whole run (exit 1). */
  required: boolean;
  outcome: CheckOutcome;
  /** What was seen, in one or two sentences. */
  detail: string;
  /** What to change in the receiver; null when it passed. */
  fix: string | null;
  exchanges: CheckExchange[];
}

export interface CheckReport {
  profile: ProfileId;
  url: string;
  subscriptionId: string | null;
  events: string[];
  /** The provider's (or the subscription's) timeout each answer is held to. */
  timeoutMs: number;
  burstSize: number;
  startedAt: string;
  durationMs: number;
  /** Every required check passed. */
  passed: boolean;
  counts: Record<CheckOutcome, number>;
  items: CheckItem[];
}
