import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type pg from 'pg';
import type { Clock } from '../../clock';
import type { Logger } from '../../log';
import type { Storage } from '../port';
import type { SecretBox } from '../secret-box';
import { connectClient, createPool, withPoolClient } from './pg-client';
import { PgCommitFeed } from './pg-commit-feed';
import { PgExchangeStore } from './pg-exchange-store';
import { migrate, requireCurrentSchema } from './pg-migrate';
import { dayOf, ensureDays } from './pg-partitions';
import { PgSchedule } from './pg-schedule';
import { PgSettings } from './pg-settings';
import { PgGroupWriter } from './pg-writer';
import { PgAccountsStore } from '../accounts/pg-accounts-store';

export interface PostgresStorageOptions {
  url: string;
  secretBox: SecretBox;
  clock: Clock;
  log: Logger;
  appVersion: string;
  /** A settings record that cannot be unsealed is reported here, once, by name. */
  notice?: (message: string) => void;
  /** Recorded as the owner of this node's leases; unique per process by default. */
  nodeId?: string;
  /** false: refuse a database that is behind instead of migrating it. */
  migrate?: boolean;
  /** Partitions ahead, retention and commit-log pruning; 0 turns the timer off (tests call enforceRetention). */
  maintenanceIntervalMs?: number;
  /** How often the live feed polls when no NOTIFY arrives. */
  feedPollMs?: number;
  poolSize?: number;
  writer?: { maxDelayMs?: number; maxBatch?: number };
}

export interface PostgresStorage extends Storage {
  readonly nodeId: string;
  readonly exchanges: PgExchangeStore;
  readonly schedule: PgSchedule;
  readonly feed: PgCommitFeed;
  readonly settings: PgSettings;
  /** Creates partitions ahead and prunes the commit log; the retention pass runs on the exchange store. */
  maintain(): Promise<void>;
}

const DAYS_AHEAD = 3;
/** Long enough for a node whose listener reconnected to catch up; the commit log is only for live events. */
const COMMIT_LOG_KEEP_MS = 15 * 60_000;

export function newNodeId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

/** Opens the shared database: migrates it (one node at a time), loads settings, starts the writer and the live feed. */
export async function openPostgresStorage(o: PostgresStorageOptions): Promise<PostgresStorage> {
  const nodeId = o.nodeId ?? newNodeId();
  const pool = createPool(o.url, o.poolSize ?? 8);
  const clients: pg.Client[] = [];
  try {
    const admin = await connectClient(o.url);
    clients.push(admin);
    if (o.migrate === false) await requireCurrentSchema(admin);
    else {
      const applied = await migrate(admin, o.appVersion);
      if (applied.length) o.log.info(`database migrated to schema ${applied[applied.length - 1]}`);
    }
    const today = dayOf(o.clock.now());
    await ensureDays(
      admin,
      Array.from({ length: DAYS_AHEAD + 2 }, (_, i) => today - 1 + i),
    );
    await admin.end();
    clients.length = 0;

    const settings = await PgSettings.open({
      pool,
      nodeId,
      now: () => o.clock.now(),
      box: o.secretBox,
      log: o.log,
      notice: o.notice,
    });
    const prefs = settings.preferences.get();
    const writer = new PgGroupWriter({
      connect: () => connectClient(o.url, { pipeline: true } as Partial<pg.ClientConfig>),
      nodeId,
      bodyCap: prefs.bodyCapBytes,
      log: o.log,
      now: () => o.clock.now(),
      onDays: (days) => exchanges.days.add(days),
      ...o.writer,
    });
    const exchanges = new PgExchangeStore({
      pool,
      writer,
      url: o.url,
      clock: o.clock,
      log: o.log,
      bodyCapBytes: prefs.bodyCapBytes,
      retention: prefs.retention,
    });
    const feed = new PgCommitFeed({
      url: o.url,
      pool,
      nodeId,
      log: o.log,
      pollMs: o.feedPollMs ?? 500,
      onSettings: (changes) => settings.reload(changes),
    });
    await feed.start();

    const maintain = () =>
      withPoolClient(pool, async (c) => {
        const day = dayOf(o.clock.now());
        await ensureDays(
          c,
          Array.from({ length: DAYS_AHEAD + 1 }, (_, i) => day + i),
        );
        await c.query('DELETE FROM exchange_commit WHERE at < $1', [o.clock.now() - COMMIT_LOG_KEEP_MS]);
      });
    const interval = o.maintenanceIntervalMs ?? 10 * 60_000;
    let running: Promise<unknown> | null = null;
    const tick = () => {
      running ??= maintain()
        .then(() => exchanges.enforceRetention())
        .catch((err: unknown) => o.log.error('database maintenance failed', err))
        .finally(() => (running = null));
    };
    const timer = interval > 0 ? setInterval(tick, interval) : null;
    timer?.unref();
    if (interval > 0) tick();

    return {
      nodeId,
      exchanges,
      schedule: new PgSchedule(pool, nodeId, writer.keys),
      feed,
      settings,
      accounts: new PgAccountsStore(pool),
      notices: [],
      maintain,
      check: () => withPoolClient(pool, (c) => requireCurrentSchema(c)),
      async close() {
        if (timer) clearInterval(timer);
        await running;
        await feed.close();
        await settings.flush();
        await exchanges.close();
        await pool.end();
      },
    };
  } catch (err) {
    for (const c of clients) await c.end().catch(() => undefined);
    await pool.end().catch(() => undefined);
    throw err;
  }
}
