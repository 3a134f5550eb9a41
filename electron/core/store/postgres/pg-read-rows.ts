import type { ExchangeDetail, ExchangeSummary, ReplayLink, Verdict } from '../../../../shared/model/exchange';
import { bodyView } from '../exchange/body-codec';
import {
  captureHead,
  captureRecord,
  deliveryRecord,
  isCaptureRow,
  sealedCredentialsOf,
  type AttemptRecordRow,
  type CaptureHeadRow,
  type Detail,
} from '../exchange/record-from-row';
import type { CaptureHead, ReplaySource } from '../port';
import { named, type Queryable } from './pg-client';

/** Rebuilds records from PostgreSQL rows, to the same shapes the SQLite store returns. */

/** The last column is the newest replay of the row: a replay is made after its original, so later days only. */
export const SUMMARY_COLS = `e.time, e.seq, e.id, e.kind, e.event_type, e.event_id, e.source_id, e.target, e.method,
  e.outcome, e.status, e.duration_ms, e.attempts, e.size, e.verdict, e.replay_of,
  (SELECT json_build_array(r.id, r.outcome)::text FROM exchange r WHERE r.replay_of = e.id AND r.time >= e.time
    ORDER BY r.time DESC, r.seq DESC LIMIT 1) AS replay`;

export interface SummaryRow {
  time: number;
  seq: number;
  id: string;
  kind: number;
  event_type: string | null;
  event_id: string | null;
  source_id: string | null;
  target: string;
  method: string;
  outcome: ExchangeSummary['outcome'];
  status: number | null;
  duration_ms: number | null;
  attempts: number;
  size: number;
  verdict: Verdict | null;
  replay_of: string | null;
  replay: string | null;
}

/** A body is two columns here (text or bytes), one value in the shared mapper. */
interface DetailRow extends SummaryRow {
  next_attempt_at: number | null;
  headers: string;
  body_text: string | null;
  body_bytes: Buffer | null;
  body_truncated: boolean;
  detail: string;
}

type AttemptRow = Omit<AttemptRecordRow, 'req_body' | 'res_body' | 'res_body_truncated'> & {
  req_body_text: string | null;
  req_body_bytes: Buffer | null;
  res_body_text: string | null;
  res_body_bytes: Buffer | null;
  res_body_truncated: boolean | null;
};

export function toSummary(r: SummaryRow): ExchangeSummary {
  return {
    id: r.id,
    kind: r.kind === 0 ? 'delivery' : 'capture',
    time: new Date(r.time).toISOString(),
    eventType: r.event_type,
    eventId: r.event_id,
    sourceId: r.source_id,
    target: r.target,
    method: r.method,
    outcome: r.outcome,
    status: r.status,
    durationMs: r.duration_ms,
    attempts: r.attempts,
    size: r.size,
    verdict: r.verdict,
    replayOf: r.replay_of,
    replay: replayLink(r.replay),
  };
}

function replayLink(pair: string | null): ReplayLink | null {
  if (!pair) return null;
  const [id, outcome] = JSON.parse(pair) as [string, ReplayLink['outcome']];
  return { id, outcome };
}

/** Replays of an exchange, newest first, as the SQLite store lists them. */
async function replaysOf(q: Queryable, row: DetailRow): Promise<ReplayLink[]> {
  const r = await q.query<{ id: string; outcome: ReplayLink['outcome'] }>(
    named(
      'SELECT id, outcome FROM exchange WHERE replay_of = $1 AND time >= $2 ORDER BY time DESC, seq DESC LIMIT 20',
      [row.id, row.time],
    ),
  );
  return r.rows;
}

const DETAIL_SQL = `SELECT ${SUMMARY_COLS}, e.next_attempt_at, c.headers, c.body_text, c.body_bytes, c.body_truncated, c.detail
  FROM exchange e JOIN exchange_content c ON c.time = e.time AND c.seq = e.seq`;

const UUID_V7 = /^([0-9a-f]{8})-([0-9a-f]{4})-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = 86_400_000;

/** A delivery's id is a UUIDv7 of its creation time: a hint that narrows the lookup to its days. */
export function uuidTime(id: string): number | null {
  const m = UUID_V7.exec(id);
  return m ? parseInt(m[1]! + m[2]!, 16) : null;
}

/** By id: first within a day of the time a UUIDv7 carries (a few partitions), else across every day. */
async function findRow(q: Queryable, id: string): Promise<DetailRow | undefined> {
  const hint = uuidTime(id);
  if (hint !== null) {
    const near = await q.query<DetailRow>(
      named(`${DETAIL_SQL} WHERE e.id = $1 AND e.time >= $2 AND e.time < $3 ORDER BY e.time, e.seq LIMIT 1`, [
        id,
        hint - DAY,
        hint + DAY,
      ]),
    );
    if (near.rows[0]) return near.rows[0];
  }
  const found = await q.query<DetailRow>(named(`${DETAIL_SQL} WHERE e.id = $1 ORDER BY e.time, e.seq LIMIT 1`, [id]));
  return found.rows[0];
}

export async function getExchange(q: Queryable, id: string): Promise<ExchangeDetail | null> {
  const row = await findRow(q, id);
  if (!row) return null;
  const exchange = { ...row, body: row.body_text ?? row.body_bytes };
  const replays = await replaysOf(q, row);
  if (isCaptureRow(row)) return captureRecord(exchange, replays);
  const attempts = await q.query<AttemptRow>(
    named('SELECT * FROM attempt WHERE time = $1 AND seq = $2 ORDER BY n', [row.time, row.seq]),
  );
  return deliveryRecord(
    exchange,
    attempts.rows.map((a) => ({
      ...a,
      req_body: a.req_body_text ?? a.req_body_bytes,
      res_body: a.res_body_text ?? a.res_body_bytes,
      res_body_truncated: a.res_body_truncated === true,
    })),
    replays,
  );
}

/** The row and its body only: a replay needs neither the attempts nor the replays (two queries fewer). */
export async function replaySource(q: Queryable, id: string): Promise<ReplaySource | null> {
  const row = await findRow(q, id);
  if (!row) return null;
  const delivery = row.kind === 0;
  return {
    kind: delivery ? 'delivery' : 'capture',
    id: row.id,
    eventType: row.event_type,
    eventId: row.event_id,
    subscriptionId: delivery ? (row.source_id as string) : null,
    targetUrl: delivery ? row.target : null,
    profile: delivery ? ((JSON.parse(row.detail) as Detail).profile ?? null) : null,
    body: bodyView(row.body_text ?? row.body_bytes, row.size, row.body_truncated),
  };
}

/** The sealed originals of a capture's masked credential headers, or null. */
export async function sealedCredentials(q: Queryable, id: string): Promise<string | null> {
  const row = await findRow(q, id);
  if (!row) return null;
  return sealedCredentialsOf(row.detail);
}

/** Captures by key, without bodies, for the live feed. */
export async function captureHeads(
  q: Queryable,
  keys: [number, number][],
): Promise<{ capture: CaptureHead; size: number }[]> {
  if (!keys.length) return [];
  const r = await q.query<CaptureHeadRow>(
    named(
      `SELECT ${SUMMARY_COLS}, e.next_attempt_at, c.headers, c.detail
        FROM exchange e JOIN exchange_content c ON c.time = e.time AND c.seq = e.seq
        WHERE e.time = ANY($1::int8[]) AND e.seq = ANY($2::int8[]) AND e.kind = 1 ORDER BY e.time, e.seq`,
      [keys.map((k) => k[0]), keys.map((k) => k[1])],
    ),
  );
  return r.rows.map((row) => ({ capture: captureHead(row), size: row.size }));
}
