import type { ProfileId } from '../../../shared/model/signing';
import type { RetryPolicy } from '../../../shared/model/subscription';
import { getProfile } from '../signing';

/** A schedule ready to use: delay before each retry, total attempts, jitter fraction. */
export interface Schedule {
  delaysMs: number[];
  maxAttempts: number;
  jitter: number;
}

/** Retry-After values beyond this are clamped, so one answer cannot park a delivery for weeks. */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/** The profile's documented schedule (providers.md) or the user's own. */
export function scheduleFor(profile: ProfileId, policy: RetryPolicy): Schedule {
  if (policy.mode === 'custom')
    return { delaysMs: [...policy.delaysMs], maxAttempts: policy.maxAttempts, jitter: policy.jitter };
  // The profile lists the delay before every attempt, the first being the initial send.
  const perAttempt = getProfile(profile).info.retryScheduleMs;
  return { delaysMs: perAttempt.slice(1), maxAttempts: perAttempt.length, jitter: 0 };
}

/** A schedule with no retries, for one-off probes (ad-hoc targets, negative tests). */
export const SINGLE_ATTEMPT: Schedule = { delaysMs: [], maxAttempts: 1, jitter: 0 };

/**
 * Delay before the next attempt after `attemptsDone` attempts, or null when
 * the schedule is exhausted. `retryAfterMs` (from the endpoint) wins when it
 * asks for more patience than the schedule gives.
 */
export function nextDelay(
  schedule: Schedule,
  attemptsDone: number,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number | null {
  if (attemptsDone >= schedule.maxAttempts) return null;
  const listed = schedule.delaysMs[attemptsDone - 1] ?? schedule.delaysMs[schedule.delaysMs.length - 1] ?? 0;
  const spread = schedule.jitter > 0 ? listed * schedule.jitter * (random() * 2 - 1) : 0;
  const planned = Math.max(0, Math.round(listed + spread));
  if (retryAfterMs === undefined) return planned;
  return Math.max(planned, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
}
