import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { pgUrl } from './postgres-cluster';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh, empty database in the run's cluster (see postgres-global-setup.ts); drop() removes it. */
export async function createTestDatabase(prefix = 'hb'): Promise<TestDatabase> {
  const { socketDir, user } = inject('postgres');
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl(socketDir, user, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: pgUrl(socketDir, user, name),
    async drop() {
      const c = new pg.Client({ connectionString: pgUrl(socketDir, user, 'postgres') });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
