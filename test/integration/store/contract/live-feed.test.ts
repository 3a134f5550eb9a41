import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { LiveChange, Storage } from '../../../../electron/core/store/port';
import { makeCapture, makeDelivery } from '../../../support/exchange-records';
import { adapters, teamAdapters, useNodes } from '../../../support/storage-adapters';
import { waitUntil } from '../../../support/webhook-server';

/** The changes a node's feed announces, and a way to wait for one. */
function collect(s: Storage) {
  const seen: LiveChange[] = [];
  const waiters: { pred: (c: LiveChange) => boolean; resolve: (ms: number) => void; started: number }[] = [];
  const stop = s.feed.subscribe((changes) => {
    seen.push(...changes);
    for (const w of [...waiters])
      if (changes.some(w.pred)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(Date.now() - w.started);
      }
  });
  return {
    seen,
    stop,
    next: (pred: (c: LiveChange) => boolean) =>
      new Promise<number>((resolve) => waiters.push({ pred, resolve, started: Date.now() })),
  };
}

describe.each(teamAdapters)('live feed across nodes: %s', (_name, make) => {
  const ctx = useNodes(make, { a: { nodeId: 'node-a' }, b: { nodeId: 'node-b' } });

  it('announces a capture and a delivery committed on another node within a second, never its own', async () => {
    const feed = collect(ctx.a);
    const capture = feed.next((c) => c.type === 'capture' && c.capture.id === 'cap_1');
    await ctx.b.exchanges.appendCapture(makeCapture(1, { body: 'hello', query: 'x=1' }));
    expect(await capture).toBeLessThan(1000);
    expect(feed.seen.find((c) => c.type === 'capture')).toEqual({
      type: 'capture',
      size: 5,
      capture: expect.objectContaining({ id: 'cap_1', inboxId: 'inbox_a', query: 'x=1', verification: { ok: true } }),
    });
    const delivery = feed.next((c) => c.type === 'delivery' && c.change.outcome === 'retrying');
    await ctx.b.exchanges.appendDelivery(makeDelivery(2, { outcome: 'pending' }));
    await ctx.b.exchanges.appendAttempt(
      {
        deliveryId: 'dlv_2',
        n: 1,
        startedAt: new Date().toISOString(),
        request: { headers: [], body: null },
        response: { status: 503, headers: [], body: '' },
        timings: null,
        error: null,
      },
      { outcome: 'retrying', nextAttemptAt: '2030-01-01T00:00:00.000Z' },
    );
    expect(await delivery).toBeLessThan(1000);
    expect(feed.seen.filter((c) => c.type === 'delivery').pop()).toEqual({
      type: 'delivery',
      change: {
        id: 'dlv_2',
        subscriptionId: 'sub_a',
        outcome: 'retrying',
        attempts: 1,
        lastStatus: 503,
        nextAttemptAt: '2030-01-01T00:00:00.000Z',
        // the whole list row, so another node's list shows it without reading it back
        row: expect.objectContaining({ id: 'dlv_2', kind: 'delivery', outcome: 'retrying', status: 503, attempts: 1 }),
      },
    });
    // A's own commits are announced by the code that made them, not echoed back by its feed.
    const before = feed.seen.length;
    const echo = collect(ctx.b).next((c) => c.type === 'capture' && c.capture.id === 'cap_3');
    await ctx.a.exchanges.appendCapture(makeCapture(3));
    await echo;
    expect(feed.seen.slice(before).some((c) => c.type === 'capture' && c.capture.id === 'cap_3')).toBe(false);
  });

  it('resolves an append only once every other node can read it', async () => {
    for (let i = 0; i < 20; i++) {
      await ctx.b.exchanges.appendCapture(makeCapture(i));
      expect(await ctx.a.exchanges.getExchange(`cap_${i}`)).not.toBeNull();
    }
  });

  it('keeps announcing by polling while its LISTEN connection is down', async () => {
    const feed = collect(ctx.a);
    const admin = new pg.Client({ connectionString: (ctx.harness.raw() as { url: string }).url });
    await admin.connect();
    try {
      const killed = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()`,
      );
      expect(killed.rowCount).toBeGreaterThanOrEqual(2); // both nodes' listeners
      const seen = feed.next((c) => c.type === 'capture' && c.capture.id === 'cap_9');
      await ctx.b.exchanges.appendCapture(makeCapture(9));
      expect(await seen).toBeLessThan(1000);
    } finally {
      await admin.end();
    }
  });

  it('keeps writing, reading and announcing after every connection of the nodes was killed', async () => {
    const feed = collect(ctx.a);
    // Waited for from before the write: the announcement may come before the read below returns.
    const announced = feed.next((c) => c.type === 'capture' && c.capture.id === 'cap_77');
    const admin = new pg.Client({ connectionString: (ctx.harness.raw() as { url: string }).url });
    await admin.connect();
    try {
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
    } finally {
      await admin.end();
    }
    // A write on a connection already dead fails (the receiver answers 503 for it); the next connects again.
    await waitUntil(
      () =>
        ctx.b.exchanges.appendCapture(makeCapture(77)).then(
          () => true,
          () => false,
        ),
      'node B to write again',
      10_000,
    );
    expect(await ctx.a.exchanges.getExchange('cap_77')).not.toBeNull();
    await announced;
  });

  it('announces a thousand captures from a burst of group commits, each once', async () => {
    const feed = collect(ctx.a);
    const all = new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (feed.seen.filter((c) => c.type === 'capture').length >= 1000) {
          clearInterval(check);
          resolve();
        }
      }, 20);
    });
    await Promise.all(Array.from({ length: 1000 }, (_, i) => ctx.b.exchanges.appendCapture(makeCapture(i))));
    await all;
    const ids = feed.seen.flatMap((c) => (c.type === 'capture' ? [c.capture.id] : []));
    expect(new Set(ids).size).toBe(1000);
    expect(ids).toHaveLength(1000);
  });
});

describe.each(adapters.filter(([name]) => name === 'sqlite'))('live feed, one node: %s', (_name, make) => {
  it('has no other node to hear from: its own commits are never echoed', async () => {
    const harness = make();
    const node = await harness.open();
    const feed = collect(node);
    await node.exchanges.appendCapture(makeCapture(1));
    await node.exchanges.flush();
    expect(feed.seen).toEqual([]);
    await node.close();
    await harness.dispose();
  });
});
