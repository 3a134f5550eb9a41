import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync as Database } from 'node:sqlite';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/core/log';
import { openStorage, EXCHANGE_DB_FILE } from '../../../electron/core/store';
import { makeDelivery } from '../../support/exchange-records';

const clock = { now: () => Date.UTC(2025, 6, 1, 12, 0, 0) };
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hookbench-recovery-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function startsFresh(damaged: Buffer, reason: RegExp): Promise<void> {
  await writeFile(join(dir, EXCHANGE_DB_FILE), damaged);
  const stores = await openStorage({ dataDir: dir, clock, log: silentLogger, retentionIntervalMs: 0 });
  try {
    const notice = stores.notices.find((n) => n.startsWith('The exchange store could not be opened'));
    expect(notice).toMatch(reason);
    const backup = (await readdir(dir)).find((f) =>
      f.startsWith(`${EXCHANGE_DB_FILE}.unreadable-2025-07-01T12-00-00-000Z`),
    );
    expect(backup, 'the damaged file is kept beside the new one').toBeDefined();
    expect(notice).toContain(join(dir, backup!));
    expect(await readFile(join(dir, backup!))).toEqual(damaged);
    // The new log works.
    await stores.exchanges.appendDelivery(makeDelivery(1));
    expect((await stores.exchanges.query({})).items.map((i) => i.id)).toEqual(['dlv_1']);
  } finally {
    await stores.close();
  }
}

it('moves a file that is not a database aside and starts a new log, saying where the old one is', async () => {
  await startsFresh(Buffer.from('this is not sqlite '.repeat(400)), /file is not a database/);
});

it('moves a truncated database aside', async () => {
  const path = join(dir, 'whole.db');
  const db = new Database(path);
  db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
  db.close();
  const whole = await readFile(path);
  await rm(path);
  await startsFresh(whole.subarray(0, 100), /malformed/);
});

it('moves a log from a newer Hookbench aside rather than guessing at its schema', async () => {
  const path = join(dir, 'newer.db');
  const db = new Database(path);
  db.exec('PRAGMA user_version = 99');
  db.close();
  await startsFresh(await readFile(path), /newer Hookbench \(schema 99/);
});

it('opens a sound log untouched, with no notice', async () => {
  const first = await openStorage({ dataDir: dir, clock, log: silentLogger, retentionIntervalMs: 0 });
  await first.exchanges.appendDelivery(makeDelivery(7));
  await first.close();
  const again = await openStorage({ dataDir: dir, clock, log: silentLogger, retentionIntervalMs: 0 });
  expect(again.notices.filter((n) => n.includes('exchange store'))).toEqual([]);
  expect((await again.exchanges.query({})).items.map((i) => i.id)).toEqual(['dlv_7']);
  await again.close();
});

it('adopts the traffic.db of a data dir from before the rename, with what its WAL still holds', async () => {
  const first = await openStorage({ dataDir: dir, clock, log: silentLogger, retentionIntervalMs: 0 });
  await first.exchanges.appendDelivery(makeDelivery(1));
  await first.close();
  const { rename } = await import('node:fs/promises');
  await rename(join(dir, EXCHANGE_DB_FILE), join(dir, 'traffic.db'));
  const again = await openStorage({ dataDir: dir, clock, log: silentLogger, retentionIntervalMs: 0 });
  try {
    expect(again.notices).toEqual([]);
    expect((await again.exchanges.query({})).items.map((i) => i.id)).toEqual(['dlv_1']);
    expect((await readdir(dir)).filter((f) => f.startsWith('traffic.db'))).toEqual([]);
  } finally {
    await again.close();
  }
});
