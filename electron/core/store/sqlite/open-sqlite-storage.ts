import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../../clock';
import type { Logger } from '../../log';
import { LEGACY_DB_FILE, openExchangeFile } from '../exchange/open-or-recover';
import type { LiveFeed, SettingsCollection, SettingsPort, Storage } from '../port';
import type { AccountsStore } from '../accounts/accounts-store';
import { storeRetention } from '../exchange-retention';
import type { SecretBox } from '../secret-box';
import { createSettingsRepos } from '../settings/repositories';
import type { SettingsRecords } from '../settings/records';
import { SettingsFile } from '../settings/settings-file';
import { FusionAuthExtrasFile } from './fusionauth-extras-file';
import { openSqliteAccounts } from '../accounts/open-accounts';
import { SqliteExchangeStore, SqliteSchedule } from './sqlite-exchange-store';

export interface SqliteStorageOptions {
  dataDir: string;
  clock: Clock;
  log: Logger;
  secretBox: SecretBox;
  /** Something the user must hear about later (a record whose secret cannot be unsealed when first read). */
  notice?: (message: string) => void;
  /** 0 turns the background retention timer off (tests drive it by hand). */
  retentionIntervalMs?: number;
}

export const SETTINGS_FILE = 'settings.json';
export const EXCHANGE_DB_FILE = 'exchanges.db';
/** One process owns a data dir (its lock), so its leases need no name beyond the run. */
const NODE_ID = 'local';

/** A single node has no other node to hear from. */
const quietFeed: LiveFeed = { subscribe: () => () => undefined };

/**
 * The exchange store and its WAL files private to the user (0600). SQLite
 * creates -wal and -shm with the database file's own mode, so a database file
 * made 0600 before SQLite first opens it keeps all three private from the start.
 */
function privateDatabase(path: string, legacy: string, after: boolean): void {
  if (process.platform === 'win32') return;
  if (!after && !existsSync(path) && !existsSync(legacy)) closeSync(openSync(path, 'a', 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(file)) chmodSync(file, 0o600);
}

/**
 * The laptop's storage: settings.json (lowdb), fusionauth-webhooks.json and
 * exchanges.db (node:sqlite) in the data dir, as before the port existed. Leases a
 * previous run left are released at open, so the engine's claims hand over
 * every delivery still owed (what re-arming them all at start used to do).
 * accounts.db opens first: one that cannot be used stops the start before
 * anything else is opened (starting without it would turn sign-in off).
 */
export async function openSqliteStorage(opts: SqliteStorageOptions): Promise<Storage> {
  const accounts = openSqliteAccounts(opts.dataDir);
  try {
    return await openTheRest(opts, accounts);
  } catch (err) {
    await accounts.close();
    throw err;
  }
}

async function openTheRest(opts: SqliteStorageOptions, accounts: AccountsStore): Promise<Storage> {
  const notice = opts.notice ?? (() => {});
  const file = await SettingsFile.open({
    path: join(opts.dataDir, SETTINGS_FILE),
    secretBox: opts.secretBox,
    clock: opts.clock,
    log: opts.log,
  });
  const notices = [...file.notices];
  const extras = new FusionAuthExtrasFile(opts.dataDir, notice, () => opts.clock.now());
  const repos = createSettingsRepos(file, opts.secretBox, opts.log, notice);
  const prefs = repos.preferences.get();
  const dbPath = join(opts.dataDir, EXCHANGE_DB_FILE);
  privateDatabase(dbPath, join(opts.dataDir, LEGACY_DB_FILE), false);
  const { store: exchangeFile, notice: exchangeNotice } = openExchangeFile(
    {
      path: dbPath,
      clock: opts.clock,
      log: opts.log,
      bodyCapBytes: prefs.bodyCapBytes,
      durability: prefs.durability,
      // Its first pass runs as it opens: 0 (no limit) must already mean that.
      retention: storeRetention(prefs.retention),
      retentionIntervalMs: opts.retentionIntervalMs,
      nodeId: NODE_ID,
    },
    opts.clock,
  );
  privateDatabase(dbPath, '', true);
  if (exchangeNotice) {
    opts.log.warn(exchangeNotice);
    notices.push(exchangeNotice);
  }
  exchangeFile.deliveries().releaseLeases(true);
  // The repositories predate typed records; these are the records' real shapes.
  const typed = <K extends keyof SettingsRecords>(repo: unknown) => repo as SettingsCollection<SettingsRecords[K]>;
  const settings: SettingsPort = {
    subscriptions: typed<'subscriptions'>(repos.subscriptions),
    inboxes: typed<'inboxes'>(repos.inboxes),
    signingKeys: typed<'signingKeys'>(repos.signingKeys),
    apiKeys: typed<'apiKeys'>(repos.apiKeys),
    fusionAuthExtras: extras,
    preferences: repos.preferences,
    onExternalChange: () => () => undefined,
    flush: async () => {
      await Promise.all([file.flush(), extras.flush()]);
    },
  };
  const exchanges = new SqliteExchangeStore(exchangeFile);
  return {
    exchanges,
    schedule: new SqliteSchedule(exchangeFile, NODE_ID),
    feed: quietFeed,
    settings,
    accounts,
    notices,
    // The file is open in this process; a broken disk shows as failed writes, reported where they happen.
    check: async () => undefined,
    async close() {
      await Promise.all([exchanges.close(), settings.flush(), accounts.close()]);
    },
  };
}
