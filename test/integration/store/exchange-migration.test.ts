import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExchangeStore } from '../../../electron/core/store/exchange/exchange-store';
import { makeCapture, makeDelivery } from '../../support/exchange-records';

let dir: string;
let path: string;
const open = () => new ExchangeStore({ path, retentionIntervalMs: 0 });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hookbench-migration-'));
  path = join(dir, 'exchanges.db');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const verdicts = (store: ExchangeStore) =>
  Object.fromEntries(store.query({}, { limit: 10 }).items.map((r) => [r.id, r.verdict]));

describe('exchange store schema 4: verdict and replay link on the row', () => {
  it('a schema 3 file gains the columns, its captures get their verdict from the stored verification', async () => {
    let store = open();
    await Promise.all([
      store.appendCapture(makeCapture(1, { verification: { valid: true, verdict: 'ok', steps: [] } })),
      store.appendCapture(makeCapture(2, { verification: { valid: false, verdict: 'bad', steps: [] } })),
      store.appendCapture(makeCapture(3, { verification: null })),
      store.appendDelivery(makeDelivery(4)),
    ]);
    await store.close();
    // Back to what schema 3 wrote: no columns, no index, version 3.
    const raw = new Database(path);
    raw.exec(`DROP INDEX exchange_replay_of; ALTER TABLE exchange DROP COLUMN verdict;
      ALTER TABLE exchange DROP COLUMN replay_of; PRAGMA user_version = 3;`);
    raw.close();

    store = open();
    try {
      expect(verdicts(store)).toEqual({ cap_1: 'valid', cap_2: 'invalid', cap_3: null, dlv_4: null });
      await store.appendDelivery(makeDelivery(5, { replayOf: 'dlv_4' }));
      const rows = store.query({}, { limit: 10 }).items;
      expect(rows.find((r) => r.id === 'dlv_5')).toMatchObject({ replayOf: 'dlv_4', replay: null });
      expect(rows.find((r) => r.id === 'dlv_4')).toMatchObject({ replay: { id: 'dlv_5', outcome: 'pending' } });
    } finally {
      await store.close();
    }
  });

  it("a page finds each row's newest replay through the replay_of index, not a scan", async () => {
    const store = open();
    await store.appendDelivery(makeDelivery(1));
    await store.close();
    const raw = new Database(path);
    try {
      const plan = raw
        .prepare(
          `EXPLAIN QUERY PLAN SELECT e.id, (SELECT r.id FROM exchange r WHERE r.replay_of = e.id ORDER BY r.seq DESC LIMIT 1)
           FROM exchange e ORDER BY e.seq DESC LIMIT 200`,
        )
        .raw()
        .all()
        .map((row) => String((row as unknown[])[3]));
      expect(plan.join('\n')).toMatch(/SEARCH r USING INDEX exchange_replay_of \(replay_of=\?\)/);
    } finally {
      raw.close();
    }
  });
});
