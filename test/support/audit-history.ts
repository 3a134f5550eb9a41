import { openSqliteAccounts } from '../../electron/core/store/accounts/open-accounts';

const DAY = 86_400_000;

/**
 * An audit log from before, written into a data dir's accounts store before
 * Hookbench starts on it: per batch, `count` emits by an admin's API key,
 * `daysAgo` days old (a millisecond apart).
 */
export async function seedAuditHistory(dataDir: string, batches: { daysAgo: number; count: number }[]): Promise<void> {
  const store = openSqliteAccounts(dataDir);
  const actor = { kind: 'apiKey' as const, userId: null, label: 'API key "ci"', role: 'admin' as const };
  for (const { daysAgo, count } of batches)
    await store.appendAudit(
      Array.from({ length: count }, (_, i) => ({
        at: Date.now() - daysAgo * DAY + i,
        actor,
        door: 'rest' as const,
        action: 'emit',
        summary: {},
        outcome: 'ok',
      })),
    );
  await store.close();
}
