import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../electron/core/accounts/audit';
import { silentLogger } from '../../../electron/core/log';
import { openSqliteAccounts } from '../../../electron/core/store/accounts/open-accounts';
import type { AccountsStore, NewAuditEntry } from '../../../electron/core/store/accounts/accounts-store';
import { tempDir } from '../../support/temp';

const actor = { kind: 'apiKey' as const, userId: null, label: 'API key "ci"', role: 'admin' as const };

describe('the audit log writes in groups', () => {
  const tmp = tempDir('hb-audit-');
  let store: AccountsStore;
  afterEach(async () => {
    await store?.close();
  });
  afterAll(() => tmp.cleanup());

  it('stores the entries recorded together in one write, in order, each record resolving once stored', async () => {
    store = openSqliteAccounts(tmp.dir);
    const writes: NewAuditEntry[][] = [];
    const append = store.appendAudit.bind(store);
    store.appendAudit = async (entries) => {
      writes.push(entries);
      await append(entries);
    };
    const audit = new AuditLog(() => store, Date.now, silentLogger);
    let stored = 0;
    const calls = Array.from({ length: 200 }, (_, i) =>
      audit.record(actor, 'rest', 'emit', { n: i }, 'ok').then(async () => {
        stored++;
        // resolved only once it can be read back
        expect((await store.queryAudit({ limit: 1, action: 'emit', cursor: null })).entries).toHaveLength(1);
      }),
    );
    await Promise.all(calls);
    expect(stored).toBe(200);
    expect(writes).toHaveLength(1);
    const page = await store.queryAudit({ limit: 200 });
    expect(page.entries.map((e) => e.summary.n)).toEqual(Array.from({ length: 200 }, (_, i) => 199 - i));

    // recorded while a write runs: the next write takes them all
    await Promise.all([
      audit.record(actor, 'rest', 'emit', { n: 200 }, 'ok'),
      audit.record(actor, 'rest', 'emit', { n: 201 }, 'ok'),
    ]);
    expect(writes.map((w) => w.length)).toEqual([200, 2]);
    await audit.flush();
  });

  it('loses no call when a write fails: the calls resolve and the failure is logged', async () => {
    store = openSqliteAccounts(tmp.dir);
    const errors: string[] = [];
    const log = { ...silentLogger, error: (message: string) => void errors.push(message) };
    const audit = new AuditLog(() => null, Date.now, log);
    await Promise.all([audit.record(actor, 'rest', 'emit', {}, 'ok'), audit.record(actor, 'rpc', 'replay', {}, 'ok')]);
    expect(errors).toEqual([
      'audit: emit by API key "ci" could not be recorded',
      'audit: replay by API key "ci" could not be recorded',
    ]);
  });
});
