import { createHash } from 'node:crypto';
import pg from 'pg';

/**
 * Connections to the shared database. Every connection turns parallel workers
 * and JIT off: page queries read a few dozen rows, and both made them several
 * times slower (parallel plans measured at 9.0 ms against 2.3 ms without).
 */

const INT8 = 20;
const NUMERIC = 1700;

/** bigint and numeric as JS numbers: keys are epoch-ms times and sequence values, far below 2^53. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/**
 * Named statements always run their generic plan, made once per connection:
 * with ~90 day partitions, planning a statement is most of its cost (27 ms to
 * plan a 0.3 ms page, measured), and a generic plan prunes partitions when it
 * runs. Statements whose best plan depends on their values (a search word, a
 * time range to count) carry them as literals instead (see Literals), so they
 * are planned for them, on the few partitions they touch.
 */
const SESSION_OPTIONS = '-c max_parallel_workers_per_gather=0 -c jit=off -c plan_cache_mode=force_generic_plan';

export function clientConfig(url: string, extra: Partial<pg.ClientConfig> = {}): pg.ClientConfig {
  return {
    connectionString: url,
    types,
    options: SESSION_OPTIONS,
    application_name: 'hookbench',
    ...extra,
  };
}

export function createPool(url: string, max = 8): pg.Pool {
  // A database that does not answer fails a request in seconds instead of holding it forever.
  const pool = new pg.Pool({ ...clientConfig(url), max, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 5_000 });
  // An idle client whose connection drops emits here; without a listener it would crash the process.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * Runs `work` on a client checked out of the pool. A checked-out client has no
 * error listener of the pool's: a connection that dies while held (the
 * database restarted, the connection was killed) would otherwise be an
 * unhandled 'error' event, which ends the process. The client is then released
 * as broken, so the pool drops it.
 */
export async function withPoolClient<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (err: Error) => (broken = err);
  client.on('error', onError);
  try {
    return await work(client);
  } finally {
    client.removeListener('error', onError);
    client.release(broken);
  }
}

export async function connectClient(url: string, extra: Partial<pg.ClientConfig> = {}): Promise<pg.Client> {
  const client = new pg.Client(clientConfig(url, extra));
  await client.connect();
  return client;
}

/**
 * A named prepared statement: parsed and planned once per connection. Named by
 * a hash of its text, so statements built from filters share a name exactly
 * when they share their SQL (a small, bounded set).
 */
export function named(text: string, values: unknown[] = []): pg.QueryConfig {
  return { name: `hb_${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`, text, values };
}

export type Queryable = Pick<pg.Pool | pg.PoolClient | pg.Client, 'query'>;

/** Where a statement's values go: numbered parameters, or literals written into its text. */
export interface Binder {
  add(v: unknown): string;
}

/** Numbered parameters of a named, generic-planned statement. */
export class Params implements Binder {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/** Values written into the text as literals: the statement is planned for them each time it runs. */
export class Literals implements Binder {
  add(v: unknown): string {
    if (v === null || v === undefined) return 'NULL';
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new RangeError(`not a number a statement can hold: ${v}`);
      return String(v);
    }
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    return pg.escapeLiteral(pgText(String(v)));
  }
}

/** The URL without its password, for status and logs. */
export function redactUrl(url: string): string {
  return url.replace(/^(\w+:\/\/[^:/@?#]*):[^@/?#]*@/, '$1:***@').replace(/([?&]password=)[^&#]*/i, '$1***');
}

/** Text columns cannot hold NUL in PostgreSQL; U+FFFD stands in (SQLite keeps it). */
export const pgText = <T extends string | null | undefined>(s: T): T =>
  (typeof s === 'string' && s.includes('\u0000') ? s.replaceAll('\u0000', '\uFFFD') : s) as T;
