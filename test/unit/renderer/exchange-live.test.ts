import { describe, expect, it } from 'vitest';
import { ok, type Result } from '../../../shared/api/result';
import type { AppEventMessage } from '../../../shared/api/events';
import type { ExchangePage, ExchangeSummary } from '../../../shared/model/exchange';
import { setBridge, type Bridge } from '../../../renderer/src/bridge/bridge';
import { startLiveRows } from '../../../renderer/src/stores/exchange/exchange-live';
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

describe('live rows', () => {
  it('drop a read-back that answers after the list moved to another inbox', async () => {
    const b = controlledBridge();
    setBridge(b.bridge);
    const win = new ExchangeWindow(
      () => b.bridge.call('queryExchanges', {}) as never,
      () => {},
      50,
    );
    win.reset(50);
    win.show(0, 20);
    b.pending.shift()!(ok({ items: [row('a1', '2026-01-01T00:00:01.000Z')], nextCursor: null }));
    await tick();
    const stop = startLiveRows(win, {
      applied: () => ({ kind: 'capture', inboxId: 'inb_a' }),
      onPrepended: () => {},
      countsChanged: () => {},
      reload: () => {},
      touched: () => {},
    });
    // the stream opened after the first page was asked for: what came between is read back
    b.connect();
    await new Promise((r) => setTimeout(r, 300));
    expect(b.pending).toHaveLength(1);
    // meanwhile the user opened another inbox
    win.reset(50);
    b.pending.shift()!(ok({ items: [row('a2', '2026-01-01T00:00:02.000Z')], nextCursor: null }));
    await tick();
    expect(win.head).toEqual([]);
    stop();
  });

  it('put a new row that passes the filter on top from its event, without asking the core', async () => {
    const b = controlledBridge();
    setBridge(b.bridge);
    const win = new ExchangeWindow(
      () => b.bridge.call('queryExchanges', {}) as never,
      () => {},
      50,
    );
    win.reset(50);
    win.show(0, 20);
    b.pending.shift()!(ok({ items: [row('a1', '2026-01-01T00:00:01.000Z')], nextCursor: null }));
    await tick();
    const added: number[] = [];
    const stop = startLiveRows(win, {
      applied: () => ({ kind: 'capture', inboxId: 'inb_a' }),
      onPrepended: (n) => added.push(n),
      countsChanged: () => {},
      reload: () => {},
      touched: () => {},
    });
    const capture = (r: ExchangeSummary) =>
      b.emit({ name: 'capture.received', payload: { row: r } as never } as AppEventMessage);
    capture(row('b1', '2026-01-01T00:00:03.000Z', { sourceId: 'inb_b' })); // another inbox's
    capture(row('a3', '2026-01-01T00:00:04.000Z', { verdict: 'invalid', outcome: 'failed' }));
    expect(win.rowAt(0)).toMatchObject({ id: 'a3', verdict: 'invalid' });
    expect(win.count).toBe(2);
    expect(added).toEqual([1]);
    expect(b.pending).toHaveLength(0);
    stop();
  });
});
