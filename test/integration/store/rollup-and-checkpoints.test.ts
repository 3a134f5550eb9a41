import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync as Database } from 'node:sqlite';
import { arrays } from '../../support/sqlite-arrays';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openExchangeDb, SCHEMA_VERSION } from '../../../electron/core/store/exchange/schema';
import { ExchangeFile } from '../../../electron/core/store/exchange/exchange-file';
import { makeCapture, makeDelivery } from '../../support/exchange-records';

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hookbench-rollup-'));
  path = join(dir, 'exchanges.db');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The daily combinations' non-zero rows next to the same counts taken from the rows themselves. */
function daysVsRows(file: string): { days: unknown[]; rows: unknown[] } {
  const db = new Database(file, { readOnly: true });
  try {
    const days = arrays(
      db.prepare(
        'SELECT day, kind, source_id, event_type, outcome, status, n FROM exchange_facet_day WHERE n != 0 ORDER BY 1, 2, 3, 4, 5, 6',
      ),
    ).all();
    const rows = arrays(
      db.prepare(
        `SELECT time / 86400000, kind, coalesce(source_id, ''), coalesce(event_type, ''), outcome, coalesce(status, 0),
          count(*) FROM exchange GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`,
      ),
    ).all();
    return { days, rows };
  } finally {
    db.close();
  }
}

/** The rollup's non-zero rows next to the same counts taken from the rows themselves. */
function rollupVsRows(file: string): { rollup: unknown[]; rows: unknown[] } {
  const db = new Database(file, { readOnly: true });
  try {
    const rollup = arrays(
      db.prepare(
        'SELECT kind, source_id, event_type, outcome, status, n FROM exchange_rollup WHERE n != 0 ORDER BY 1, 2, 3, 4, 5',
      ),
    ).all();
    const rows = arrays(
      db.prepare(
        `SELECT kind, coalesce(source_id, ''), coalesce(event_type, ''), outcome, coalesce(status, 0), count(*)
      FROM exchange GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
      ),
    ).all();
    return { rollup, rows };
  } finally {
    db.close();
  }
}

it('keeps the facet rollups equal to the rows through inserts, status changes, a failed group and retention', async () => {
  const store = new ExchangeFile({ path, retentionIntervalMs: 0, retention: { maxAgeDays: 3650, maxRows: 150 } });
  const writes: Promise<void>[] = [];
  // Two rows an hour: 200 rows over about four days.
  const timeMs = (i: number) => Date.UTC(2025, 0, 1) + i * 1_800_000;
  for (let i = 0; i < 200; i++)
    writes.push(
      i % 4
        ? store.appendDelivery(
            makeDelivery(i, { timeMs: timeMs(i), eventType: i % 3 ? 'invoice.paid' : 'customer.created' }),
          )
        : store.appendCapture(makeCapture(i, { timeMs: timeMs(i) })),
    );
  await Promise.all(writes);
  const started = new Date(Date.UTC(2025, 0, 2)).toISOString();
  const attempt = (i: number, status: number | null) => ({
    deliveryId: `dlv_${i}`,
    n: 1,
    startedAt: started,
    request: { headers: [], body: null },
    response: status === null ? null : { status, headers: [], body: 'x' },
    timings: null,
    error: status === null ? 'ECONNREFUSED' : null,
  });
  // In one group: successes, a retry, a connection error, and an attempt for a delivery that does not exist,
  // which makes the group roll back and its records commit one by one.
  const group = [
    store.appendAttempt(attempt(1, 200), { outcome: 'succeeded', nextAttemptAt: null }),
    store.appendAttempt(attempt(2, 503), { outcome: 'retrying', nextAttemptAt: started }),
    store.appendAttempt(attempt(3, null), { outcome: 'failed', nextAttemptAt: null }),
    store.appendAttempt({ ...attempt(5, 200), deliveryId: 'dlv_missing' }, { outcome: 'succeeded' }),
    store.updateDelivery('dlv_6', { outcome: 'cancelled', nextAttemptAt: null }),
  ];
  const settled = await Promise.allSettled(group);
  expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
  await store.appendAttempt({ ...attempt(2, 200), n: 2 }, { outcome: 'succeeded', nextAttemptAt: null });

  let counts = rollupVsRows(path);
  expect(counts.rollup).toEqual(counts.rows);
  let days = daysVsRows(path);
  expect(days.days).toEqual(days.rows);
  expect(days.rows.length).toBeGreaterThan(8);
  expect(store.facets({}).outcome).toEqual(
    expect.arrayContaining([
      { value: 'succeeded', count: expect.any(Number) },
      { value: 'cancelled', count: 1 },
      { value: 'failed', count: 1 },
    ]),
  );

  expect(await store.enforceRetention()).toBe(50);
  counts = rollupVsRows(path);
  expect(counts.rollup).toEqual(counts.rows);
  days = daysVsRows(path);
  expect(days.days).toEqual(days.rows);
  expect(store.facets({}).total).toBe(150);
  await store.close();
});

it('upgrades a schema-1 log: the per-row triggers go, the hourly buckets are filled from the rows already there', async () => {
  const first = new ExchangeFile({ path, retentionIntervalMs: 0 });
  await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      i % 4
        ? first.appendDelivery(makeDelivery(i, { timeMs: Date.UTC(2025, 0, 1) + i * 600_000 }))
        : first.appendCapture(makeCapture(i, { timeMs: Date.UTC(2025, 0, 1) + i * 600_000 })),
    ),
  );
  await first.close();
  // Make it look like schema 1: no hourly buckets, and the rollup kept by a per-row trigger.
  const { db } = openExchangeDb(path);
  db.exec(`DROP TABLE exchange_facet_hour; PRAGMA user_version = 1;
    CREATE TRIGGER exchange_rollup_insert AFTER INSERT ON exchange BEGIN
      INSERT INTO exchange_rollup VALUES (new.kind, coalesce(new.source_id, ''), coalesce(new.event_type, ''), new.outcome, coalesce(new.status, 0), 1)
      ON CONFLICT DO UPDATE SET n = n + 1;
    END;`);
  db.close();

  const store = new ExchangeFile({ path, retentionIntervalMs: 0 });
  await store.appendDelivery(makeDelivery(100, { timeMs: Date.UTC(2025, 0, 1, 12) }));
  expect(store.facets({}).total).toBe(41); // not 42: the trigger would have counted the new row twice
  const wide = store.facets({
    from: new Date(Date.UTC(2024, 11, 31)).toISOString(),
    to: new Date(Date.UTC(2025, 0, 2)).toISOString(),
  });
  expect(wide.total).toBe(41);
  expect(wide.kind).toEqual([
    { value: 'delivery', count: 31 },
    { value: 'capture', count: 10 },
  ]);
  await store.close();
  const check = new Database(path, { readOnly: true });
  expect(arrays(check.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")).get()).toEqual([0]);
  expect(arrays(check.prepare('PRAGMA user_version')).get()).toEqual([SCHEMA_VERSION]);
  check.close();
});

it('upgrades a schema-6 log: the daily combinations are counted from the rows already there', async () => {
  const first = new ExchangeFile({ path, retentionIntervalMs: 0 });
  const t0 = Date.UTC(2025, 0, 1);
  // 120 rows, one every 70 minutes: about six days.
  await Promise.all(
    Array.from({ length: 120 }, (_, i) =>
      i % 4
        ? first.appendDelivery(makeDelivery(i, { timeMs: t0 + i * 4_200_000, subscriptionId: `sub_${i % 3}` }))
        : first.appendCapture(makeCapture(i, { timeMs: t0 + i * 4_200_000 })),
    ),
  );
  await first.appendAttempt(
    {
      deliveryId: 'dlv_5',
      n: 1,
      startedAt: new Date(t0 + 9 * 86_400_000).toISOString(),
      request: { headers: [], body: null },
      response: { status: 502, headers: [], body: '' },
      timings: null,
      error: null,
    },
    { outcome: 'failed' },
  );
  const range = { from: new Date(t0 + 3_600_000).toISOString(), to: new Date(t0 + 5 * 86_400_000).toISOString() };
  const filters = [{ kind: 'delivery' as const }, { subscriptionId: 'sub_2', outcome: 'pending' as const }];
  const before = filters.map((f) => first.facets({ ...f, ...range }));
  await first.close();
  // Make it look like schema 6: no daily combinations.
  const { db } = openExchangeDb(path);
  db.exec('DROP TABLE exchange_facet_day; PRAGMA user_version = 6;');
  db.close();

  const store = new ExchangeFile({ path, retentionIntervalMs: 0 });
  const days = daysVsRows(path);
  expect(days.days).toEqual(days.rows);
  expect(days.rows.length).toBeGreaterThan(6);
  expect(filters.map((f) => store.facets({ ...f, ...range }))).toEqual(before);
  // Rows 1–102 are in range (70 to 7,140 minutes): 25 captures (every fourth), 77 deliveries.
  expect(before[0]!.kind).toEqual([
    { value: 'delivery', count: 77 },
    { value: 'capture', count: 25 },
  ]);
  await store.close();
  const check = new Database(path, { readOnly: true });
  expect(arrays(check.prepare('PRAGMA user_version')).get()).toEqual([SCHEMA_VERSION]);
  check.close();
});

it('checkpoints the WAL from its worker while the writer keeps going', async () => {
  const store = new ExchangeFile({ path, retentionIntervalMs: 0 });
  const before = (await stat(path)).size;
  // Far below the writer's own fallback threshold (10,000 pages), so only the worker can have copied these pages.
  await Promise.all(Array.from({ length: 300 }, (_, i) => store.appendDelivery(makeDelivery(i))));
  const deadline = Date.now() + 5000;
  while ((await stat(path)).size === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  expect((await stat(path)).size).toBeGreaterThan(before);
  await store.close(); // resolves only once the worker has closed its connection and exited
  const reopened = new ExchangeFile({ path, retentionIntervalMs: 0 });
  expect(reopened.info().rows.deliveries).toBe(300);
  expect(reopened.integrityCheck()).toBe('ok');
  await reopened.close();
});
