import type { Clock } from '../clock';
import type { Logger } from '../log';
import type { Storage } from './port';
import { openPostgresStorage } from './postgres/open-postgres-storage';
import { redactUrl } from './postgres/pg-client';
import { NewerDatabaseError, OutdatedDatabaseError } from './postgres/pg-migrate';
import { createKeyFileSecretBox, type SecretBox } from './secret-box';
import { openSqliteStorage } from './sqlite/open-sqlite-storage';

export type { SecretBox } from './secret-box';
export type * from './port';
export { EXCHANGE_DB_FILE, SETTINGS_FILE } from './sqlite/open-sqlite-storage';
export { FA_EXTRAS_FILE } from './sqlite/fusionauth-extras-file';

/** Team mode: the shared PostgreSQL database several nodes work on. */
export interface DatabaseOptions {
  url: string;
  /** false: refuse a database that is behind instead of migrating it (`hookbench db migrate` does it). */
  migrate?: boolean;
  /** This node's name on its leases; unique per process by default. */
  nodeId?: string;
  /** How often the live feed polls when no NOTIFY arrives (default 500 ms). */
  feedPollMs?: number;
}

export interface StorageOptions {
  dataDir: string;
  clock: Clock;
  log: Logger;
  /**
   * Seals secrets at rest. Defaults to the AES-GCM key file in the data dir
   * (headless); the desktop app passes safeStorage's; team mode must pass the
   * key every node shares.
   */
  secretBox?: SecretBox;
  /** Something the user must hear about later (a record whose secret cannot be unsealed when first read). */
  notice?: (message: string) => void;
  /** 0 turns the background retention (and, in team mode, maintenance) timer off: tests drive them by hand. */
  retentionIntervalMs?: number;
  database?: DatabaseOptions;
}

/** Opened storage, with the box its secrets are sealed with (the receiver seals captured credentials too). */
export interface OpenedStorage extends Storage {
  readonly secretBox: SecretBox;
  /** Where it lives: the data dir's files, or the shared database (its URL without password). */
  readonly location: { backend: 'sqlite'; dataDir: string } | { backend: 'postgres'; nodeId: string };
}

/** Opens the laptop's files, or (with `database`) the shared database of team mode. */
export async function openStorage(opts: StorageOptions): Promise<OpenedStorage> {
  if (opts.database) {
    if (!opts.secretBox) throw new Error('team mode needs the secret key every node shares (HOOKBENCH_SECRET_KEY)');
    const storage = await openPostgresStorage({
      url: opts.database.url,
      secretBox: opts.secretBox,
      clock: opts.clock,
      log: opts.log,
      appVersion: process.env.npm_package_version ?? 'hookbench',
      ...(opts.database.migrate !== undefined ? { migrate: opts.database.migrate } : {}),
      ...(opts.database.nodeId ? { nodeId: opts.database.nodeId } : {}),
      ...(opts.database.feedPollMs ? { feedPollMs: opts.database.feedPollMs } : {}),
      ...(opts.retentionIntervalMs !== undefined ? { maintenanceIntervalMs: opts.retentionIntervalMs } : {}),
      ...(opts.notice ? { notice: opts.notice } : {}),
    }).catch((err: unknown) => {
      // A schema from another Hookbench says what to do itself; anything else gets the (password-free) URL.
      if (err instanceof NewerDatabaseError || err instanceof OutdatedDatabaseError) throw err;
      throw new Error(`Cannot open the team database ${redactUrl(opts.database!.url)}: ${(err as Error).message}`, {
        cause: err,
      });
    });
    return Object.assign(storage, {
      secretBox: opts.secretBox,
      location: { backend: 'postgres' as const, nodeId: storage.nodeId },
    });
  }
  const secretBox = opts.secretBox ?? createKeyFileSecretBox(opts.dataDir);
  const storage = await openSqliteStorage({ ...opts, secretBox });
  if (secretBox.warning) storage.notices.push(secretBox.warning);
  return Object.assign(storage, { secretBox, location: { backend: 'sqlite' as const, dataDir: opts.dataDir } });
}
