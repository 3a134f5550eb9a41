import { describe, expect, it } from 'vitest';
import { isoTime } from '../../../electron/core/engine/iso-time';

describe('isoTime', () => {
  it('gives what toISOString gives, in and across seconds', () => {
    const now = Date.parse('2026-11-30T05:41:04.000Z');
    const times = [
      0,
      1,
      9,
      10,
      99,
      100,
      999,
      1000,
      now - 1,
      now,
      now + 7,
      now + 42,
      now + 999,
      now + 1000,
      now + 86_399_999,
    ];
    for (let i = 0; i < 5000; i++) times.push(Math.floor(Math.random() * 253_402_300_800_000));
    for (const ms of times) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
  });

  it('leaves times it does not cache to Date: fractions, before 1970, past year 9999', () => {
    for (const ms of [1.5, 1_700_000_000_123.7, -1, -86_400_001, 253_402_300_799_999, 253_402_300_800_000, 8.64e15])
      expect(isoTime(ms)).toBe(new Date(ms).toISOString());
  });
});
