import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatabaseSync as Database } from 'node:sqlite';
import { arrays } from '../../support/sqlite-arrays';
import { ExchangeFile } from '../../../electron/core/store/exchange/exchange-file';
import { ExchangeRows } from '../../../electron/core/store/exchange/exchange-rows';
import { openExchangeDb, scalar } from '../../../electron/core/store/exchange/schema';
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

  it('indexes new rows for search behind the commits in slices, and a search between slices finds every row', async () => {
    const path = join(dir, 'exchanges.db');
    const peek = new Database(path, { readOnly: true });
    // Rows at or below the mark are the ones in the index (search-index.ts); docsize holds one row per indexed row.
    const count = (sql: string) => Number((arrays(peek.prepare(sql)).get() as [number])[0]);
    const indexed = () => {
      const n = count('SELECT count(*) FROM exchange_fts_docsize');
      expect(n).toBe(count('SELECT count(*) FROM exchange WHERE seq <= (SELECT indexed_to FROM exchange_fts_state)'));
      return n;
    };
    try {
      await Promise.all(Array.from({ length: 3000 }, (_, i) => store.appendDelivery(makeDelivery(i))));
      // Past the batch threshold, indexing starts at once but takes a slice per turn of the loop.
      await new Promise((r) => setTimeout(r, 0));
      const afterOneTurn = indexed();
      expect(afterOneTurn).toBeGreaterThan(0);
      expect(afterOneTurn).toBeLessThanOrEqual(512);
      // A search does not wait for the slices: it indexes the rest first and finds the newest row.
      const page = await store.query({ text: 'user2999@example.com' });
      expect(page.items.map((x) => x.id)).toEqual(['dlv_2999']);
      expect(indexed()).toBe(3000);
    } finally {
      peek.close();
    }
  });

  it('merges the search index itself in bounded steps, behind the slices, automerge off', async () => {
    const path = join(dir, 'exchanges.db');
    const peek = new Database(path, { readOnly: true });
    const one = (sql: string) => (arrays(peek.prepare(sql)).get() as [unknown] | undefined)?.[0];
    // Each indexing transaction adds one segment; %_idx lists every segment by id.
    const segments = () => Number(one('SELECT count(DISTINCT segid) FROM exchange_fts_idx'));
    const structure = () => Buffer.from(one('SELECT block FROM exchange_fts_data WHERE id = 10') as Uint8Array);
    try {
      expect(one("SELECT v FROM exchange_fts_config WHERE k = 'automerge'")).toBe(0);
      await Promise.all(Array.from({ length: 3000 }, (_, i) => store.appendDelivery(makeDelivery(i))));
      // 12 slices of 256 rows; settled once every row is in and the segments stopped changing.
      let last = structure();
      for (let still = 0; still < 5;) {
        await new Promise((r) => setTimeout(r, 20));
        const now = structure();
        const done =
          Number(one('SELECT indexed_to FROM exchange_fts_state')) === Number(one('SELECT max(seq) FROM exchange'));
        still = done && now.equals(last) ? still + 1 : 0;
        last = now;
      }
      // Without merge steps each slice's segment would stay: 12.
      expect(segments()).toBeLessThanOrEqual(4);
      const page = await store.query({ text: 'user0@example.com' });
      expect(page.items.map((x) => x.id)).toEqual(['dlv_0']);
    } finally {
      peek.close();
    }
  });
});

describe('search index merging', () => {
  it('leaves segments to mergeStep when deferred, steps until nothing is left, and restores automerge for a writer indexing in its commits', () => {
    const path = join(dir, 'rows.db');
    const { db } = openExchangeDb(path);
    try {
      const one = (sql: string) => scalar<unknown>(db, sql);
      const segments = () => Number(one('SELECT count(DISTINCT segid) FROM exchange_fts_idx'));
      const rows = new ExchangeRows(db, 1024, 'local', true);
      expect(one("SELECT v FROM exchange_fts_config WHERE k = 'automerge'")).toBe(0);
      for (let b = 0; b < 12; b++) {
        rows.writeBatch(
          Array.from({ length: 50 }, (_, i) => ({ type: 'capture' as const, capture: makeCapture(b * 50 + i) })),
        );
        rows.indexPending();
      }
      expect(segments()).toBe(12);
      let steps = 0;
      while (rows.search.mergeStep()) steps++;
      expect(steps).toBeGreaterThan(0);
      expect(segments()).toBeLessThan(12);
      expect(rows.search.mergeStep()).toBe(false);
      expect(one("SELECT count(*) FROM exchange_fts WHERE exchange_fts MATCH 'json'")).toBe(
        Number(one('SELECT count(*) FROM exchange')),
      );

      new ExchangeRows(db, 1024);
      expect(one("SELECT v FROM exchange_fts_config WHERE k = 'automerge'")).toBe(4);
    } finally {
      db.close();
    }
  });
});
