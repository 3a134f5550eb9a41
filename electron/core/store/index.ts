import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import { createKeyFileSecretBox, type SecretBox } from './secret-box';
import { createSettingsRepos, type SettingsStore } from './settings/repositories';
import { SettingsFile } from './settings/settings-file';
import { LEGACY_DB_FILE, openExchangeStore } from './exchange/open-or-recover';
import type { ExchangeStore } from './exchange/exchange-store';

export type { SecretBox } from './secret-box';
export type { SettingsStore } from './settings/repositories';
export { ExchangeStore, type PurgeRequest } from './exchange/exchange-store';
export type { ExchangeWrite } from './exchange/exchange-rows';

export interface StoreOptions {
  dataDir: string;
  clock: Clock;
  log: Logger;
  /** Defaults to the AES-GCM key file in the data dir (headless); the desktop app passes safeStorage's. */
  secretBox?: SecretBox;
  /** Something the user must hear about later (a record whose secret cannot be unsealed when first read). */
  notice?: (message: string) => void;
  /** 0 turns the background retention timer off (tests drive it by hand). */
  retentionIntervalMs?: number;
}

export interface Stores {
  settings: SettingsStore;
  exchanges: ExchangeStore;
  secretBox: SecretBox;
  /** Notices for the status bar: settings moved aside, migrated, weak secret storage. */
  notices: string[];
  close(): Promise<void>;
}

export const SETTINGS_FILE = 'settings.json';
export const EXCHANGE_DB_FILE = 'exchanges.db';

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

export async function openStores(opts: StoreOptions): Promise<Stores> {
  const secretBox = opts.secretBox ?? createKeyFileSecretBox(opts.dataDir);
  const file = await SettingsFile.open({
    path: join(opts.dataDir, SETTINGS_FILE),
    secretBox,
    clock: opts.clock,
    log: opts.log,
  });
  const settings = createSettingsRepos(file, secretBox, opts.log, opts.notice);
  const prefs = settings.preferences.get();
  const dbPath = join(opts.dataDir, EXCHANGE_DB_FILE);
  privateDatabase(dbPath, join(opts.dataDir, LEGACY_DB_FILE), false);
  const { store: exchanges, notice: exchangeNotice } = openExchangeStore(
    {
      path: dbPath,
      clock: opts.clock,
      log: opts.log,
      bodyCapBytes: prefs.bodyCapBytes,
      durability: prefs.durability,
      retention: prefs.retention,
      retentionIntervalMs: opts.retentionIntervalMs,
    },
    opts.clock,
  );
  privateDatabase(dbPath, '', true);
  const notices = [...file.notices];
  if (exchangeNotice) {
    opts.log.warn(exchangeNotice);
    notices.push(exchangeNotice);
  }
  if (secretBox.warning) notices.push(secretBox.warning);
  return {
    settings,
    exchanges,
    secretBox,
    notices,
    close: async () => {
      await Promise.all([exchanges.close(), file.flush()]);
    },
  };
}
