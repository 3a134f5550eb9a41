import { describe, expect, it } from 'vitest';
import { ok, type Result } from '../../../shared/api/result';
import type { AppEventMessage } from '../../../shared/api/events';
import type { ExchangeFilter, ExchangePage, ExchangeSummary } from '../../../shared/model/exchange';
import { setBridge, type Bridge } from '../../../renderer/src/bridge/bridge';
import { startLiveRows, type LiveHooks } from '../../../renderer/src/stores/exchange/exchange-live';
import { ExchangeWindow } from '../../../renderer/src/stores/exchange/exchange-window';

const row = (id: string, time: string, over: Partial<ExchangeSummary> = {}): ExchangeSummary => ({
  id,
  kind: 'capture',
  time,
  eventType: null,
  eventId: null,
  sourceId: 'inb_a',
  target: '/in/a',
  method: 'POST',
  outcome: 'succeeded',
  status: 200,
  durationMs: 1,
  attempts: 0,
  size: 2,
  verdict: 'valid',
  replayOf: null,
  replay: null,
  ...over,
});

/**
 * A bridge whose calls answer when the test says, and whose events and
 * connection the test pushes: the order of answers is what is under test.
 */
function controlledBridge() {
  const pending: ((r: Result<ExchangePage>) => void)[] = [];
  let listener: ((m: AppEventMessage) => void) | undefined;
  let connection: ((c: boolean, locked: string | null) => void) | undefined;
  const bridge: Bridge = {
    kind: 'browser',
    auth: null,
    call: () => new Promise((resolve) => pending.push(resolve as (r: Result<ExchangePage>) => void)) as never,
    subscribe: (l) => ((listener = l), () => (listener = undefined)),
    onConnection: (l) => ((connection = l), l(false, null), () => (connection = undefined)),
  };
  return {
    bridge,
    pending,
    emit: (m: AppEventMessage) => listener?.(m),
    connect: () => connection?.(true, null),
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));
/** Events are applied every 100 ms. */
const flushed = () => new Promise((r) => setTimeout(r, 130));

/** Hooks that note what the live rows told the store; `following` is the test's to change. */
function hooks(applied: ExchangeFilter = {}) {
  const told = { waiting: [] as number[], touched: [] as string[][], counts: 0, following: true };
  const h: LiveHooks & { told: typeof told } = {
    told,
    applied: () => applied,
    following: () => told.following,
    waiting: (n) => told.waiting.push(n),
    countsChanged: () => told.counts++,
    reload: () => {},
    touched: (ids) => told.touched.push(ids),
  };
  return h;
}

const delivery = (id: string, time: string, outcome: ExchangeSummary['outcome'] = 'pending') =>
  ({
    name: 'delivery.updated',
    payload: { row: row(id, time, { kind: 'delivery', outcome, sourceId: 'sub_1', verdict: null }) },
  }) as unknown as AppEventMessage;

/** A window over a bridge the test answers, with its first page (one row, `a1`) in. */
async function shown(b: ReturnType<typeof controlledBridge>, onChange: () => void = () => {}) {
  setBridge(b.bridge);
  const win = new ExchangeWindow(() => b.bridge.call('queryExchanges', {}) as never, onChange, 50);
  win.reset(50);
  win.show(0, 20);
  b.pending.shift()!(ok({ items: [row('a1', '2026-01-01T00:00:01.000Z')], nextCursor: null }));
  await tick();
  return win;
}

const at = (ms: number) => new Date(Date.parse('2026-01-01T00:01:00.000Z') + ms).toISOString();

describe('live rows', () => {
  it('drop a read-back that answers after the list moved to another inbox', async () => {
    const b = controlledBridge();
    const win = await shown(b);
    const live = startLiveRows(win, hooks({ kind: 'capture', inboxId: 'inb_a' }));
    // the stream opened after the first page was asked for: what came between is read back
    b.connect();
    await new Promise((r) => setTimeout(r, 300));
    expect(b.pending).toHaveLength(1);
    // meanwhile the user opened another inbox
    win.reset(50);
    b.pending.shift()!(ok({ items: [row('a2', '2026-01-01T00:00:02.000Z')], nextCursor: null }));
    await tick();
    expect(win.head).toEqual([]);
    live.stop();
  });

  it('put a new row that passes the filter on top from its event, without asking the core', async () => {
    const b = controlledBridge();
    const win = await shown(b);
    const live = startLiveRows(win, hooks({ kind: 'capture', inboxId: 'inb_a' }));
    const capture = (r: ExchangeSummary) =>
      b.emit({ name: 'capture.received', payload: { row: r } as never } as AppEventMessage);
    capture(row('b1', '2026-01-01T00:00:03.000Z', { sourceId: 'inb_b' })); // another inbox's
    capture(row('a3', '2026-01-01T00:00:04.000Z', { verdict: 'invalid', outcome: 'failed' }));
    await flushed();
    expect(win.rowAt(0)).toMatchObject({ id: 'a3', verdict: 'invalid' });
    expect(win.count).toBe(2);
    expect(b.pending).toHaveLength(0);
    live.stop();
  });

  it('apply a burst of events as one change: each row once, in its latest state, newest on top', async () => {
    const b = controlledBridge();
    let changes = 0;
    const win = await shown(b, () => changes++);
    const h = hooks();
    const live = startLiveRows(win, h);
    changes = 0;
    for (let i = 0; i < 500; i++) b.emit(delivery(`d${i}`, at(i)));
    for (let i = 0; i < 500; i++) b.emit(delivery(`d${i}`, at(i), 'succeeded'));
    expect(win.head).toHaveLength(0); // nothing until the batch is applied
    await flushed();
    expect(changes).toBe(1);
    expect(win.head).toHaveLength(500);
    expect(win.rowAt(0)).toMatchObject({ id: 'd499', outcome: 'succeeded' });
    expect(win.rowAt(500)!.id).toBe('a1');
    expect(h.told.counts).toBe(1);
    expect(b.pending).toHaveLength(0);
    live.stop();
  });

  it('hold the rows still while the user reads further down, counting new ones; coming back puts them on top', async () => {
    const b = controlledBridge();
    const win = await shown(b);
    const h = hooks();
    const live = startLiveRows(win, h);
    b.emit(delivery('d1', at(1)));
    await flushed();
    h.told.following = false;
    b.emit(delivery('d2', at(2)));
    b.emit(delivery('d3', at(3)));
    // a change to a row on screen still shows, where it is
    b.emit(delivery('d1', at(1), 'failed'));
    await flushed();
    expect(win.head.map((r) => [r.id, r.outcome])).toEqual([['d1', 'failed']]);
    expect(h.told.waiting).toEqual([2]);
    expect(live.waitingCount()).toBe(2);
    // a waiting row's change is kept, not counted twice
    b.emit(delivery('d3', at(3), 'succeeded'));
    await flushed();
    expect(h.told.waiting).toEqual([2]);
    h.told.following = true;
    live.catchUp();
    expect(win.head.map((r) => [r.id, r.outcome])).toEqual([
      ['d3', 'succeeded'],
      ['d2', 'pending'],
      ['d1', 'failed'],
    ]);
    expect(h.told.waiting).toEqual([2, 0]);
    expect(b.pending).toHaveLength(0);
    live.stop();
  });

  it('more new rows than are kept while scrolled down: page 0 is read again on the way back, behind the rows shown', async () => {
    const b = controlledBridge();
    let blanked = false;
    const seen: { win?: ExchangeWindow } = {};
    const win = await shown(b, () => {
      if (seen.win && !seen.win.firstPageLoaded) blanked = true;
    });
    seen.win = win;
    const h = hooks();
    h.told.following = false;
    const live = startLiveRows(win, h);
    for (let i = 0; i < 2001; i++) b.emit(delivery(`d${i}`, at(i)));
    await flushed();
    expect(live.waitingCount()).toBe(2001);
    expect(win.rowAt(0)!.id).toBe('a1');
    h.told.following = true;
    live.catchUp();
    expect(b.pending).toHaveLength(1); // page 0, from the top
    const top = Array.from({ length: 50 }, (_, k) => row(`d${2000 - k}`, at(2000 - k), { kind: 'delivery' }));
    b.pending.shift()!(ok({ items: top, nextCursor: 'next' }));
    await tick();
    expect(win.rowAt(0)!.id).toBe('d2000');
    expect(win.head).toHaveLength(0);
    expect(blanked).toBe(false);
    expect(h.told.waiting.at(-1)).toBe(0);
    live.stop();
  });

  // The flaky "replays the failed delivery" e2e, made deterministic: the filter changes (page 0 is asked
  // for), the replay's row commits as succeeded and its event is applied, and only then does page 0 answer,
  // with the row as the core read it before the commit.
  it('keep an update that came while page 0 was read over the older picture the page brings', async () => {
    const b = controlledBridge();
    const win = await shown(b);
    const live = startLiveRows(win, hooks());
    win.reset(50); // another filter
    win.show(0, 20);
    expect(b.pending).toHaveLength(1);
    b.emit(delivery('d1', at(1), 'succeeded'));
    await flushed();
    b.pending.shift()!(ok({ items: [row('d1', at(1), { kind: 'delivery', outcome: 'pending' })], nextCursor: null }));
    await tick();
    expect(win.rowAt(0)).toMatchObject({ id: 'd1', outcome: 'succeeded' });
    live.stop();
  });

  it('put a new row whose event came while page 0 was read on top once the page is in', async () => {
    const b = controlledBridge();
    const win = await shown(b);
    const live = startLiveRows(win, hooks());
    win.reset(50);
    win.show(0, 20);
    b.emit(delivery('d2', at(2), 'succeeded'));
    await flushed();
    // the page was read before d2 was written
    b.pending.shift()!(ok({ items: [row('a1', '2026-01-01T00:00:01.000Z')], nextCursor: null }));
    await flushed();
    expect(win.rowAt(0)).toMatchObject({ id: 'd2', outcome: 'succeeded' });
    expect(win.count).toBe(2);
    live.stop();
  });

  it("keep a row's update that came while page 0 was read again behind the live rows", async () => {
    const b = controlledBridge();
    const win = await shown(b);
    const live = startLiveRows(win, hooks());
    b.emit(delivery('d1', at(1)));
    await flushed();
    win.show(0, 1);
    const reading = win.reanchor();
    expect(b.pending).toHaveLength(1);
    b.emit(delivery('d1', at(1), 'failed'));
    await flushed();
    const stale = row('d1', at(1), { kind: 'delivery', outcome: 'pending' });
    b.pending.shift()!(ok({ items: [stale, row('a1', '2026-01-01T00:00:01.000Z')], nextCursor: null }));
    await reading;
    expect(win.head).toHaveLength(0);
    expect(win.rowAt(0)).toMatchObject({ id: 'd1', outcome: 'failed' });
    live.stop();
  });

  it('tell the open detail which rows changed, a replay and its original both', async () => {
    const b = controlledBridge();
    const win = await shown(b);
    const h = hooks();
    const live = startLiveRows(win, h);
    b.emit({
      name: 'delivery.updated',
      payload: { row: row('r1', at(5), { kind: 'delivery', replayOf: 'a1', outcome: 'succeeded' }) },
    } as unknown as AppEventMessage);
    await flushed();
    expect(h.told.touched).toEqual([['r1', 'a1']]);
    expect(win.rowAt(1)).toMatchObject({ id: 'a1', replay: { id: 'r1', outcome: 'succeeded' } });
    live.stop();
  });
});
