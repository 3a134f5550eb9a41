import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeys } from '../../../electron/core/rest/api-keys';
import { openPostgresStorage } from '../../../electron/core/store/postgres/open-postgres-storage';
import type { InboxRecord } from '../../../electron/core/store/settings/records';
import { makeDelivery } from '../../support/exchange-records';
import { findPgBin } from '../../support/postgres-cluster';
import { createTestDatabase, type TestDatabase } from '../../support/postgres-db';
import { postgresOptions } from '../../support/storage-adapters';
import { tempDir } from '../../support/temp';

const inbox: InboxRecord = {
  id: 'in_1',
  name: 'stripe',
  slug: 'stripe',
  port: null,
  verification: { profile: 'stripe', keys: [], custom: null, toleranceSeconds: null, rejectInvalid: false },
  responseRule: { status: 200, headers: [], body: '', delayMs: 0 } as unknown as InboxRecord['responseRule'],
  forwarding: null,
  bodyCapBytes: 1024,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  secrets: ['whsec_the-inbox-secret-0123456789'],
};

function run(tool: 'pg_dump' | 'pg_restore', args: string[]): void {
  const r = spawnSync(join(findPgBin(), tool), args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${tool} ${args.join(' ')}: ${r.stderr}`);
}

/**
 * The README's backup recipe for team mode, run as written: pg_dump while a
 * node has the database open, pg_restore into an empty database, and a node
 * on the copy finds its accounts, keys, sealed secrets and exchanges (or, for
 * the dump without the log, everything but the exchanges).
 */
describe('backing up the team database with pg_dump', () => {
  const tmp = tempDir('hb-backup-');
  const dbs: TestDatabase[] = [];
  let source: TestDatabase;
  let ciKey: string;

  beforeAll(async () => {
    source = await createTestDatabase('backup');
    dbs.push(source);
  });
  afterAll(async () => {
    for (const db of dbs) await db.drop();
    tmp.cleanup();
  });

  it('restores everything from a full dump taken while a node runs', async () => {
    const node = await openPostgresStorage(postgresOptions(source.url));
    try {
      await node.accounts.insertUser({
        id: 'usr_1',
        email: 'ada@example.org',
        name: 'Ada',
        role: 'admin',
        disabled: false,
        passwordHash: 'scrypt$ln=17,r=8,p=1$c2FsdA$aGFzaA',
        createdAt: 1,
        updatedAt: 1,
        lastSignInAt: null,
      });
      ciKey = (await new ApiKeys(node.settings.apiKeys, Date.now).create('ci', 'usr_1')).key;
      await node.settings.inboxes.upsert(inbox);
      for (let i = 1; i <= 3; i++) await node.exchanges.appendDelivery(makeDelivery(i, { timeMs: Date.now() - i }));
      await node.settings.flush();
      run('pg_dump', ['--format=custom', '--file', join(tmp.dir, 'full.dump'), source.url]);
      run('pg_dump', [
        '--format=custom',
        '--exclude-table-data=exchange*',
        '--exclude-table-data=attempt*',
        '--file',
        join(tmp.dir, 'settings.dump'),
        source.url,
      ]);
    } finally {
      await node.close();
    }

    const copy = await createTestDatabase('restored');
    dbs.push(copy);
    run('pg_restore', ['--clean', '--if-exists', '--no-owner', '--dbname', copy.url, join(tmp.dir, 'full.dump')]);
    const restored = await openPostgresStorage(postgresOptions(copy.url, { migrate: false }));
    try {
      expect(await restored.accounts.userByEmail('ada@example.org')).toMatchObject({ id: 'usr_1', role: 'admin' });
      expect(new ApiKeys(restored.settings.apiKeys, Date.now).find(ciKey)).toMatchObject({ userId: 'usr_1' });
      expect(restored.settings.inboxes.get('in_1')?.secrets).toEqual(inbox.secrets);
      expect((await restored.exchanges.query({ kind: 'delivery' })).items.map((e) => e.id).sort()).toEqual([
        'dlv_1',
        'dlv_2',
        'dlv_3',
      ]);
    } finally {
      await restored.close();
    }
  });

  it('restores settings and accounts without the log from the smaller dump', async () => {
    const copy = await createTestDatabase('settingsonly');
    dbs.push(copy);
    run('pg_restore', ['--clean', '--if-exists', '--no-owner', '--dbname', copy.url, join(tmp.dir, 'settings.dump')]);
    const restored = await openPostgresStorage(postgresOptions(copy.url, { migrate: false }));
    try {
      expect(await restored.accounts.countUsers()).toBe(1);
      expect(new ApiKeys(restored.settings.apiKeys, Date.now).find(ciKey)).not.toBeNull();
      expect((await restored.exchanges.query({})).items).toEqual([]);
      await restored.exchanges.appendDelivery(makeDelivery(9, { timeMs: Date.now() }));
      expect(await restored.exchanges.getExchange('dlv_9')).not.toBeNull();
    } finally {
      await restored.close();
    }
  });
});
