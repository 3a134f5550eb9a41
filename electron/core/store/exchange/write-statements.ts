import type { ExchangeSummary, HeaderList } from '../../../../shared/model/exchange';
import type { StoredBody } from './body-codec';

/**
 * The SQL of the SQLite writer's statements (exchange-rows.ts), prepared once
 * each through the statement cache, and the row its exchange insert takes.
 * Their parameters are listed where they run.
 */

/** A new exchange row: the columns the list shows (kind and time as stored), the lease, and the content. */
export type NewExchangeRow = Pick<
  ExchangeSummary,
  | 'id'
  | 'eventType'
  | 'eventId'
  | 'sourceId'
  | 'target'
  | 'method'
  | 'outcome'
  | 'status'
  | 'durationMs'
  | 'attempts'
  | 'size'
  | 'verdict'
  | 'replayOf'
> & {
  kind: number;
  time: number;
  nextAttemptAt: number | null;
  leaseUntil: number | null;
  headers: HeaderList;
  body: StoredBody;
  detail: object;
};

export const INSERT_EXCHANGE = `INSERT INTO exchange (seq, id, kind, time, event_type, event_id, source_id, target, method,
    outcome, status, status_class, duration_ms, attempts, size, next_attempt_at, lease_owner, lease_until, verdict,
    replay_of)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export const INSERT_CONTENT =
  'INSERT INTO exchange_content (seq, headers, body, body_truncated, detail) VALUES (?, ?, ?, ?, ?)';

export const INSERT_ATTEMPT = `INSERT INTO attempt (seq, n, started_at, req_headers, req_body, req_body_same, req_body_size,
    req_body_truncated, status, res_headers, res_body, res_body_size, res_body_truncated, timings, error)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** The highest key in a millisecond's range of seqs (raw). */
export const MAX_SEQ_IN = 'SELECT max(seq) FROM exchange WHERE seq >= ? AND seq < ?';

/** A delivery's key and what it is counted under in the rollup (raw). */
export const LOCATE_DELIVERY = `SELECT seq, coalesce(source_id, ''), coalesce(event_type, ''), outcome, coalesce(status, 0), time
  FROM exchange WHERE id = ? AND kind = 0`;

/** A delivery's stored body, to tell whether an attempt resent it (raw). */
export const DELIVERY_BODY = 'SELECT body FROM exchange_content WHERE seq = ?';

/**
 * Each change applies only when its flag is set (?1 outcome, ?3 status, ?6 next
 * attempt, ?8 duration, ?12 lease); `attempts` only ever grows.
 */
export const UPDATE_DELIVERY = `UPDATE exchange SET
    outcome = CASE WHEN ?1 THEN ?2 ELSE outcome END,
    status = CASE WHEN ?3 THEN ?4 ELSE status END,
    status_class = CASE WHEN ?3 THEN ?5 ELSE status_class END,
    next_attempt_at = CASE WHEN ?6 THEN ?7 ELSE next_attempt_at END,
    duration_ms = CASE WHEN ?8 THEN ?9 ELSE duration_ms END,
    attempts = max(attempts, ?11),
    lease_owner = CASE WHEN ?12 THEN ?13 ELSE lease_owner END,
    lease_until = CASE WHEN ?12 THEN ?14 ELSE lease_until END
  WHERE seq = ?10`;
