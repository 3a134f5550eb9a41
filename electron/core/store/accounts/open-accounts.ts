import { join } from 'node:path';
import type { AccountsStore } from './accounts-store';
import { PgAccountsStore } from './pg-accounts-store';
import { SqliteAccountsStore } from './sqlite-accounts-store';
import { connectClient, createPool } from '../postgres/pg-client';
import { migrate, requireCurrentSchema, schemaStatus } from '../postgres/pg-migrate';

/**
 * On SQLite the accounts live in accounts.db, beside the exchange store and
 * not inside it: `hookbench users …` opens it while `serve` runs without
 * touching the log's single writer, retention or purge never reach it, and an
 * exchange store moved aside (unreadable, newer) never takes the accounts
 * with it — which would silently turn sign-in off.
 */
export const ACCOUNTS_DB_FILE = 'accounts.db';

export function openSqliteAccounts(dataDir: string): AccountsStore {
  return SqliteAccountsStore.open(join(dataDir, ACCOUNTS_DB_FILE));
}

/**
 * The accounts alone, for the CLI (`hookbench users … --data-dir D | --database URL`):
 * no storage, engine or running Hookbench needed. A fresh database gets the
 * schema, as the first node would give it; one that is behind is left to
 * `hookbench db migrate` (nodes still running the older Hookbench use it), and
 * one from a newer Hookbench is refused untouched.
 */
export async function openAccountsAlone(
  where: { dataDir: string } | { databaseUrl: string; appVersion: string },
): Promise<AccountsStore> {
  if ('dataDir' in where) return openSqliteAccounts(where.dataDir);
  const client = await connectClient(where.databaseUrl, { connectionTimeoutMillis: 10_000 });
  try {
    if ((await schemaStatus(client)).current === 0) await migrate(client, where.appVersion);
    else await requireCurrentSchema(client);
  } finally {
    await client.end().catch(() => undefined);
  }
  const pool = createPool(where.databaseUrl, 2);
  return new PgAccountsStore(pool, () => pool.end());
}
