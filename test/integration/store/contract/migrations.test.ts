import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync as Database } from 'node:sqlite';
import { arrays } from '../../../support/sqlite-arrays';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../electron/core/log';
import { openPostgresStorage } from '../../../../electron/core/store/postgres/open-postgres-storage';
import {
  migrate,
  NewerDatabaseError,
  OutdatedDatabaseError,
  schemaStatus,
} from '../../../../electron/core/store/postgres/pg-migrate';
import { LATEST_SCHEMA, MIGRATIONS } from '../../../../electron/core/store/postgres/pg-schema';
import { SCHEMA_VERSION } from '../../../../electron/core/store/exchange/schema';
import { openStorage } from '../../../../electron/core/store';
import { makeDelivery } from '../../../support/exchange-records';
import { createTestDatabase, type TestDatabase } from '../../../support/postgres-db';
import { postgresOptions } from '../../../support/storage-adapters';

describe('PostgreSQL migrations', () => {
  let db: TestDatabase;
  let admin: pg.Client;

  beforeAll(async () => {
    db = await createTestDatabase('migrations');
  });
  afterAll(async () => {
    await db.drop();
  });
  beforeEach(async () => {
    admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    await admin.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
  });
  afterEach(async () => {
    await admin.end();
  });

  const tables = async () =>
    (
      await admin.query<{ t: string }>("SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
    ).rows.map((r) => r.t);

  it('migrates a fresh database once, and a re-run changes nothing', async () => {
    expect(await schemaStatus(admin)).toEqual({ current: 0, latest: LATEST_SCHEMA, pending: [1, 2, 3] });
    expect(await migrate(admin, 'test')).toEqual([1, 2, 3]);
    const after = await tables();
    expect(after).toEqual(
      expect.arrayContaining([
        'exchange',
        'exchange_content',
        'attempt',
        'setting',
        'hookbench_schema',
        'account_user',
        'account_session',
        'audit_log',
        'sign_in_throttle',
        'exchange_facet_day',
      ]),
    );
    expect(await migrate(admin, 'test')).toEqual([]);
    expect(await tables()).toEqual(after);
    expect(await schemaStatus(admin)).toEqual({ current: LATEST_SCHEMA, latest: LATEST_SCHEMA, pending: [] });
  });

  it('lets nodes that start together migrate once between them', async () => {
    const nodes = await Promise.all(
      Array.from({ length: 4 }, (_, i) => openPostgresStorage(postgresOptions(db.url, { nodeId: `n${i}` }))),
    );
    const versions = await admin.query('SELECT version FROM hookbench_schema ORDER BY 1');
    expect(versions.rows).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }]);
    await nodes[0]!.exchanges.appendDelivery(makeDelivery(1));
    expect(await nodes[3]!.exchanges.getExchange('dlv_1')).not.toBeNull();
    await Promise.all(nodes.map((n) => n.close()));
  });

  it('brings a schema-1 database to the latest (the accounts, the daily facets) keeping its exchanges and settings', async () => {
    const v1 = MIGRATIONS.find((m) => m.version === 1)!;
    await admin.query(`CREATE TABLE hookbench_schema (version integer PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now(), hookbench text NOT NULL)`);
    await admin.query(v1.sql);
    await admin.query("INSERT INTO hookbench_schema (version, hookbench) VALUES (1, 'before accounts')");
    const old = await openPostgresStorage(postgresOptions(db.url, { migrate: false })).catch((e: unknown) => e);
    expect(old).toBeInstanceOf(OutdatedDatabaseError);
    // what a schema-1 node wrote, written the way it writes it
    await admin.query(`INSERT INTO setting (collection, id, record, updated_at) VALUES ('apiKeys', 'k1', $1, 1)`, [
      JSON.stringify({
        id: 'k1',
        name: 'ci',
        hint: 'abcd',
        keyHash: 'ff',
        createdAt: '2025-01-01T00:00:00.000Z',
        lastUsedAt: null,
      }),
    ]);
    const node = await openPostgresStorage(postgresOptions(db.url));
    try {
      expect((await admin.query('SELECT version FROM hookbench_schema ORDER BY 1')).rows).toEqual([
        { version: 1 },
        { version: 2 },
        { version: 3 },
      ]);
      expect(node.settings.apiKeys.get('k1')).toMatchObject({ name: 'ci' });
      expect(await node.accounts.countUsers()).toBe(0);
      await node.exchanges.appendDelivery(makeDelivery(7));
      expect(await node.exchanges.getExchange('dlv_7')).not.toBeNull();
    } finally {
      await node.close();
    }
  });

  it('brings a schema-2 database to schema 3, counting the daily facets from the rows already there', async () => {
    const t0 = Date.UTC(2025, 0, 1);
    const range = { from: new Date(t0 + 3_600_000).toISOString(), to: new Date(t0 + 5 * 86_400_000).toISOString() };
    const filters = [{ kind: 'delivery' as const }, { subscriptionId: 'sub_2', eventType: 'invoice.paid' }];
    const first = await openPostgresStorage(postgresOptions(db.url));
    // 120 deliveries, one every 70 minutes: about six days (six day partitions).
    await Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        first.exchanges.appendDelivery(
          makeDelivery(i, { timeMs: t0 + i * 4_200_000, subscriptionId: `sub_${i % 3}`, eventType: `e${i % 2}` }),
        ),
      ),
    );
    await first.exchanges.appendDelivery(makeDelivery(500, { timeMs: t0 + 86_400_000, subscriptionId: 'sub_2' }));
    const before = await Promise.all(filters.map((f) => first.exchanges.facets({ ...f, ...range })));
    await first.close();
    // What a schema-2 node leaves: no daily combinations.
    await admin.query('DROP TABLE exchange_facet_day; DELETE FROM hookbench_schema WHERE version = 3');

    const node = await openPostgresStorage(postgresOptions(db.url));
    try {
      const days = await admin.query('SELECT day, source_id, event_type, n FROM exchange_facet_day ORDER BY 1, 2, 3');
      const rows = await admin.query(`SELECT time / 86400000 AS day, source_id, event_type, count(*) AS n FROM exchange
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`);
      expect(days.rows).toEqual(rows.rows);
      expect(days.rows.length).toBeGreaterThan(6 * 3);
      expect(await Promise.all(filters.map((f) => node.exchanges.facets({ ...f, ...range })))).toEqual(before);
      // Rows 1–102 are in range (70 to 7,140 minutes), and dlv_500.
      expect(before[0]!.total).toBe(103);
      expect(before[1]!.total).toBe(1);
    } finally {
      await node.close();
    }
  });

  it('refuses a database from a newer Hookbench without touching it', async () => {
    await migrate(admin, 'test');
    await admin.query("INSERT INTO hookbench_schema (version, hookbench) VALUES (99, 'future')");
    const before = await tables();
    const opening = openPostgresStorage(postgresOptions(db.url));
    await expect(opening).rejects.toBeInstanceOf(NewerDatabaseError);
    await expect(opening).rejects.toThrow(/schema is version 99, written by a newer Hookbench/);
    expect(await tables()).toEqual(before);
    await expect(openPostgresStorage(postgresOptions(db.url, { migrate: false }))).rejects.toBeInstanceOf(
      NewerDatabaseError,
    );
  });

  it('refuses to start on a database that is behind when told not to migrate', async () => {
    await expect(openPostgresStorage(postgresOptions(db.url, { migrate: false }))).rejects.toBeInstanceOf(
      OutdatedDatabaseError,
    );
    expect(await tables()).toEqual([]);
  });
});

describe('SQLite lease columns (schema 4)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hookbench-schema4-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('upgrades a schema-3 file in place: rows kept, owed deliveries claimable', async () => {
    const opts = { dataDir: dir, clock: { now: () => Date.now() }, log: silentLogger, retentionIntervalMs: 0 };
    const first = await openStorage(opts);
    await first.exchanges.appendDelivery(makeDelivery(1, { outcome: 'pending' }));
    await first.exchanges.appendDelivery(makeDelivery(2, { outcome: 'succeeded' }));
    await first.close();
    // Make it what Hookbench 0.x wrote before leases existed.
    const raw = new Database(join(dir, 'exchanges.db'));
    raw.exec(`DROP INDEX exchange_owed; ALTER TABLE exchange DROP COLUMN lease_owner;
      ALTER TABLE exchange DROP COLUMN lease_until; PRAGMA user_version = 3;`);
    raw.close();

    const second = await openStorage(opts);
    expect(await second.exchanges.getExchange('dlv_2')).not.toBeNull();
    const claimed = await second.schedule.claim({ now: Date.now(), dueBy: Date.now(), limit: 10, leaseMs: 1000 });
    expect(claimed.map((d) => d.id)).toEqual(['dlv_1']);
    await second.close();
    const check = new Database(join(dir, 'exchanges.db'), { readOnly: true });
    expect(arrays(check.prepare('PRAGMA user_version')).get()).toEqual([SCHEMA_VERSION]);
    expect(
      arrays(check.prepare("SELECT count(*) FROM pragma_table_info('exchange') WHERE name LIKE 'lease_%'")).get(),
    ).toEqual([2]);
    check.close();
  });
});
