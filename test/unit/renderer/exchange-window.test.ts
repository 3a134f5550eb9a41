import { describe, expect, it } from 'vitest';
import { ok } from '../../../shared/api/result';
import type { ExchangeSummary, ExchangePage } from '../../../shared/model/exchange';
import type { BulkReplayJob } from '../../../shared/model/bulk-replay';
import { newer } from '../../../renderer/src/stores/exchange/exchange-bulk';
import {
  ExchangeWindow,
  KEEP_PAGES,
  MAX_HEAD,
  PAGE_SIZE,
  type FetchPage,
} from '../../../renderer/src/stores/exchange/exchange-window';

const row = (i: number): ExchangeSummary => ({
  id: `r${i}`,
  kind: 'delivery',
  time: new Date(1_700_000_000_000 - i * 1000).toISOString(),
  eventType: 'e',
  eventId: null,
  sourceId: 's',
  target: 'http://x',
  method: 'POST',
  outcome: 'succeeded',
  status: 200,
  durationMs: 1,
  attempts: 1,
  size: 2,
  verdict: null,
  replayOf: null,
  replay: null,
});

/** A fake core over `n` rows: cursor = index of the next row, as an opaque string. */
function fakeLog(n: number) {
  const calls: (string | null)[] = [];
  const fetch = async (cursor: string | null, limit: number) => {
    calls.push(cursor);
    const start = cursor ? Number(cursor.slice(1)) : 0;
    const items = Array.from({ length: Math.max(0, Math.min(limit, n - start)) }, (_, k) => row(start + k));
    const page: ExchangePage = { items, nextCursor: start + limit < n ? `c${start + limit}` : null };
    return ok(page);
  };
  return { fetch, calls };
}

async function settle(win: ExchangeWindow, until: () => boolean) {
  for (let i = 0; i < 10_000 && !until(); i++) await new Promise((r) => setImmediate(r));
  expect(until()).toBe(true);
  void win;
}

/** A window with a filter applied (it reads nothing before that). */
function opened(fetch: FetchPage): ExchangeWindow {
  const win = new ExchangeWindow(fetch, () => {});
  win.reset();
  return win;
}

describe('ExchangeWindow', () => {
  it('reads nothing until a filter is applied, then tells waiters when the first page is in', async () => {
    const log = fakeLog(10);
    const win = new ExchangeWindow(log.fetch, () => {});
    win.show(0, 30);
    await new Promise((r) => setImmediate(r));
    expect(log.calls).toEqual([]);
    const first = win.whenFirstPage();
    win.reset();
    win.show(0, 30);
    await first;
    expect(win.rowAt(0)!.id).toBe('r0');
    expect(log.calls).toEqual([null]);
  });

  it('loads the first page and counts from the core total', async () => {
    const log = fakeLog(10_000);
    const win = opened(log.fetch);
    win.show(0, 30);
    await settle(win, () => win.rowAt(0) !== undefined);
    expect(win.rowAt(0)!.id).toBe('r0');
    win.setTotal(10_000, 0);
    expect(win.count).toBe(10_000);
  });

  it('walks the cursor chain to a far row, keeping only a bounded number of pages', async () => {
    const log = fakeLog(20 * PAGE_SIZE);
    const win = opened(log.fetch);
    win.setTotal(20 * PAGE_SIZE, 0);
    const target = 15 * PAGE_SIZE + 7;
    win.show(target, target + 30);
    await settle(win, () => win.rowAt(target) !== undefined);
    expect(win.rowAt(target)!.id).toBe(`r${target}`);
    expect(win.loadedRows).toBeLessThanOrEqual(KEEP_PAGES * PAGE_SIZE);
    // going back up reloads dropped pages straight from their cursors, no second walk
    const before = log.calls.length;
    win.show(2 * PAGE_SIZE, 2 * PAGE_SIZE + 30);
    await settle(win, () => win.rowAt(2 * PAGE_SIZE) !== undefined);
    expect(win.rowAt(2 * PAGE_SIZE)!.id).toBe(`r${2 * PAGE_SIZE}`);
    expect(log.calls.length - before).toBeLessThanOrEqual(3);
  });

  it('learns the exact length at the end of the chain', async () => {
    const log = fakeLog(PAGE_SIZE + 10);
    const win = opened(log.fetch);
    win.setTotal(5000, 0); // a stale count
    win.show(PAGE_SIZE, PAGE_SIZE + 30);
    await settle(win, () => win.rowAt(PAGE_SIZE + 9) !== undefined);
    expect(win.count).toBe(PAGE_SIZE + 10);
  });

  it('puts live rows on top without disturbing indices below, and patches known rows', async () => {
    const log = fakeLog(100);
    const win = opened(log.fetch);
    win.show(0, 30);
    await settle(win, () => win.rowAt(0) !== undefined);
    win.setTotal(100, 0);
    const fresh = { ...row(-1), id: 'new1' };
    expect(win.prepend([fresh, row(0)])).toBe(1); // r0 is already shown
    expect(win.rowAt(0)!.id).toBe('new1');
    expect(win.rowAt(1)!.id).toBe('r0');
    expect(win.count).toBe(101);
    const before = win.view();
    expect(win.patch('r5', { outcome: 'failed' })).toBe(true);
    expect(win.rowAt(6)!.outcome).toBe('failed');
    expect(win.patch('nope', { outcome: 'failed' })).toBe(false);
    // a picture taken before a change never changes: the list re-renders from the new one
    expect(before.rowAt(6)!.outcome).toBe('succeeded');
    expect(before.count).toBe(101);
    expect(win.view().rowAt(6)!.outcome).toBe('failed');
  });

  it('reads pages of the size it was reset with (an inbox reads 50 at a time)', async () => {
    const limits: number[] = [];
    const log = fakeLog(50);
    const win = new ExchangeWindow(
      (cursor, limit) => (limits.push(limit), log.fetch(cursor, limit)),
      () => {},
    );
    win.reset(50);
    win.show(0, 20);
    await settle(win, () => win.rowAt(49) !== undefined);
    await new Promise((r) => setImmediate(r));
    // 50 rows in one read: the page said there was no next one, so nothing more is asked
    expect(limits).toEqual([50]);
    expect(win.view().count).toBe(50);
  });

  it('folds a long live head back into pages', async () => {
    const log = fakeLog(10);
    const win = opened(log.fetch);
    win.show(0, 30);
    await settle(win, () => win.rowAt(0) !== undefined);
    win.prepend(Array.from({ length: MAX_HEAD + 1 }, (_, k) => ({ ...row(k), id: `live${k}` })));
    expect(win.head.length).toBe(0);
  });

  it('reports a failed page as an error and ignores answers from before a reset', async () => {
    let release: () => void = () => {};
    const slow = (cursor: string | null) =>
      new Promise<ReturnType<typeof ok<ExchangePage>>>((resolve) => {
        release = () => resolve(ok({ items: [row(cursor ? 1 : 0)], nextCursor: null }));
      });
    const win = opened(slow);
    win.show(0, 10);
    win.reset();
    release();
    await new Promise((r) => setImmediate(r));
    expect(win.rowAt(0)).toBeUndefined();
    const failing = opened(async () => ({
      ok: false as const,
      error: { code: 'unavailable' as const, message: 'down' },
    }));
    failing.show(0, 10);
    await settle(failing, () => failing.error !== null);
    expect(failing.error).toBe('down');
  });
});

describe('bulk replay job pictures', () => {
  const job = (state: BulkReplayJob['state'], done: number, id = 'j1'): BulkReplayJob => ({
    id,
    state,
    done,
    filter: {},
    ratePerSecond: 5,
    total: 10,
    succeeded: done,
    failed: 0,
    startedAt: '2026-01-01T00:00:00Z',
    finishedAt: null,
    errors: [],
  });
  it('keeps the newest picture of a job whatever order answers and events arrive in', () => {
    expect(newer(job('cancelled', 4), job('cancelling', 3)).state).toBe('cancelled');
    expect(newer(job('running', 5), job('running', 3)).done).toBe(5);
    expect(newer(job('running', 5), job('cancelling', 5)).state).toBe('cancelling');
    expect(newer(job('completed', 10), job('running', 0, 'j2')).id).toBe('j2');
  });
});
