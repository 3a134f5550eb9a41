import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { Clock } from '../../electron/core/clock';
import { silentLogger } from '../../electron/core/log';
import type { Storage } from '../../electron/core/store/port';
import {
  openPostgresStorage,
  type PostgresStorage,
  type PostgresStorageOptions,
} from '../../electron/core/store/postgres/open-postgres-storage';
import { createKeyFileSecretBox, type SecretBox } from '../../electron/core/store/secret-box';
import { openStorage } from '../../electron/core/store';
import type { Preferences } from '../../shared/model/settings';
import { createTestDatabase, type TestDatabase } from './postgres-db';

/**
 * The two storage adapters behind one face, for the contract suite: each test
 * opens "a node" on a fresh store; PostgreSQL can open several nodes on one
 * database (SQLite is one node per data dir by design).
 */
export interface AdapterHarness {
  readonly name: 'sqlite' | 'postgres';
  readonly multiNode: boolean;
  /** Empties the store for the next test (a new data dir, or the database's schema dropped). */
  reset(): Promise<void>;
  /** A node on the current store; `prefs` are saved first (they are read at open, like bodyCapBytes). */
  open(o?: { clock?: Clock; prefs?: Partial<Preferences>; nodeId?: string }): Promise<Storage>;
  /** The raw database, for checks the port does not offer (ciphertext at rest). */
  raw(): { dataDir: string } | { url: string };
  dispose(): Promise<void>;
}

export const systemTestClock: Clock = { now: () => Date.now() };

function sqliteHarness(): AdapterHarness {
  let dir = mkdtempSync(join(tmpdir(), 'hookbench-contract-'));
  const open: AdapterHarness['open'] = async (o = {}) => {
    const opts = { dataDir: dir, clock: o.clock ?? systemTestClock, log: silentLogger, retentionIntervalMs: 0 };
    if (o.prefs) {
      const first = await openStorage(opts);
      await first.settings.preferences.update(o.prefs);
      await first.close();
    }
    return openStorage(opts);
  };
  return {
    name: 'sqlite',
    multiNode: false,
    async reset() {
      rmSync(dir, { recursive: true, force: true });
      dir = mkdtempSync(join(tmpdir(), 'hookbench-contract-'));
    },
    open,
    raw: () => ({ dataDir: dir }),
    async dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every node of one test shares the key, as team mode requires (HOOKBENCH_SECRET_KEY). */
let sharedBox: { dir: string; box: SecretBox } | null = null;
export function sharedSecretBox(): SecretBox {
  if (!sharedBox) {
    const dir = mkdtempSync(join(tmpdir(), 'hookbench-key-'));
    sharedBox = { dir, box: createKeyFileSecretBox(dir) };
  }
  return sharedBox.box;
}

export function postgresOptions(url: string, o: Partial<PostgresStorageOptions> = {}): PostgresStorageOptions {
  return {
    url,
    secretBox: sharedSecretBox(),
    clock: systemTestClock,
    log: silentLogger,
    appVersion: 'test',
    maintenanceIntervalMs: 0,
    feedPollMs: 200,
    poolSize: 4,
    ...o,
  };
}

function postgresHarness(): AdapterHarness {
  let db: TestDatabase | null = null;
  const opened = new Set<PostgresStorage>();
  const database = async () => (db ??= await createTestDatabase('contract'));
  const open: AdapterHarness['open'] = async (o = {}) => {
    const { url } = await database();
    const opts = postgresOptions(url, {
      ...(o.clock ? { clock: o.clock } : {}),
      ...(o.nodeId ? { nodeId: o.nodeId } : {}),
    });
    if (o.prefs) {
      const first = await openPostgresStorage(opts);
      await first.settings.preferences.update(o.prefs);
      await first.close();
    }
    const storage = await openPostgresStorage(opts);
    opened.add(storage);
    const close = storage.close.bind(storage);
    return Object.assign(storage, {
      close: async () => {
        opened.delete(storage);
        await close();
      },
    });
  };
  return {
    name: 'postgres',
    multiNode: true,
    async reset() {
      for (const s of [...opened]) await s.close().catch(() => undefined);
      opened.clear();
      const { url } = await database();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
      await c.end();
    },
    open,
    raw: () => ({ url: db!.url }),
    async dispose() {
      for (const s of [...opened]) await s.close().catch(() => undefined);
      await db?.drop();
      db = null;
    },
  };
}

export const adapters: [string, () => AdapterHarness][] = [
  ['sqlite', sqliteHarness],
  ['postgres', postgresHarness],
];

/** Several nodes on one database: PostgreSQL only (SQLite is one process per data dir, enforced by its lock). */
export const teamAdapters = adapters.filter(([name]) => name === 'postgres');

type OpenOptions = Parameters<AdapterHarness['open']>[0];

/**
 * One describe's store lifecycle: the harness made once and disposed at the
 * end; before each test the store is emptied and the named nodes opened, after
 * it they are closed. Tests read the nodes from the returned object, and may
 * assign a reopened node to it: whatever it holds is closed after the test.
 */
export function useNodes<N extends string>(
  make: () => AdapterHarness,
  nodes: Record<N, OpenOptions>,
): { harness: AdapterHarness } & Record<N, Storage> {
  const ctx = {} as { harness: AdapterHarness } & Record<N, Storage>;
  const names = Object.keys(nodes) as N[];
  beforeAll(() => {
    ctx.harness = make();
  });
  afterAll(async () => {
    await ctx.harness.dispose();
  });
  beforeEach(async () => {
    await ctx.harness.reset();
    for (const name of names) (ctx as Record<N, Storage>)[name] = await ctx.harness.open(nodes[name]);
  });
  afterEach(async () => {
    await Promise.all(names.map((name) => ctx[name].close()));
  });
  return ctx;
}
