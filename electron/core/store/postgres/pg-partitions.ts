import type pg from 'pg';
import type { Queryable } from './pg-client';
import { LOCKS } from './pg-schema';

export const DAY_MS = 86_400_000;
export const PARTITIONED = ['exchange', 'exchange_content', 'attempt'] as const;

/** A day as its UTC date, the suffix of its partitions: 20250101. */
export function dayLabel(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10).replaceAll('-', '');
}

export const dayOf = (ms: number): number => Math.floor(ms / DAY_MS);
const partitionName = (table: string, day: number) => `${table}_p${dayLabel(day)}`;

/** The days that have partitions, oldest first. */
export async function partitionDays(q: Queryable): Promise<number[]> {
  const r = await q.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'exchange'::regclass`,
  );
  const days: number[] = [];
  for (const { name } of r.rows) {
    const m = /^exchange_p(\d{4})(\d{2})(\d{2})$/.exec(name);
    if (m) days.push(dayOf(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
  }
  return days.sort((a, b) => a - b);
}

/**
 * Creates the partitions of the given days that do not exist yet, under an
 * advisory lock so two nodes never race to create the same day. Created
 * standalone, then attached: attaching locks the parent less than CREATE …
 * PARTITION OF, so writers of other days keep going. Never a DEFAULT
 * partition: a row for a day without one must create it first.
 */
export async function ensureDays(client: pg.ClientBase, days: number[]): Promise<void> {
  if (!days.length) return;
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.partitions]);
    const existing = new Set(await partitionDays(client));
    for (const day of new Set(days)) {
      if (existing.has(day)) continue;
      const from = day * DAY_MS;
      const to = from + DAY_MS;
      for (const table of PARTITIONED) {
        const name = partitionName(table, day);
        await client.query(
          `CREATE TABLE ${name} (LIKE ${table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE)`,
        );
        await client.query(`ALTER TABLE ${table} ATTACH PARTITION ${name} FOR VALUES FROM (${from}) TO (${to})`);
      }
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
}

/** Detaches and drops a day's partitions; the caller has already taken its rows out of the rollups. */
export async function dropDay(client: pg.ClientBase, day: number): Promise<void> {
  for (const table of PARTITIONED) {
    const name = partitionName(table, day);
    await client.query(`ALTER TABLE ${table} DETACH PARTITION ${name}`);
    await client.query(`DROP TABLE ${name}`);
  }
}

export function partitionOf(table: (typeof PARTITIONED)[number], day: number): string {
  return partitionName(table, day);
}
