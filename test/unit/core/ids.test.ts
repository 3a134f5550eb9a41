import { describe, expect, it } from 'vitest';
import { timeOrderedUuid } from '../../../electron/core/ids';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('timeOrderedUuid', () => {
  it('is a UUIDv7 whose first 48 bits are the given time', () => {
    const ms = Date.UTC(2026, 10, 23, 20, 30, 0, 123);
    const id = timeOrderedUuid(ms);
    expect(id).toMatch(V7);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(ms);
  });

  it('sorts by time across milliseconds and never repeats within one', () => {
    const base = 1_700_000_000_000;
    const ids = Array.from({ length: 2000 }, (_, i) => timeOrderedUuid(base + Math.floor(i / 100)));
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 100; i < ids.length; i += 100) expect(ids[i - 1]! < ids[i]!).toBe(true);
  });
});
