import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync as Database } from 'node:sqlite';
import { arrays } from '../../support/sqlite-arrays';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/core/log';
import { openStorage } from '../../../electron/core/store';
import type { Storage } from '../../../electron/core/store/port';
import { makeCapture, makeDelivery } from '../../support/exchange-records';

// The SQLite file's own upgrade path; what the columns mean is in the contract suite (both stores).
let dir: string;
const open = () =>
  openStorage({ dataDir: dir, clock: { now: () => Date.now() }, log: silentLogger, retentionIntervalMs: 0 });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hookbench-migration-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const verdicts = async (storage: Storage) =>
  Object.fromEntries((await storage.exchanges.query({}, { limit: 10 })).items.map((r) => [r.id, r.verdict]));

describe('exchange file: verdict and replay link on the row', () => {
  it('a schema 3 file gains the columns, its captures get their verdict from the stored verification', async () => {
    let storage = await open();
    await Promise.all([
      storage.exchanges.appendCapture(makeCapture(1, { verification: { valid: true, verdict: 'ok', steps: [] } })),
      storage.exchanges.appendCapture(makeCapture(2, { verification: { valid: false, verdict: 'bad', steps: [] } })),
      storage.exchanges.appendCapture(makeCapture(3, { verification: null })),
      storage.exchanges.appendDelivery(makeDelivery(4)),
    ]);
    await storage.close();
    // Back to what schema 3 wrote: none of the later columns, no index, version 3.
    const raw = new Database(join(dir, 'exchanges.db'));
    raw.exec(`DROP INDEX exchange_replay_of; DROP INDEX exchange_owed; ALTER TABLE exchange DROP COLUMN verdict;
      ALTER TABLE exchange DROP COLUMN replay_of; ALTER TABLE exchange DROP COLUMN lease_owner;
      ALTER TABLE exchange DROP COLUMN lease_until; PRAGMA user_version = 3;`);
    raw.close();

    storage = await open();
    try {
      expect(await verdicts(storage)).toEqual({ cap_1: 'valid', cap_2: 'invalid', cap_3: null, dlv_4: null });
      await storage.exchanges.appendDelivery(makeDelivery(5, { replayOf: 'dlv_4' }));
      const rows = (await storage.exchanges.query({}, { limit: 10 })).items;
      expect(rows.find((r) => r.id === 'dlv_5')).toMatchObject({ replayOf: 'dlv_4', replay: null });
      expect(rows.find((r) => r.id === 'dlv_4')).toMatchObject({ replay: { id: 'dlv_5', outcome: 'pending' } });
    } finally {
      await storage.close();
    }
  });

  it("a page finds each row's newest replay through the replay_of index, not a scan", async () => {
    const storage = await open();
    await storage.exchanges.appendDelivery(makeDelivery(1));
    await storage.close();
    const raw = new Database(join(dir, 'exchanges.db'));
    try {
      const plan = arrays(
        raw.prepare(
          `EXPLAIN QUERY PLAN SELECT e.id, (SELECT r.id FROM exchange r WHERE r.replay_of = e.id ORDER BY r.seq DESC LIMIT 1)
           FROM exchange e ORDER BY e.seq DESC LIMIT 200`,
        ),
      )
        .all()
        .map((row) => String((row as unknown[])[3]));
      expect(plan.join('\n')).toMatch(/SEARCH r USING INDEX exchange_replay_of \(replay_of=\?\)/);
    } finally {
      raw.close();
    }
  });
});
