import { join } from 'node:path';
import type { AccountsStore } from './accounts-store';
import { SqliteAccountsStore } from './sqlite-accounts-store';

/**
 * On SQLite the accounts live in accounts.db, beside the exchange store and
 * not inside it: `hookbench users …` opens it while `serve` runs without
 * touching the log's single writer, retention or purge never reach it, and an
 * exchange store moved aside (unreadable, newer) never takes the accounts
 * with it — which would silently turn sign-in off.
 */
export const ACCOUNTS_DB_FILE = 'accounts.db';

export function openAccountsStore(where: { dataDir: string }): AccountsStore {
  return SqliteAccountsStore.open(join(where.dataDir, ACCOUNTS_DB_FILE));
}
