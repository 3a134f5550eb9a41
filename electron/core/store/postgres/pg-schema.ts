import { PG_ACCOUNTS_SQL } from '../accounts/pg-accounts-schema';

/**
 * The PostgreSQL schema, one entry per version. Applied in order, each in its
 * own transaction, by one node at a time (see pg-migrate.ts); a released
 * version is never edited, a change is a new entry.
 *
 * - exchange, exchange_content, attempt: partitioned by day on `time` (the
 *   exchange's epoch ms; an attempt carries its delivery's), so retention
 *   drops whole days. Keyed by (time, seq): seq comes from a sequence each
 *   writer draws in blocks, so nodes never collide and no unique index needs
 *   to span partitions. `id` has a plain index.
 * - Summary rows stay narrow (list scans); bodies, headers and the search
 *   vector live in exchange_content. The tsvector is built by the app from
 *   FTS5's own word splitting; searches ask one day at a time (pg-search.ts),
 *   so the default statistics target plans them right and cheaply.
 * - exchange_rollup and exchange_facet_hour: the facet counts, upserted once
 *   per group commit, as in the SQLite store.
 * - exchange_commit: one row per group commit (and settings change), for the
 *   other nodes' live feed; read by snapshot, pruned after minutes.
 * - setting: every settings collection, records sealed as on disk.
 *
 * Version 2 adds the accounts: users, single sign-on identities, sessions,
 * the audit log and the sign-in throttle (pg-accounts-schema.ts).
 *
 * Version 3 adds exchange_facet_day, the facet counts per UTC day and full
 * combination (a range with filters sums its whole days there), filled from
 * the rows already stored in the migration's transaction.
 */
export const MIGRATIONS: { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
CREATE SEQUENCE exchange_seq INCREMENT BY 1000;

CREATE TABLE exchange (
  time bigint NOT NULL,
  seq bigint NOT NULL,
  id text NOT NULL,
  kind smallint NOT NULL,
  event_type text,
  event_id text,
  source_id text,
  target text NOT NULL,
  method text NOT NULL,
  outcome text NOT NULL,
  status integer,
  status_class smallint NOT NULL,
  duration_ms double precision,
  attempts integer NOT NULL DEFAULT 0,
  size bigint NOT NULL,
  next_attempt_at bigint,
  lease_owner text,
  lease_until bigint,
  verdict text,
  replay_of text,
  PRIMARY KEY (time, seq)
) PARTITION BY RANGE (time);
CREATE INDEX exchange_id ON exchange (id);
CREATE INDEX exchange_kind ON exchange (kind, time, seq);
CREATE INDEX exchange_source ON exchange (source_id, time, seq);
CREATE INDEX exchange_event ON exchange (event_type, time, seq);
CREATE INDEX exchange_outcome ON exchange (outcome, time, seq);
CREATE INDEX exchange_status ON exchange (status, time, seq);
CREATE INDEX exchange_status_class ON exchange (status_class, time, seq);
CREATE INDEX exchange_replay_of ON exchange (replay_of) WHERE replay_of IS NOT NULL;
CREATE INDEX exchange_owed ON exchange (next_attempt_at) WHERE kind = 0 AND outcome IN ('pending', 'retrying');

CREATE TABLE exchange_content (
  time bigint NOT NULL,
  seq bigint NOT NULL,
  headers text NOT NULL,
  body_text text,
  body_bytes bytea,
  body_truncated boolean NOT NULL,
  detail text NOT NULL,
  tsv tsvector NOT NULL,
  PRIMARY KEY (time, seq)
) PARTITION BY RANGE (time);
CREATE INDEX exchange_content_tsv ON exchange_content USING gin (tsv);

CREATE TABLE attempt (
  time bigint NOT NULL,
  seq bigint NOT NULL,
  n integer NOT NULL,
  started_at bigint NOT NULL,
  req_headers text NOT NULL,
  req_body_text text,
  req_body_bytes bytea,
  req_body_same boolean NOT NULL,
  req_body_size bigint NOT NULL,
  req_body_truncated boolean NOT NULL,
  status integer,
  res_headers text,
  res_body_text text,
  res_body_bytes bytea,
  res_body_size bigint,
  res_body_truncated boolean,
  timings text,
  total_ms double precision,
  error text,
  PRIMARY KEY (time, seq, n)
) PARTITION BY RANGE (time);

CREATE TABLE exchange_rollup (
  kind smallint NOT NULL,
  source_id text NOT NULL,
  event_type text NOT NULL,
  outcome text NOT NULL,
  status integer NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (kind, source_id, event_type, outcome, status)
);

CREATE TABLE exchange_facet_hour (
  hour bigint NOT NULL,
  facet smallint NOT NULL,
  value text NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (hour, facet, value)
);

CREATE TABLE exchange_commit (
  id bigserial PRIMARY KEY,
  tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
  node text NOT NULL,
  at bigint NOT NULL,
  capture_time bigint[] NOT NULL DEFAULT '{}',
  capture_seq bigint[] NOT NULL DEFAULT '{}',
  delivery_time bigint[] NOT NULL DEFAULT '{}',
  delivery_seq bigint[] NOT NULL DEFAULT '{}',
  settings text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX exchange_commit_tx ON exchange_commit (tx);
CREATE INDEX exchange_commit_at ON exchange_commit (at);

CREATE TABLE setting (
  collection text NOT NULL,
  id text NOT NULL,
  ord bigserial,
  record text NOT NULL,
  updated_at bigint NOT NULL,
  PRIMARY KEY (collection, id)
);
`,
  },
  { version: 2, sql: PG_ACCOUNTS_SQL },
  {
    version: 3,
    sql: `
CREATE TABLE exchange_facet_day (
  day bigint NOT NULL,
  kind smallint NOT NULL,
  source_id text NOT NULL,
  event_type text NOT NULL,
  outcome text NOT NULL,
  status integer NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (day, kind, source_id, event_type, outcome, status)
);
INSERT INTO exchange_facet_day
  SELECT time / 86400000, kind, coalesce(source_id, ''), coalesce(event_type, ''), outcome, coalesce(status, 0), count(*)
  FROM exchange GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6;
-- Planned from statistics from the first query on (without them a range's sum was sorted instead of hashed:
-- 76 ms against 12 ms for a week, measured).
ANALYZE exchange_facet_day;
`,
  },
];

export const LATEST_SCHEMA = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Advisory lock keys ("HB" and a number), so one node at a time does each of these. */
export const LOCKS = {
  migrate: 0x4842_0001,
  partitions: 0x4842_0002,
  maintenance: 0x4842_0003,
  /** Held by a change that may take away an admin, so two nodes cannot each remove one of the last two. */
  lastAdmin: 0x4842_0004,
} as const;

/** The channel every group commit notifies, with `<node>:<commit id>` as payload. */
export const COMMIT_CHANNEL = 'hookbench_commits';
