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

/** A fake core whose rows grow at the top, newest first; a cursor names the last row of its page, as the store's seq does. */
function growingLog(n: number) {
  let made = 0;
  const make = () => ({ ...row(0), id: `g${made}`, time: new Date(1_700_000_000_000 + made++ * 10).toISOString() });
  const log = { rows: [] as ExchangeSummary[] };
  for (let i = 0; i < n; i++) log.rows.unshift(make());
  const fetch: FetchPage = async (cursor, limit) => {
    const start = cursor ? log.rows.findIndex((r) => r.id === cursor) + 1 : 0;
    const items = log.rows.slice(start, start + limit);
    return ok({ items, nextCursor: start + limit < log.rows.length ? items[items.length - 1]!.id : null });
  };
  return {
    rows: log.rows,
    fetch,
    /** `k` new rows on top of the core; returns them newest first, as live events would bring them. */
    add(k: number): ExchangeSummary[] {
      const fresh = Array.from({ length: k }, make).reverse();
      log.rows.unshift(...fresh);
      return fresh;
    },
  };
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
    expect(win.addLive([fresh, row(0)])).toBe(1); // r0 is already shown
    expect(win.rowAt(0)!.id).toBe('new1');
    expect(win.rowAt(1)!.id).toBe('r0');
    expect(win.count).toBe(101);
    const before = win.view();
    const found = win.patch(
      new Map([
        ['r5', { outcome: 'failed' as const }],
        ['nope', { outcome: 'failed' as const }],
      ]),
    );
    expect([...found]).toEqual(['r5']);
    expect(win.rowAt(6)!.outcome).toBe('failed');
    // a picture taken before a change never changes: the list re-renders from the new one
    expect(before.rowAt(6)!.outcome).toBe('succeeded');
    expect(before.count).toBe(101);
    expect(win.view().rowAt(6)!.outcome).toBe('failed');
  });

  it('keeps its rows when the user went further down than a re-read of page 0 would hold', async () => {
    const core = growingLog(10);
    const win = opened(core.fetch);
    win.show(0, 30);
    await settle(win, () => win.rowAt(0) !== undefined);
    win.addLive(core.add(MAX_HEAD + 1));
    const reading = win.reanchor();
    win.show(1000, 1030);
    await reading;
    expect(win.head).toHaveLength(MAX_HEAD + 1);
    expect(win.rowAt(1000)!.id).toBe(core.rows[1000]!.id);
  });

  it('puts live rows in time order whatever order they came in, and leaves rows older than the top to page reads', async () => {
    const log = fakeLog(100);
    const win = opened(log.fetch);
    win.show(0, 30);
    await settle(win, () => win.rowAt(0) !== undefined);
    const at = (id: string, ms: number) => ({ ...row(0), id, time: new Date(1_700_000_000_000 + ms).toISOString() });
    expect(win.addLive([at('b', 20), at('a', 10), at('c', 30)])).toBe(3);
    expect(win.addLive([at('e', 50), at('b2', 25), at('old', -5000)])).toBe(2);
    expect(Array.from({ length: 6 }, (_, i) => win.rowAt(i)!.id)).toEqual(['e', 'c', 'b2', 'b', 'a', 'r0']);
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

  it('re-reads page 0 behind a long live head: the rows shown stay, the head shrinks, the list never blanks', async () => {
    const core = growingLog(10);
    let blanked = false;
    const win = new ExchangeWindow(core.fetch, () => {
      if (!win.firstPageLoaded) blanked = true;
    });
    win.reset();
    win.show(0, 30);
    await settle(win, () => win.rowAt(0) !== undefined);
    blanked = false;
    win.setTotal(10, 0);
    // MAX_HEAD + 1 rows arrive live (the core has them too), then 3 more while page 0 is read again
    const live = core.add(MAX_HEAD + 1);
    win.addLive(live);
    expect(win.headFull).toBe(true);
    const shownBefore = Array.from({ length: 60 }, (_, i) => win.rowAt(i)!.id);
    const reading = win.reanchor();
    const during = core.add(3);
    win.addLive(during);
    await reading;
    expect(win.head.map((r) => r.id)).toEqual(during.map((r) => r.id));
    expect(win.headFull).toBe(false);
    expect(win.count).toBe(10 + MAX_HEAD + 1 + 3);
    expect(Array.from({ length: 60 }, (_, i) => win.rowAt(i + 3)!.id)).toEqual(shownBefore);
    expect(blanked).toBe(false);
    // rows further down come from the new chain
    win.show(PAGE_SIZE * 3, PAGE_SIZE * 3 + 30);
    await settle(win, () => win.rowAt(PAGE_SIZE * 3) !== undefined);
    expect(win.rowAt(PAGE_SIZE * 3)!.id).toBe(core.rows[PAGE_SIZE * 3]!.id);
    expect(win.loadedRows).toBeLessThanOrEqual(KEEP_PAGES * PAGE_SIZE + 3);
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
