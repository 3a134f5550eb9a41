import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExchangeFile } from '../../../electron/core/store/exchange/exchange-file';
import { makeCapture, makeDelivery } from '../../support/exchange-records';

let dir: string;
let store: ExchangeFile;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hookbench-exchanges-'));
  store = new ExchangeFile({ path: join(dir, 'exchanges.db'), retentionIntervalMs: 0, bodyCapBytes: 1024 });
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

// What the store does is the contract suite's (contract/exchanges.test.ts, over both stores); this is the file's own.
describe('exchanges store file', () => {
  it('opens in WAL with synchronous NORMAL read back, or FULL when asked for', async () => {
    expect(store.journalMode).toBe('WAL');
    expect(store.synchronous).toBe('NORMAL');
    const full = new ExchangeFile({ path: join(dir, 'full.db'), durability: 'full', retentionIntervalMs: 0 });
    expect(full.synchronous).toBe('FULL');
    await full.close();
  });

  it('stays a sound SQLite file through purges and retention', async () => {
    const T0 = Date.UTC(2025, 0, 1);
    await Promise.all(
      Array.from({ length: 600 }, (_, i) =>
        i % 3 ? store.appendDelivery(makeDelivery(i)) : store.appendCapture(makeCapture(i)),
      ),
    );
    expect(await store.purge({ olderThan: new Date(T0 + 200_000).toISOString() })).toBe(200);
    store.setRetention({ maxAgeDays: 3650, maxRows: 100 });
    expect(await store.enforceRetention()).toBe(300);
    expect(store.integrityCheck()).toBe('ok');
    expect(await store.purge({ all: true })).toBe(100);
    expect(store.integrityCheck()).toBe('ok');
  });
});
