import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExchangeStore } from '../../../electron/core/store/exchange/exchange-store';
import type { NewAttempt } from '../../../shared/model/exchange';
import { makeCapture, makeDelivery } from '../../support/exchange-records';

let dir: string;
let store: ExchangeStore;
const T0 = Date.UTC(2025, 0, 1);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hookbench-exchanges-'));
  store = new ExchangeStore({ path: join(dir, 'exchanges.db'), retentionIntervalMs: 0, bodyCapBytes: 1024 });
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

function attempt(deliveryId: string, n: number, status: number | null): NewAttempt {
  return {
    deliveryId,
    n,
    startedAt: new Date(T0 + n).toISOString(),
    request: { headers: [['content-type', 'application/json']], body: '{"a":1}' },
    response: status === null ? null : { status, headers: [['server', 'x']], body: new Uint8Array([0, 1, 2, 250]) },
    timings: status === null ? null : { connectMs: 1, firstByteMs: 2, totalMs: 3 },
    error: status === null ? 'ECONNREFUSED' : null,
  };
}

describe('exchanges store', () => {
  it('opens in WAL with synchronous NORMAL read back, or FULL when asked for', async () => {
    expect(store.journalMode).toBe('WAL');
    expect(store.synchronous).toBe('NORMAL');
    const full = new ExchangeStore({ path: join(dir, 'full.db'), durability: 'full', retentionIntervalMs: 0 });
    expect(full.synchronous).toBe('FULL');
    await full.close();
  });

  it('round-trips a delivery with attempts, truncating and keeping binary bodies', async () => {
    const long = 'é'.repeat(1000); // 2000 bytes, cap is 1024
    await store.appendDelivery(
      makeDelivery(1, {
        request: {
          method: 'POST',
          url: 'https://x.test/a?b=1',
          headers: [
            ['a', '1'],
            ['a', '2'],
          ],
          body: long,
        },
      }),
    );
    await store.appendAttempt(attempt('dlv_1', 1, null), {
      outcome: 'retrying',
      nextAttemptAt: new Date(T0 + 60_000).toISOString(),
    });
    await store.appendAttempt(
      { ...attempt('dlv_1', 2, 200), request: { headers: [], body: long } },
      { outcome: 'succeeded', nextAttemptAt: null },
    );
    const got = store.getExchange('dlv_1');
    expect(got?.kind).toBe('delivery');
    if (got?.kind !== 'delivery') return;
    const d = got.delivery;
    expect(d).toMatchObject({
      outcome: 'succeeded',
      lastStatus: 200,
      attempts: 2,
      nextAttemptAt: null,
      durationMs: 3,
      profile: 'stripe',
    });
    expect(d.request.url).toBe('https://x.test/a?b=1');
    expect(d.request.headers).toEqual([
      ['a', '1'],
      ['a', '2'],
    ]);
    expect(d.request.body).toMatchObject({ isText: true, size: 2000, truncated: true });
    expect(d.request.body.text).toBe('é'.repeat(512));
    expect(got.attempts).toHaveLength(2);
    expect(got.attempts[0]).toMatchObject({ n: 1, response: null, error: 'ECONNREFUSED', timings: null });
    expect(got.attempts[0]!.request.body.text).toBe('{"a":1}');
    expect(got.attempts[1]!.request.body).toEqual(d.request.body);
    expect(got.attempts[1]!.response).toMatchObject({ status: 200, headers: [['server', 'x']] });
    expect(got.attempts[1]!.response!.body).toEqual({
      isText: false,
      text: null,
      base64: Buffer.from([0, 1, 2, 250]).toString('base64'),
      size: 4,
      truncated: false,
    });
  });

  it('round-trips a capture with raw bytes', async () => {
    const bytes = new Uint8Array(2000).map((_, i) => (i * 7) % 256);
    await store.appendCapture(
      makeCapture(1, {
        body: bytes,
        outcome: 'rejected',
        rejectedReason: '413 body too large',
        response: { status: 413 },
      }),
    );
    const got = store.getExchange('cap_1');
    if (got?.kind !== 'capture') throw new Error('expected a capture');
    expect(got.capture).toMatchObject({
      inboxId: 'inbox_a',
      path: '/in/inbox_a',
      outcome: 'rejected',
      rejectedReason: '413 body too large',
      response: { status: 413 },
      verification: { ok: true },
    });
    expect(got.capture.body).toMatchObject({ isText: false, size: 2000, truncated: true });
    expect(Buffer.from(got.capture.body.base64!, 'base64')).toEqual(Buffer.from(bytes.subarray(0, 1024)));
    expect(store.getExchange('nope')).toBeNull();
  });

  it('rejects an attempt for an unknown delivery without failing its group', async () => {
    const results = await Promise.allSettled([
      store.appendDelivery(makeDelivery(1)),
      store.appendAttempt(attempt('missing', 1, 500)),
      store.appendDelivery(makeDelivery(2)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(store.query({}).items.map((i) => i.id)).toEqual(['dlv_2', 'dlv_1']);
  });

  describe('with a mixed log', () => {
    beforeEach(async () => {
      const writes: Promise<void>[] = [];
      for (let i = 0; i < 60; i++) {
        if (i % 3 === 0) {
          writes.push(
            store.appendCapture(makeCapture(i, { inboxId: i % 2 ? 'inbox_a' : 'inbox_b', eventType: 'ping' })),
          );
          continue;
        }
        writes.push(
          store.appendDelivery(
            makeDelivery(i, {
              subscriptionId: i % 2 ? 'sub_a' : 'sub_b',
              eventType: i % 4 ? 'invoice.paid' : 'customer.created',
            }),
          ),
        );
        const status = [200, 500, 404, null][i % 4]!;
        writes.push(
          store.appendAttempt(attempt(`dlv_${i}`, 1, status), { outcome: status === 200 ? 'succeeded' : 'failed' }),
        );
      }
      await Promise.all(writes);
    });

    const ids = (f: Parameters<ExchangeStore['query']>[0]) => store.query(f, { limit: 500 }).items.map((i) => i.id);
    const expected = (pred: (i: number) => boolean) =>
      Array.from({ length: 60 }, (_, i) => 59 - i)
        .filter(pred)
        .map((i) => (i % 3 === 0 ? `cap_${i}` : `dlv_${i}`));
    const isDlv = (i: number) => i % 3 !== 0;

    it('applies each filter, newest first', () => {
      expect(ids({})).toEqual(expected(() => true));
      expect(ids({ kind: 'capture' })).toEqual(expected((i) => !isDlv(i)));
      expect(ids({ kind: 'delivery' })).toEqual(expected(isDlv));
      expect(ids({ subscriptionId: 'sub_b' })).toEqual(expected((i) => isDlv(i) && i % 2 === 0));
      expect(ids({ inboxId: 'inbox_a' })).toEqual(expected((i) => !isDlv(i) && i % 2 === 1));
      expect(ids({ eventType: 'customer.created' })).toEqual(expected((i) => isDlv(i) && i % 4 === 0));
      expect(ids({ outcome: 'failed' })).toEqual(expected((i) => isDlv(i) && i % 4 !== 0));
      expect(ids({ status: 404 })).toEqual(expected((i) => isDlv(i) && i % 4 === 2));
      expect(ids({ statusClass: '5xx' })).toEqual(expected((i) => isDlv(i) && i % 4 === 1));
      expect(ids({ statusClass: 'none' })).toEqual(expected((i) => isDlv(i) && i % 4 === 3));
      expect(ids({ statusClass: '2xx', kind: 'capture' })).toEqual(expected((i) => !isDlv(i)));
      const from = new Date(T0 + 10_000).toISOString();
      const to = new Date(T0 + 20_000).toISOString();
      expect(ids({ from, to })).toEqual(expected((i) => i >= 10 && i < 20));
      expect(ids({ from, to, kind: 'delivery', outcome: 'succeeded' })).toEqual(
        expected((i) => i >= 10 && i < 20 && isDlv(i) && i % 4 === 0),
      );
    });

    it('finds an email inside a JSON body and a header value with FTS', () => {
      expect(ids({ text: 'user41@example.com' })).toEqual(['dlv_41']);
      expect(ids({ text: 'trace-42' })).toEqual(['cap_42']);
      expect(ids({ text: 'example.com', subscriptionId: 'sub_b' })).toEqual(expected((i) => isDlv(i) && i % 2 === 0));
      expect(ids({ text: 'nobody@nowhere.test' })).toEqual([]);
      expect(() => store.query({ text: '@@' })).toThrow(/letter or digit/);
    });

    it('pages with a cursor without gaps or repeats while new rows arrive', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let next = 1000;
      do {
        const page = store.query({}, { limit: 7, cursor });
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
        // Newer rows land while the user scrolls; they must not shift older pages.
        await store.appendDelivery(makeDelivery(next++, { timeMs: T0 + 3_600_000 + next }));
      } while (cursor);
      expect(seen).toEqual(expected(() => true));
      expect(() => store.query({}, { cursor: 'garbage' })).toThrow(/cursor/);
    });

    it('counts facets that agree with the rows, with and without filters', () => {
      const brute = (f: Parameters<ExchangeStore['query']>[0]) => store.query(f, { limit: 500 }).items;
      const check = (f: Parameters<ExchangeStore['query']>[0]) => {
        const facets = store.facets(f);
        expect(facets.total).toBe(brute(f).length);
        for (const o of facets.outcome) expect(o.count).toBe(brute({ ...f, outcome: o.value as never }).length);
        for (const s of facets.statusClass)
          expect(s.count).toBe(brute({ ...f, status: undefined, statusClass: s.value as never }).length);
        for (const s of facets.subscription)
          expect(s.count).toBe(brute({ ...f, subscriptionId: s.value, inboxId: undefined }).length);
        for (const s of facets.inbox)
          expect(s.count).toBe(brute({ ...f, inboxId: s.value, subscriptionId: undefined }).length);
        for (const e of facets.eventType) expect(e.count).toBe(brute({ ...f, eventType: e.value }).length);
        for (const k of facets.kind) expect(k.count).toBe(brute({ ...f, kind: k.value as never }).length);
      };
      check({});
      check({ kind: 'delivery' });
      check({ outcome: 'failed', subscriptionId: 'sub_a' });
      check({ from: new Date(T0 + 5_000).toISOString(), to: new Date(T0 + 40_000).toISOString() });
      check({ text: 'example.com' });
      // the one-pass scan over a range must leave out only each dimension's own filter
      const range = { from: new Date(T0 + 5_000).toISOString(), to: new Date(T0 + 50_000).toISOString() };
      check({ ...range, kind: 'delivery', outcome: 'failed' });
      check({ ...range, subscriptionId: 'sub_a', statusClass: '5xx' });
      check({ ...range, inboxId: 'inbox_a' });
      check({ text: 'example.com', outcome: 'succeeded', eventType: 'invoice.paid' });
      expect(store.facets({}).kind).toEqual([
        { value: 'delivery', count: 40 },
        { value: 'capture', count: 20 },
      ]);
    });

    it('purges rows older than a time, then everything', async () => {
      expect(await store.purge({ olderThan: new Date(T0 + 30_000).toISOString() })).toBe(30);
      expect(ids({})).toEqual(expected((i) => i >= 30));
      expect(ids({ text: 'user1@example.com' })).toEqual([]);
      expect(await store.purge({ all: true })).toBe(30);
      expect(store.info().rows).toEqual({ exchanges: 0, deliveries: 0, captures: 0, attempts: 0 });
      expect(store.integrityCheck()).toBe('ok');
    });
  });
});
