import type { ExchangeFilter } from './exchange';

/**
 * running → completed (walked every row) | cancelled (cancelBulkReplay) |
 * stopped (the core shut down mid-walk). 'cancelling' is the short wait for
 * replays already in flight after a cancel.
 */
export const bulkReplayStates = ['running', 'cancelling', 'completed', 'cancelled', 'stopped'] as const;
export type BulkReplayState = (typeof bulkReplayStates)[number];

/**
 * Replays per second: a whole number up to `max`, or 'max' — as fast as the
 * engine takes them, bounded only by how many run at once. The numeric ceiling
 * is far above what the engine sustains (3-5k/s on a 2-core machine), so
 * it only stops nonsense, never a rate the engine could carry.
 */
export const BULK_REPLAY_RATE = { default: 10, max: 100_000 } as const;
export type BulkReplayRate = number | 'max';

/** Why one row of the walk did not replay (or its first attempt failed). */
export interface BulkReplayError {
  /** The delivery or capture that was to be replayed. */
  id: string;
  message: string;
}

/** The one bulk replay job; also the payload of the 'bulkReplay.progress' event. */
export interface BulkReplayJob {
  id: string;
  state: BulkReplayState;
  filter: ExchangeFilter;
  ratePerSecond: BulkReplayRate;
  /** Rows matching the filter when the job started; replays it creates are never counted or walked. */
  total: number;
  /** Rows finished (succeeded + failed). */
  done: number;
  /** Replays whose first attempt got a 2xx. */
  succeeded: number;
  /** Replays that could not be made, or whose first attempt failed (the engine keeps retrying those). */
  failed: number;
  startedAt: string;
  finishedAt: string | null;
  /** The first failures, for the reason; `failed` has the count. */
  errors: BulkReplayError[];
}

/** A dry run answers only `count`; a real run also the job it started. */
export interface BulkReplayResult {
  count: number;
  job: BulkReplayJob | null;
}

export const isFinished = (state: BulkReplayState): boolean =>
  state === 'completed' || state === 'cancelled' || state === 'stopped';
