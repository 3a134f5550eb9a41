import { DatabaseSync } from 'node:sqlite';

/**
 * The part of node:sqlite's statement the stores use. Rows are typed by each
 * query (arrays once `arrays()` was applied); integers come back as numbers
 * (readBigInts is off, and every key fits in 2^53).
 */
export interface Statement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  iterate(...params: unknown[]): IterableIterator<unknown>;
  setReturnArrays(enabled: boolean): void;
}

export interface Db {
  prepare(sql: string): Statement;
  exec(sql: string): void;
  close(): void;
  readonly isTransaction: boolean;
}

/** The statement, answering rows as arrays (positional, no column-name keys to build). */
export function arrays(stmt: Statement): Statement {
  stmt.setReturnArrays(true);
  return stmt;
}

/**
 * Opens a SQLite file with Node's built-in driver (node:sqlite): about half
 * libsql's CPU per bound insert (measured: 28 → 15 µs for a capture's two
 * rows), no native addon to ship, and a bad bind throws instead of aborting.
 * `timeout` waits out another connection's write lock.
 */
export function openSqlite(path: string, timeoutMs: number): Db {
  return new DatabaseSync(path, { timeout: timeoutMs }) as unknown as Db;
}

/**
 * Rows are keyed by `seq = timeMs * SEQ_PER_MS + n`, so the rowid order is the
 * time order. That one choice makes newest-first a rowid scan, every
 * single-column index already sorted by time (SQLite appends the rowid), a time
 * range a primary-key range, FTS5's native `ORDER BY rowid DESC` the list order,
 * and retention a prefix delete. Valid until the year 2255 within 2^53.
 */
export const SEQ_PER_MS = 1024;
export const SCHEMA_VERSION = 7;

export const kindCode = { delivery: 0, capture: 1 } as const;

const DDL = `
CREATE TABLE IF NOT EXISTS exchange (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  kind INTEGER NOT NULL,          -- 0 delivery, 1 capture
  time INTEGER NOT NULL,          -- epoch ms (createdAt / receivedAt)
  event_type TEXT,
  event_id TEXT,
  source_id TEXT,                 -- subscription id or inbox id
  target TEXT NOT NULL,           -- target URL or request path
  method TEXT NOT NULL,
  outcome TEXT NOT NULL,
  status INTEGER,
  status_class INTEGER NOT NULL,  -- status / 100, 0 when there is none
  duration_ms INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0,
  size INTEGER NOT NULL,
  next_attempt_at INTEGER,
  verdict TEXT,                   -- captures: 'valid' | 'invalid', NULL when not checked
  replay_of TEXT,                 -- a replay's original (delivery or capture id)
  lease_owner TEXT,               -- owed deliveries: the node holding it
  lease_until INTEGER             -- and until when (epoch ms)
);
CREATE INDEX IF NOT EXISTS exchange_kind ON exchange(kind);
CREATE INDEX IF NOT EXISTS exchange_source ON exchange(source_id);
CREATE INDEX IF NOT EXISTS exchange_event ON exchange(event_type);
CREATE INDEX IF NOT EXISTS exchange_outcome ON exchange(outcome);
-- No index on status: a status filter walks the status_class index (status / 100) instead,
-- one index fewer to write on every insert and attempt (schema 6 drops it).
DROP INDEX IF EXISTS exchange_status;
CREATE INDEX IF NOT EXISTS exchange_status_class ON exchange(status_class);
-- The retry schedule: deliveries still owed an attempt, soonest first.
CREATE INDEX IF NOT EXISTS exchange_owed ON exchange(next_attempt_at) WHERE kind = 0 AND outcome IN ('pending', 'retrying');
CREATE INDEX IF NOT EXISTS exchange_replay_of ON exchange(replay_of) WHERE replay_of IS NOT NULL;

-- Bodies and headers live apart from the summary so list scans stay on small rows.
CREATE TABLE IF NOT EXISTS exchange_content (
  seq INTEGER PRIMARY KEY,
  headers TEXT NOT NULL,          -- JSON [[name, value], ...] in order
  body ANY,                       -- TEXT when valid UTF-8, BLOB otherwise, NULL when empty
  body_truncated INTEGER NOT NULL,
  detail TEXT NOT NULL            -- JSON of the kind-specific fields
) STRICT;

CREATE TABLE IF NOT EXISTS attempt (
  seq INTEGER NOT NULL,           -- the delivery's seq
  n INTEGER NOT NULL,
  started_at INTEGER NOT NULL,
  req_headers TEXT NOT NULL,
  req_body ANY,                   -- NULL with req_body_same = 1: identical to the delivery's body (retries resend it)
  req_body_same INTEGER NOT NULL DEFAULT 0,
  req_body_size INTEGER NOT NULL,
  req_body_truncated INTEGER NOT NULL,
  status INTEGER,
  res_headers TEXT,
  res_body ANY,
  res_body_size INTEGER,
  res_body_truncated INTEGER,
  timings TEXT,
  error TEXT,
  PRIMARY KEY (seq, n)
) STRICT, WITHOUT ROWID;

-- What FTS indexes: text bodies only (never binary bytes) and header values only.
CREATE VIEW IF NOT EXISTS exchange_search AS
  SELECT seq,
         CASE WHEN typeof(body) = 'text' THEN body END AS body,
         (SELECT group_concat(h.value ->> 1, ' ') FROM json_each(headers) h) AS headers
  FROM exchange_content;

CREATE VIRTUAL TABLE IF NOT EXISTS exchange_fts USING fts5(
  body, headers, content='exchange_search', content_rowid='seq'
);

-- Rows up to indexed_to are in exchange_fts, the rest wait to be indexed (search-index.ts).
-- A file from before schema 6 indexed every row in its commit: all of them are in.
CREATE TABLE IF NOT EXISTS exchange_fts_state (
  k INTEGER PRIMARY KEY CHECK (k = 0),
  indexed_to INTEGER NOT NULL
);
INSERT OR IGNORE INTO exchange_fts_state VALUES (0, (SELECT coalesce(max(seq), 0) FROM exchange));

-- Facet counts per (kind, source, event, outcome, status), kept exact by the
-- writer in the same transaction as the rows they count (see rollup.ts), so the
-- filter bar groups a few thousand rows instead of a million. No time bucket:
-- with one, the table grew nearly as large as the log itself (measured).
CREATE TABLE IF NOT EXISTS exchange_rollup (
  kind INTEGER NOT NULL,
  source_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  outcome TEXT NOT NULL,
  status INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (kind, source_id, event_type, outcome, status)
) WITHOUT ROWID;

-- Facet counts per hour, one row per (hour, facet, value): a time range's
-- facets are its full hours summed plus its partial edge hours counted from rows.
CREATE TABLE IF NOT EXISTS exchange_facet_hour (
  hour INTEGER NOT NULL,          -- epoch ms / 3,600,000
  facet INTEGER NOT NULL,         -- FACET_CODES in rollup.ts
  value TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (hour, facet, value)
) WITHOUT ROWID;

-- Facet counts per UTC day and full combination: a time range with filters
-- sums its whole days here (a day holds at most subscriptions × event types ×
-- outcome/status pairs rows, whatever the traffic) and counts its partial edge
-- days from rows. Schema 7.
CREATE TABLE IF NOT EXISTS exchange_facet_day (
  day INTEGER NOT NULL,           -- epoch ms / 86,400,000
  kind INTEGER NOT NULL,
  source_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  outcome TEXT NOT NULL,
  status INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (day, kind, source_id, event_type, outcome, status)
) WITHOUT ROWID;

-- Schema 1 kept the rollup with per-row triggers; the writer does it per group now.
DROP TRIGGER IF EXISTS exchange_rollup_insert;
DROP TRIGGER IF EXISTS exchange_rollup_delete;
DROP TRIGGER IF EXISTS exchange_rollup_update;
`;

const HOUR = '(time / 3600000)';
const FACET_HOUR_BACKFILL = [
  `SELECT ${HOUR}, 0, outcome, count(*) FROM exchange GROUP BY 1, 3`,
  `SELECT ${HOUR}, 1, CASE kind WHEN 0 THEN 'delivery' ELSE 'capture' END, count(*) FROM exchange GROUP BY 1, 3`,
  `SELECT ${HOUR}, 2, CASE WHEN coalesce(status, 0) = 0 THEN 'none' ELSE (status / 100) || 'xx' END, count(*) FROM exchange GROUP BY 1, 3`,
  `SELECT ${HOUR}, 3, coalesce(event_type, ''), count(*) FROM exchange GROUP BY 1, 3`,
  `SELECT ${HOUR}, 4 + kind, coalesce(source_id, ''), count(*) FROM exchange GROUP BY 1, 2, 3`,
]
  .map((q) => `INSERT INTO exchange_facet_hour ${q};`)
  .join('\n');

/** Schemas 1–6 had no daily combinations: count the rows already there (emptied first, so it is exact however it was left). */
const FACET_DAY_BACKFILL = `DELETE FROM exchange_facet_day;
  INSERT INTO exchange_facet_day SELECT time / 86400000, kind, coalesce(source_id, ''), coalesce(event_type, ''),
    outcome, coalesce(status, 0), count(*) FROM exchange GROUP BY 1, 2, 3, 4, 5, 6;`;

/**
 * Schema 4 adds what a list row shows without reading the record: a capture's
 * verdict (backfilled from the stored verification) and a replay's original;
 * schema 5 who holds an owed delivery (the node and until when), for the shared schedule;
 * schema 6 the full-text index's mark (rows above it are indexed behind the commit), which
 * a build before it would not keep: it refuses the file rather than index rows twice.
 * Added by what the table lacks, not by version: a file whose version was
 * lowered by hand must still open. Runs before the DDL, whose index needs the column.
 */
function addRowColumns(db: Db): string {
  const have = new Set(
    (arrays(db.prepare("SELECT name FROM pragma_table_info('exchange')")).all() as unknown[][]).map((r) => r[0]),
  );
  if (have.size === 0) return ''; // a new file: CREATE TABLE has them
  const sql: string[] = [];
  if (!have.has('verdict'))
    sql.push(`ALTER TABLE exchange ADD COLUMN verdict TEXT;
      UPDATE exchange SET verdict = (
        SELECT CASE json_extract(c.detail, '$.verification.valid') WHEN 1 THEN 'valid' WHEN 0 THEN 'invalid' END
        FROM exchange_content c WHERE c.seq = exchange.seq
      ) WHERE kind = 1;`);
  if (!have.has('replay_of')) sql.push('ALTER TABLE exchange ADD COLUMN replay_of TEXT;');
  if (!have.has('lease_owner'))
    sql.push('ALTER TABLE exchange ADD COLUMN lease_owner TEXT; ALTER TABLE exchange ADD COLUMN lease_until INTEGER;');
  return sql.join('\n');
}

export interface OpenedDb {
  db: Db;
  /** Read back after setting, so a build that ignores the pragma cannot go unnoticed. */
  synchronous: string;
  journalMode: string;
}

const SYNC_NAMES = ['OFF', 'NORMAL', 'FULL', 'EXTRA'];

/** First column of the first row. */
export function scalar<T>(db: Db, sql: string, ...params: unknown[]): T {
  const row = arrays(db.prepare(sql)).get(...params) as unknown[] | undefined;
  return (row ? row[0] : undefined) as T;
}

export function openExchangeDb(path: string, durability: 'normal' | 'full' = 'normal'): OpenedDb {
  const db = openSqlite(path, 5000);
  try {
    // Checked before anything is changed, so a newer Hookbench's file is left exactly as it was.
    const version = Number(scalar(db, 'PRAGMA user_version'));
    if (version > SCHEMA_VERSION) {
      throw new Error(`exchange store was written by a newer Hookbench (schema ${version} > ${SCHEMA_VERSION})`);
    }
    const journalMode = String(scalar(db, 'PRAGMA journal_mode = WAL')).toUpperCase();
    // WAL + NORMAL: a commit is in the WAL before it returns, so it survives the
    // process being killed (the crash tests SIGKILL writers); only an OS crash or
    // power loss can drop the last commits. FULL adds an fsync to every group
    // commit (about 2 ms here), during which the event loop is blocked because
    // the driver is synchronous, so it is an opt-in preference.
    const wanted = durability === 'full' ? 'FULL' : 'NORMAL';
    db.exec(`PRAGMA synchronous = ${wanted}`);
    const synchronous = SYNC_NAMES[Number(scalar(db, 'PRAGMA synchronous'))] ?? 'UNKNOWN';
    if (synchronous !== wanted) throw new Error(`SQLite refused synchronous=${wanted} (reads back ${synchronous})`);
    db.exec('PRAGMA temp_store = MEMORY; PRAGMA cache_size = -32000; PRAGMA analysis_limit = 1000');
    // Schemas 1–2 had no hourly buckets, 1–6 no daily combinations: count the rows already there (a new file has none).
    const backfill = (version < 3 ? FACET_HOUR_BACKFILL : '') + (version < 7 ? FACET_DAY_BACKFILL : '');
    db.exec(`BEGIN; ${addRowColumns(db)} ${DDL} ${backfill} PRAGMA user_version = ${SCHEMA_VERSION}; COMMIT;`);
    return { db, synchronous, journalMode };
  } catch (err) {
    db.close();
    throw err;
  }
}
