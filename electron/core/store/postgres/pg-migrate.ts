import type pg from 'pg';
import { LATEST_SCHEMA, LOCKS, MIGRATIONS } from './pg-schema';

/** The database was migrated by a newer Hookbench: this build must not touch it. */
export class NewerDatabaseError extends Error {
  constructor(readonly found: number) {
    super(
      `the database schema is version ${found}, written by a newer Hookbench (this build knows up to ${LATEST_SCHEMA}); upgrade Hookbench on this node`,
    );
    this.name = 'NewerDatabaseError';
  }
}

/** The database is behind and this node was told not to migrate it. */
export class OutdatedDatabaseError extends Error {
  constructor(readonly found: number) {
    super(
      `the database schema is version ${found}, this Hookbench needs ${LATEST_SCHEMA}: run \`hookbench db migrate\` (or start one node that migrates)`,
    );
    this.name = 'OutdatedDatabaseError';
  }
}

export interface SchemaStatus {
  /** 0 for an empty database. */
  current: number;
  latest: number;
  pending: number[];
}

const VERSION_TABLE = `CREATE TABLE IF NOT EXISTS hookbench_schema (
  version integer PRIMARY KEY,
  applied_at timestamptz NOT NULL DEFAULT now(),
  hookbench text NOT NULL
)`;

async function currentVersion(client: pg.ClientBase): Promise<number> {
  const exists = await client.query<{ t: string | null }>("SELECT to_regclass('hookbench_schema')::text AS t");
  if (!exists.rows[0]?.t) return 0;
  const r = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM hookbench_schema');
  return r.rows[0]?.v ?? 0;
}

export async function schemaStatus(client: pg.ClientBase): Promise<SchemaStatus> {
  const current = await currentVersion(client);
  return {
    current,
    latest: LATEST_SCHEMA,
    pending: MIGRATIONS.filter((m) => m.version > current).map((m) => m.version),
  };
}

/**
 * Applies the missing versions, each in its own transaction, holding an
 * advisory lock so nodes starting together migrate once. A database from a
 * newer Hookbench is refused before anything is changed. Resolves with the
 * versions applied (empty when it was current).
 */
export async function migrate(client: pg.ClientBase, appVersion: string): Promise<number[]> {
  await client.query('SELECT pg_advisory_lock($1)', [LOCKS.migrate]);
  try {
    const current = await currentVersion(client);
    if (current > LATEST_SCHEMA) throw new NewerDatabaseError(current);
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      await client.query('BEGIN');
      try {
        await client.query(VERSION_TABLE);
        await client.query(m.sql);
        await client.query('INSERT INTO hookbench_schema (version, hookbench) VALUES ($1, $2)', [
          m.version,
          appVersion,
        ]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
      applied.push(m.version);
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCKS.migrate]);
  }
}

/** For a node that must not migrate: throws unless the schema is exactly this build's. */
export async function requireCurrentSchema(client: pg.ClientBase | pg.PoolClient): Promise<void> {
  const current = await currentVersion(client);
  if (current > LATEST_SCHEMA) throw new NewerDatabaseError(current);
  if (current < LATEST_SCHEMA) throw new OutdatedDatabaseError(current);
}
