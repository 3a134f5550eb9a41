import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core/index';
import { silentLogger } from '../../../electron/core/log';
import { createTestDatabase, type TestDatabase } from '../../support/postgres-db';
import { sharedSecretBox } from '../../support/storage-adapters';
import { tempDir } from '../../support/temp';

/** HOOKBENCH_ADMIN_EMAIL / _PASSWORD given to every node of a team, which start at the same moment. */
describe('the first admin from the environment, on nodes starting together', () => {
  let db: TestDatabase;
  const tmp = tempDir('hb-first-admin-');
  const cores: Core[] = [];
  beforeAll(async () => {
    db = await createTestDatabase('firstadmin');
  });
  afterAll(async () => {
    for (const c of cores) await c.stop();
    await db.drop();
    tmp.cleanup();
  });

  it('creates one admin, and every node starts', async () => {
    for (let i = 0; i < 3; i++)
      cores.push(
        createCore({
          dataDir: join(tmp.dir, `node-${i}`),
          log: silentLogger,
          database: { url: db.url },
          secretBox: sharedSecretBox(),
          retentionIntervalMs: 0,
          accounts: { scrypt: { log2n: 10, r: 8, p: 1 } },
          bootstrapAdmin: { email: 'Ada@Example.org', password: 'correct horse battery staple' },
        }),
      );
    await Promise.all(cores.map((c) => c.start()));
    for (const c of cores) {
      const users = await c.api.listUsers(undefined);
      expect(users.ok && users.value.map((u) => [u.email, u.role])).toEqual([['ada@example.org', 'admin']]);
    }
  });
});
