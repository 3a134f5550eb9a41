import { describe, expect, it } from 'vitest';
import { classify, parseRetryAfter } from '../../../electron/core/engine/outcome';
import { MAX_RETRY_AFTER_MS, nextDelay, scheduleFor } from '../../../electron/core/engine/retry-policy';

const now = Date.UTC(2024, 0, 1);
const res = (status: number | null, headers: [string, string][] = [], error: string | null = null) => ({
  status,
  headers,
  error,
});

describe('classify', () => {
  it('2xx succeeds, 3xx and plain 4xx fail without retry', () => {
    expect(classify('standard-webhooks', res(204), now).kind).toBe('success');
    expect(classify('standard-webhooks', res(301), now)).toMatchObject({
      kind: 'fail',
      reason: expect.stringMatching(/redirects are not followed/),
    });
    expect(classify('logto', res(400), now).kind).toBe('fail');
    expect(classify('github', res(404), now).kind).toBe('fail');
  });
  it('5xx, timeouts and connection errors are retried', () => {
    expect(classify('fief', res(503), now).kind).toBe('retry');
    expect(classify('fief', res(null, [], 'connection refused'), now)).toEqual({
      kind: 'retry',
      reason: 'connection refused',
    });
  });
  it('429 is retried only with Retry-After, seconds or HTTP date', () => {
    expect(classify('svix', res(429), now).kind).toBe('fail');
    // Supabase's auth hooks guide calls 429 retry-able as such (up to three retries, 2 s apart).
    expect(classify('supabase', res(429), now)).toEqual({ kind: 'retry', reason: 'answered 429' });
    expect(classify('svix', res(429, [['Retry-After', '7']]), now)).toEqual({
      kind: 'retry',
      reason: 'answered 429',
      afterMs: 7000,
    });
    const date = new Date(now + 30_000).toUTCString();
    expect(classify('svix', res(429, [['retry-after', date]]), now)).toMatchObject({ afterMs: 30_000 });
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
  it('410 disables only where the profile says so', () => {
    expect(classify('standard-webhooks', res(410), now).kind).toBe('disable');
    expect(classify('svix', res(410), now).kind).toBe('disable');
    expect(classify('stripe', res(410), now).kind).toBe('fail');
  });
});

describe('retry schedules', () => {
  it('follow each profile (providers.md)', () => {
    expect(scheduleFor('standard-webhooks', { mode: 'profile' })).toEqual({
      delaysMs: [5000, 300000, 1800000, 7200000, 18000000, 36000000, 36000000],
      maxAttempts: 8,
      jitter: 0,
    });
    expect(scheduleFor('logto', { mode: 'profile' }).maxAttempts).toBe(4);
    expect(scheduleFor('fusionauth', { mode: 'profile' }).maxAttempts).toBe(4);
    expect(scheduleFor('fief', { mode: 'profile' }).delaysMs).toEqual([15000, 60000, 120000, 240000]);
    expect(scheduleFor('github', { mode: 'profile' }).maxAttempts).toBe(1);
  });
  it('walks the delays, reuses the last past the list, and ends at maxAttempts', () => {
    const s = scheduleFor('svix', { mode: 'custom', delaysMs: [10, 20], maxAttempts: 4, jitter: 0 });
    expect([1, 2, 3, 4].map((n) => nextDelay(s, n))).toEqual([10, 20, 20, null]);
  });
  it('spreads delays by the jitter fraction either way', () => {
    const s = { delaysMs: [1000], maxAttempts: 2, jitter: 0.5 };
    expect(nextDelay(s, 1, undefined, () => 0)).toBe(500);
    expect(nextDelay(s, 1, undefined, () => 0.999999)).toBe(1500);
  });
  it('Retry-After wins when longer than the schedule, and is clamped', () => {
    const s = { delaysMs: [100], maxAttempts: 3, jitter: 0 };
    expect(nextDelay(s, 1, 5000)).toBe(5000);
    expect(nextDelay(s, 1, 10)).toBe(100);
    expect(nextDelay(s, 1, 10 * MAX_RETRY_AFTER_MS)).toBe(MAX_RETRY_AFTER_MS);
    expect(nextDelay(s, 3, 5000)).toBeNull();
  });
});
