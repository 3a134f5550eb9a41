import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ExchangeStore } from '../../../electron/core/store/exchange/exchange-store';
import { makeCapture, makeDelivery } from '../../support/exchange-records';

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 5, 1);
let dir: string;
let store: ExchangeStore;
let now = NOW;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hookbench-retention-'));
  now = NOW;
  store = new ExchangeStore({
    path: join(dir, 'exchanges.db'),
    retentionIntervalMs: 0,
    clock: { now: () => now },
    retention: { maxAgeDays: 30, maxRows: 1000 },
  });
  // 1200 rows, one every 1/20 day over 60 days, oldest first; every 5th is a capture.
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
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const allIds = () => {
  const out: string[] = [];
  let cursor: string | null = null;
  do {
    const page = store.query({}, { limit: 500, cursor });
    out.push(...page.items.map((i) => i.id));
    cursor = page.nextCursor;
  } while (cursor);
  return out;
};
const idOf = (i: number) => (i % 5 ? `dlv_${i}` : `cap_${i}`);

it('removes exactly the rows older than maxAgeDays', async () => {
  // Rows 0..599 are older than 30 days; row 600 is exactly at the cutoff and stays.
  expect(await store.enforceRetention()).toBe(600);
  expect(allIds()).toEqual(Array.from({ length: 600 }, (_, k) => idOf(1199 - k)));
  expect(store.facets({}).total).toBe(600);
  expect(store.query({ text: 'user599@example.com' }).items).toEqual([]);
  expect(store.query({ text: 'user601@example.com' }).items.map((i) => i.id)).toEqual(['dlv_601']);
  expect(store.integrityCheck()).toBe('ok');
});

it('removes exactly the oldest rows beyond maxRows', async () => {
  store.setRetention({ maxAgeDays: 365, maxRows: 777 });
  expect(await store.enforceRetention()).toBe(423);
  expect(allIds()).toEqual(Array.from({ length: 777 }, (_, k) => idOf(1199 - k)));
  expect(store.info().rows.exchanges).toBe(777);
  expect(store.facets({}).kind).toEqual([
    { value: 'delivery', count: 622 },
    { value: 'capture', count: 155 },
  ]);
});

it('keeps accepting writes while retention runs', async () => {
  store.setRetention({ maxAgeDays: 365, maxRows: 10 });
  const retention = store.enforceRetention();
  const late = Array.from({ length: 50 }, (_, k) => store.appendDelivery(makeDelivery(5000 + k, { timeMs: NOW + k })));
  await Promise.all(late);
  await retention;
  expect(store.getExchange('dlv_5049')).not.toBeNull();
  await store.enforceRetention();
  expect(allIds()).toEqual(Array.from({ length: 10 }, (_, k) => `dlv_${5049 - k}`));
});
