import { describe, expect, it } from 'vitest';
import { clockTime, retryNote, untilText } from '../../../electron/headless/commands/retry-note';
import type { AttemptSummary } from '../../../shared/model/subscription';

const attempt = (nextAttemptAt: string | null): AttemptSummary => ({
  status: 500,
  ok: false,
  error: null,
  durationMs: 3,
  timings: null,
  responseHeaders: [],
  responseBody: '',
  responseTruncated: false,
  nextAttemptAt,
});

describe('the note emit --wait prints after a failed first attempt', () => {
  const now = new Date(2026, 2, 14, 9, 5, 7);
  const later = (ms: number) => new Date(now.getTime() + ms).toISOString();

  it('says which retry, of how many, at what time on the user’s clock and how soon', () => {
    expect(retryNote(attempt(later(5000)), 7, now)).toBe('retry 1 of 7 scheduled at 09:05:12 (in 5 s)');
    expect(retryNote(attempt(later(120_000)), 2, now)).toBe('retry 1 of 2 scheduled at 09:07:07 (in 2 min)');
    // the count is left out, not guessed, when the schedule could not be read
    expect(retryNote(attempt(later(5000)), null, now)).toBe('retry 1 scheduled at 09:05:12 (in 5 s)');
  });

  it('says when nothing follows', () => {
    expect(retryNote(attempt(null), 0, now)).toBe('no retry (its schedule has none)');
    expect(retryNote(attempt(null), 7, now)).toBe('no retry scheduled');
  });

  it('adds the date past today, and counts down in s, min, h', () => {
    expect(clockTime(later(20 * 3_600_000), now)).toBe('2026-03-15 05:05:07');
    expect(untilText(later(-1000), now.getTime())).toBe('now');
    expect(untilText(later(89_000), now.getTime())).toBe('in 89 s');
    expect(untilText(later(30 * 60_000), now.getTime())).toBe('in 30 min');
    expect(untilText(later(5 * 3_600_000), now.getTime())).toBe('in 5 h');
  });
});
