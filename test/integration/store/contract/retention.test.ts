import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ExchangeStore, Storage } from '../../../../electron/core/store/port';
import { makeCapture, makeDelivery } from '../../../support/exchange-records';
import { adapters, type AdapterHarness } from '../../../support/storage-adapters';

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 5, 1);

describe.each(adapters)('retention contract: %s', (_name, make) => {
  let harness: AdapterHarness;
  let storage: Storage;
  let store: ExchangeStore;
  let now = NOW;

  beforeAll(() => {
    harness = make();
  });
  afterAll(async () => {
    await harness.dispose();
  });
  beforeEach(async () => {
    await harness.reset();
    now = NOW;
    storage = await harness.open({
      clock: { now: () => now },
      prefs: { retention: { maxAgeDays: 30, maxRows: 1000 } },
    });
    store = storage.exchanges;
    // 1200 rows, one every 1/20 day over 60 days (60 day partitions on PostgreSQL), oldest first; every 5th a capture.
    const writes = [];
    for (let i = 0; i < 1200; i++) {
      const timeMs = NOW - 60 * DAY + i * (DAY / 20);
      writes.push(
        i % 5 ? store.appendDelivery(makeDelivery(i, { timeMs })) : store.appendCapture(makeCapture(i, { timeMs })),
      );
    }
    await Promise.all(writes);
  });
  afterEach(async () => {
    await storage.close();
  });

  const allIds = async () => {
    const out: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await store.query({}, { limit: 500, cursor });
      out.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  };
  const idOf = (i: number) => (i % 5 ? `dlv_${i}` : `cap_${i}`);

  it('removes exactly the rows older than maxAgeDays', async () => {
    // Rows 0..599 are older than 30 days; row 600 is exactly at the cutoff and stays.
    expect(await store.enforceRetention()).toBe(600);
    expect(await allIds()).toEqual(Array.from({ length: 600 }, (_, k) => idOf(1199 - k)));
    expect((await store.facets({})).total).toBe(600);
    expect((await store.facets({ from: new Date(NOW - 40 * DAY).toISOString() })).total).toBe(600);
    // The removed days' daily combinations went with them (whole days on PostgreSQL: their partitions dropped).
    const since = { from: new Date(NOW - 40 * DAY).toISOString(), to: new Date(NOW).toISOString() };
    expect((await store.facets({ ...since, kind: 'delivery' })).total).toBe(480);
    expect((await store.facets({ ...since, kind: 'capture', inboxId: 'inbox_a' })).total).toBe(120);
    expect((await store.query({ text: 'user599@example.com' })).items).toEqual([]);
    expect((await store.query({ text: 'user601@example.com' })).items.map((i) => i.id)).toEqual(['dlv_601']);
    expect((await store.info()).rows.exchanges).toBe(600);
  });

  it('removes exactly the oldest rows beyond maxRows', async () => {
    store.setRetention({ maxAgeDays: 365, maxRows: 777 });
    expect(await store.enforceRetention()).toBe(423);
    expect(await allIds()).toEqual(Array.from({ length: 777 }, (_, k) => idOf(1199 - k)));
    expect((await store.info()).rows.exchanges).toBe(777);
    expect((await store.facets({})).kind).toEqual([
      { value: 'delivery', count: 622 },
      { value: 'capture', count: 155 },
    ]);
    expect((await store.facets({ from: new Date(NOW - 61 * DAY).toISOString() })).total).toBe(777);
    // The oldest remaining day lost part of its rows: its daily combinations lost exactly those.
    const since = { from: new Date(NOW - 61 * DAY).toISOString(), to: new Date(NOW).toISOString() };
    expect((await store.facets({ ...since, kind: 'capture' })).total).toBe(155);
    expect((await store.facets({ ...since, kind: 'delivery', subscriptionId: 'sub_a' })).total).toBe(622);
  });

  it('keeps accepting writes while retention runs', async () => {
    store.setRetention({ maxAgeDays: 365, maxRows: 10 });
    const retention = store.enforceRetention();
    const late = Array.from({ length: 50 }, (_, k) =>
      store.appendDelivery(makeDelivery(5000 + k, { timeMs: NOW + k })),
    );
    await Promise.all(late);
    await retention;
    expect(await store.getExchange('dlv_5049')).not.toBeNull();
    await store.enforceRetention();
    expect(await allIds()).toEqual(Array.from({ length: 10 }, (_, k) => `dlv_${5049 - k}`));
  });

  it('takes in old traffic after its days were removed (an import), and purges it again', async () => {
    now = NOW + 400 * DAY;
    expect(await store.enforceRetention()).toBe(1200);
    await Promise.all([store.appendDelivery(makeDelivery(1)), store.appendCapture(makeCapture(2))]);
    expect(await allIds()).toEqual(['cap_2', 'dlv_1']);
    expect(await store.purge({ olderThan: new Date(NOW + 500 * DAY).toISOString() })).toBe(2);
    await store.appendCapture(makeCapture(3, { timeMs: NOW + 400 * DAY }));
    expect(await allIds()).toEqual(['cap_3']);
  });
});
