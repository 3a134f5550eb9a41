import type pg from 'pg';
import type { StoredBody } from '../exchange/body-codec';
import { named } from './pg-client';
import { statusClassOf } from '../exchange/write-values';
import type { WritePlan } from './pg-write-plan';

/**
 * The statements of one group commit. Each takes whole columns as arrays and
 * unnests them, so a group of any size is one prepared statement per table.
 * `seq` is unique across partitions, so `time = ANY(…) AND seq = ANY(…)`
 * selects exactly the listed keys while letting PostgreSQL prune partitions.
 */

const DELIVERY_STATE = `time, seq, id, coalesce(source_id, '') AS source, coalesce(event_type, '') AS event, outcome, status,
  duration_ms AS "durationMs", attempts, next_attempt_at AS "nextAttemptAt", lease_owner AS "leaseOwner",
  lease_until AS "leaseUntil"`;

/** Locked in key order, so two nodes updating the same deliveries cannot deadlock on them. */
export const LOCK_BY_KEY = `SELECT ${DELIVERY_STATE} FROM exchange
  WHERE time = ANY($1::int8[]) AND seq = ANY($2::int8[]) AND kind = 0 ORDER BY time, seq FOR UPDATE`;
export const LOCK_BY_ID = `SELECT ${DELIVERY_STATE} FROM exchange WHERE id = ANY($1::text[]) AND kind = 0
  ORDER BY time, seq FOR UPDATE`;

const INSERT_EXCHANGE = `INSERT INTO exchange (time, seq, id, kind, event_type, event_id, source_id, target, method, outcome,
    status, status_class, duration_ms, attempts, size, next_attempt_at, lease_owner, lease_until, verdict, replay_of)
  SELECT * FROM unnest($1::int8[], $2::int8[], $3::text[], $4::int2[], $5::text[], $6::text[], $7::text[], $8::text[],
    $9::text[], $10::text[], $11::int4[], $12::int2[], $13::float8[], $14::int4[], $15::int8[], $16::int8[], $17::text[],
    $18::int8[], $19::text[], $20::text[])`;

const INSERT_CONTENT = `INSERT INTO exchange_content (time, seq, headers, body_text, body_bytes, body_truncated, detail, tsv)
  SELECT t, s, h, bt, bb, tr, d, v::tsvector
  FROM unnest($1::int8[], $2::int8[], $3::text[], $4::text[], $5::bytea[], $6::bool[], $7::text[], $8::text[])
    AS u(t, s, h, bt, bb, tr, d, v)`;

/** A retry resends the delivery's body: stored once, on the delivery, and flagged on the attempt. */
const INSERT_ATTEMPT = `INSERT INTO attempt (time, seq, n, started_at, req_headers, req_body_text, req_body_bytes,
    req_body_same, req_body_size, req_body_truncated, status, res_headers, res_body_text, res_body_bytes, res_body_size,
    res_body_truncated, timings, total_ms, error)
  SELECT a.t, a.s, a.n, a.st, a.rh, CASE WHEN a.same THEN NULL ELSE a.qt END, CASE WHEN a.same THEN NULL ELSE a.qb END,
    a.same, a.qs, a.qtr, a.status, a.sh, a.pt, a.pb, a.ps, a.ptr, a.tm, a.total, a.err
  FROM (
    SELECT u.*, coalesce((u.qt IS NOT NULL AND u.qt = c.body_text) OR (u.qb IS NOT NULL AND u.qb = c.body_bytes), false)
      AS same
    FROM unnest($1::int8[], $2::int8[], $3::int4[], $4::int8[], $5::text[], $6::text[], $7::bytea[], $8::int8[],
      $9::bool[], $10::int4[], $11::text[], $12::text[], $13::bytea[], $14::int8[], $15::bool[], $16::text[],
      $17::float8[], $18::text[])
      AS u(t, s, n, st, rh, qt, qb, qs, qtr, status, sh, pt, pb, ps, ptr, tm, total, err)
    LEFT JOIN exchange_content c ON c.time = u.t AND c.seq = u.s
  ) a`;

const UPDATE_DELIVERIES = `UPDATE exchange e SET outcome = u.outcome, status = u.status, status_class = u.status_class,
    duration_ms = u.duration_ms, attempts = u.attempts, next_attempt_at = u.next_attempt_at,
    lease_owner = u.lease_owner, lease_until = u.lease_until
  FROM unnest($1::int8[], $2::int8[], $3::text[], $4::int4[], $5::int2[], $6::float8[], $7::int4[], $8::int8[],
    $9::text[], $10::int8[])
    AS u(time, seq, outcome, status, status_class, duration_ms, attempts, next_attempt_at, lease_owner, lease_until)
  WHERE e.time = u.time AND e.seq = u.seq`;

/** Sorted input, so concurrent groups lock the counters in the same order. */
const UPSERT_ROLLUP = `INSERT INTO exchange_rollup (kind, source_id, event_type, outcome, status, n)
  SELECT * FROM unnest($1::int2[], $2::text[], $3::text[], $4::text[], $5::int4[], $6::int8[])
  ON CONFLICT (kind, source_id, event_type, outcome, status) DO UPDATE SET n = exchange_rollup.n + excluded.n`;
const UPSERT_FACET_HOUR = `INSERT INTO exchange_facet_hour (hour, facet, value, n)
  SELECT * FROM unnest($1::int8[], $2::int2[], $3::text[], $4::int8[])
  ON CONFLICT (hour, facet, value) DO UPDATE SET n = exchange_facet_hour.n + excluded.n`;

const UPSERT_FACET_DAY = `INSERT INTO exchange_facet_day (day, kind, source_id, event_type, outcome, status, n)
  SELECT * FROM unnest($1::int8[], $2::int2[], $3::text[], $4::text[], $5::text[], $6::int4[], $7::int8[])
  ON CONFLICT (day, kind, source_id, event_type, outcome, status) DO UPDATE SET n = exchange_facet_day.n + excluded.n`;

/** One row per group and one NOTIFY carrying `<node>:<commit id>`: listeners on other nodes read what changed. */
const COMMIT_LOG = `WITH c AS (
    INSERT INTO exchange_commit (node, at, capture_time, capture_seq, delivery_time, delivery_seq)
    VALUES ($1, $2, $3::int8[], $4::int8[], $5::int8[], $6::int8[]) RETURNING id)
  SELECT pg_notify($7, $1 || ':' || id) FROM c`;

const textOf = (b: StoredBody | null) => (b && typeof b.value === 'string' ? b.value : null);
const bytesOf = (b: StoredBody | null) => (b && b.value !== null && typeof b.value !== 'string' ? b.value : null);
const col = <T, V>(rows: T[], f: (r: T) => V): V[] => rows.map(f);

export function groupStatements(plan: WritePlan, node: string, now: number, channel: string): pg.QueryConfig[] {
  const out: pg.QueryConfig[] = [];
  const ins = plan.inserts;
  if (ins.length) {
    out.push(
      named(INSERT_EXCHANGE, [
        col(ins, (r) => r.time),
        col(ins, (r) => r.seq),
        col(ins, (r) => r.id),
        col(ins, (r) => r.kind),
        col(ins, (r) => r.eventType),
        col(ins, (r) => r.eventId),
        col(ins, (r) => r.sourceId),
        col(ins, (r) => r.target),
        col(ins, (r) => r.method),
        col(ins, (r) => r.outcome),
        col(ins, (r) => r.status),
        col(ins, (r) => statusClassOf(r.status)),
        col(ins, (r) => r.durationMs),
        col(ins, (r) => r.attempts),
        col(ins, (r) => r.size),
        col(ins, (r) => r.nextAttemptAt),
        col(ins, (r) => r.leaseOwner),
        col(ins, (r) => r.leaseUntil),
        col(ins, (r) => r.verdict),
        col(ins, (r) => r.replayOf),
      ]),
      named(INSERT_CONTENT, [
        col(ins, (r) => r.time),
        col(ins, (r) => r.seq),
        col(ins, (r) => r.headers),
        col(ins, (r) => textOf(r.body)),
        col(ins, (r) => bytesOf(r.body)),
        col(ins, (r) => r.body.truncated),
        col(ins, (r) => r.detail),
        col(ins, (r) => r.tsv),
      ]),
    );
  }
  const at = plan.attempts;
  if (at.length) {
    out.push(
      named(INSERT_ATTEMPT, [
        col(at, (a) => a.time),
        col(at, (a) => a.seq),
        col(at, (a) => a.n),
        col(at, (a) => a.startedAt),
        col(at, (a) => a.reqHeaders),
        col(at, (a) => textOf(a.reqBody)),
        col(at, (a) => bytesOf(a.reqBody)),
        col(at, (a) => a.reqBody.size),
        col(at, (a) => a.reqBody.truncated),
        col(at, (a) => a.status),
        col(at, (a) => a.resHeaders),
        col(at, (a) => textOf(a.resBody)),
        col(at, (a) => bytesOf(a.resBody)),
        col(at, (a) => a.resBody?.size ?? null),
        col(at, (a) => (a.resBody ? a.resBody.truncated : null)),
        col(at, (a) => a.timings),
        col(at, (a) => a.totalMs),
        col(at, (a) => a.error),
      ]),
    );
  }
  const up = plan.updates;
  if (up.length) {
    out.push(
      named(UPDATE_DELIVERIES, [
        col(up, (u) => u.time),
        col(up, (u) => u.seq),
        col(up, (u) => u.outcome),
        col(up, (u) => u.status),
        col(up, (u) => statusClassOf(u.status)),
        col(up, (u) => u.durationMs),
        col(up, (u) => u.attempts),
        col(up, (u) => u.nextAttemptAt),
        col(up, (u) => u.leaseOwner),
        col(up, (u) => u.leaseUntil),
      ]),
    );
  }
  out.push(...rollupStatements(plan.rollup));
  out.push(
    named(COMMIT_LOG, [
      node,
      now,
      col(plan.captures, (k) => k[0]),
      col(plan.captures, (k) => k[1]),
      col(plan.deliveries, (k) => k[0]),
      col(plan.deliveries, (k) => k[1]),
      channel,
    ]),
  );
  return out;
}

/** The counters' upserts for a group's summed deltas (negative when rows are deleted). */
export function rollupStatements(rollup: WritePlan['rollup']): pg.QueryConfig[] {
  const out: pg.QueryConfig[] = [];
  const combos = [...rollup.combos].sort((a, b) =>
    cmp(
      [a.key.kind, a.key.source, a.key.event, a.key.outcome, a.key.status],
      [b.key.kind, b.key.source, b.key.event, b.key.outcome, b.key.status],
    ),
  );
  if (combos.length)
    out.push(
      named(UPSERT_ROLLUP, [
        col(combos, (c) => c.key.kind),
        col(combos, (c) => c.key.source),
        col(combos, (c) => c.key.event),
        col(combos, (c) => c.key.outcome),
        col(combos, (c) => c.key.status),
        col(combos, (c) => c.n),
      ]),
    );
  const hours = [...rollup.hours].sort((a, b) => cmp([a.hour, a.facet, a.value], [b.hour, b.facet, b.value]));
  if (hours.length)
    out.push(
      named(UPSERT_FACET_HOUR, [
        col(hours, (h) => h.hour),
        col(hours, (h) => h.facet),
        col(hours, (h) => h.value),
        col(hours, (h) => h.n),
      ]),
    );
  const days = [...rollup.days].sort((a, b) =>
    cmp(
      [a.day, a.key.kind, a.key.source, a.key.event, a.key.outcome, a.key.status],
      [b.day, b.key.kind, b.key.source, b.key.event, b.key.outcome, b.key.status],
    ),
  );
  if (days.length)
    out.push(
      named(UPSERT_FACET_DAY, [
        col(days, (d) => d.day),
        col(days, (d) => d.key.kind),
        col(days, (d) => d.key.source),
        col(days, (d) => d.key.event),
        col(days, (d) => d.key.outcome),
        col(days, (d) => d.key.status),
        col(days, (d) => d.n),
      ]),
    );
  return out;
}

function cmp(a: (string | number)[], b: (string | number)[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    return a[i]! < b[i]! ? -1 : 1;
  }
  return 0;
}
