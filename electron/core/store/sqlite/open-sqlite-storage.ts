import { join } from 'node:path';
import type { Clock } from '../../clock';
import type { Logger } from '../../log';
import { openExchangeStore } from '../exchange/open-or-recover';
import type { LiveFeed, SettingsCollection, SettingsPort, Storage } from '../port';
import { createKeyFileSecretBox, type SecretBox } from '../secret-box';
import { createSettingsRepos } from '../settings/repositories';
import type { SettingsRecords } from '../settings/records';
import { SettingsFile } from '../settings/settings-file';
import { FusionAuthExtrasFile } from './fusionauth-extras-file';
import { SqliteExchangeStore, SqliteSchedule } from './sqlite-exchange-store';

export interface SqliteStorageOptions {
  dataDir: string;
  clock: Clock;
  log: Logger;
  /** Defaults to the AES-GCM key file in the data dir (headless); the desktop app passes safeStorage's. */
  secretBox?: SecretBox;
  /** 0 turns the background retention timer off (tests drive it by hand). */
  retentionIntervalMs?: number;
}

export const SETTINGS_FILE = 'settings.json';
export const EXCHANGE_DB_FILE = 'exchanges.db';
/** One process owns a data dir, so its leases need no name beyond the run. */
const NODE_ID = 'local';

/** A single node has no other node to hear from. */
const quietFeed: LiveFeed = { subscribe: () => () => undefined };

/**
 * The laptop's storage: settings.json (lowdb), fusionauth-webhooks.json and
 * exchanges.db (libsql) in the data dir, exactly as before the port existed.
 * Leases left by a previous run are released at open, so the engine's first
 * claim hands over every delivery still owed (what resume() used to re-arm).
 */
export async function openSqliteStorage(
  opts: SqliteStorageOptions,
): Promise<Storage & { secretBox: SecretBox; exchanges: SqliteExchangeStore }> {
  const secretBox = opts.secretBox ?? createKeyFileSecretBox(opts.dataDir);
  const file = await SettingsFile.open({
    path: join(opts.dataDir, SETTINGS_FILE),
    secretBox,
    clock: opts.clock,
    log: opts.log,
  });
  const notices = [...file.notices];
  const stamp = new Date(opts.clock.now()).toISOString().replace(/[:.]/g, '-');
  const extras = FusionAuthExtrasFile.open(opts.dataDir, stamp, notices);
  const repos = createSettingsRepos(file, secretBox, opts.log);
  const prefs = repos.preferences.get();
  const { store: exchangeFile, notice } = openExchangeStore(
    {
      path: join(opts.dataDir, EXCHANGE_DB_FILE),
      clock: opts.clock,
      log: opts.log,
      bodyCapBytes: prefs.bodyCapBytes,
      durability: prefs.durability,
      retention: prefs.retention,
      retentionIntervalMs: opts.retentionIntervalMs,
      nodeId: NODE_ID,
    },
    opts.clock,
  );
  if (notice) {
    opts.log.warn(notice);
    notices.push(notice);
  }
  exchangeFile.deliveries().releaseLeases(true);
  if (secretBox.warning) notices.push(secretBox.warning);
  // The repositories predate typed records; the port's types are the records' real shapes.
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
    secretBox,
    notices,
    async close() {
      await Promise.all([exchanges.close(), settings.flush()]);
    },
  };
}
