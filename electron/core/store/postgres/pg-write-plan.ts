import type { DeliveryUpdate, HeaderList, NewAttempt, Verdict } from '../../../../shared/model/exchange';
import { verdictOf } from '../../../../shared/model/exchange';
import { encodeBody, type StoredBody } from '../exchange/body-codec';
import { RollupDeltas, type RollupKey } from '../exchange/rollup';
import { kindCode } from '../exchange/schema';
import {
  captureDetail,
  deliveryDetail,
  json,
  keepCancelled,
  masked,
  toMs,
  UnknownDeliveryError,
} from '../exchange/write-values';
import type { ExchangeWrite } from '../port';
import { tsvectorLiteral } from '../search/pg-text-search';
import { pgText } from './pg-client';

/**
 * A group of writes turned into rows, in memory, before any statement runs:
 * every delivery the group touches is followed from its stored (locked) state
 * through each write in order, so the group writes each row once with its
 * final values, and the facet counts move once from the first state to the last.
 */

export type Key = [time: number, seq: number];

/** A delivery's summary as the writer follows it through a group. */
export interface DeliveryState {
  time: number;
  seq: number;
  id: string;
  source: string;
  event: string;
  outcome: string;
  status: number | null;
  durationMs: number | null;
  attempts: number;
  nextAttemptAt: number | null;
  leaseOwner: string | null;
  leaseUntil: number | null;
}

export interface ExchangeRowOut {
  time: number;
  seq: number;
  id: string;
  kind: number;
  eventType: string | null;
  eventId: string | null;
  sourceId: string | null;
  target: string;
  method: string;
  outcome: string;
  status: number | null;
  durationMs: number | null;
  attempts: number;
  size: number;
  nextAttemptAt: number | null;
  leaseOwner: string | null;
  leaseUntil: number | null;
  verdict: Verdict | null;
  replayOf: string | null;
  headers: string;
  body: StoredBody;
  detail: string;
  tsv: string;
}

export interface AttemptRowOut {
  time: number;
  seq: number;
  n: number;
  startedAt: number;
  reqHeaders: string;
  reqBody: StoredBody;
  status: number | null;
  resHeaders: string | null;
  resBody: StoredBody | null;
  timings: string | null;
  totalMs: number | null;
  error: string | null;
}

export interface WritePlan {
  inserts: ExchangeRowOut[];
  attempts: AttemptRowOut[];
  updates: DeliveryState[];
  rollup: ReturnType<RollupDeltas['drain']>;
  captures: Key[];
  deliveries: Key[];
}

/** What the writer must read (and lock) before planning: deliveries the group updates but does not insert first. */
export function idsToLoad(writes: PreparedWrite[]): string[] {
  const inserted = new Set<string>();
  const load = new Set<string>();
  for (const w of writes) {
    if (w.type === 'insert') {
      if (w.row.kind === kindCode.delivery) inserted.add(w.row.id);
    } else if (!inserted.has(w.id)) load.add(w.id);
  }
  return [...load];
}

const rollupKey = (kind: number, s: Pick<DeliveryState, 'source' | 'event' | 'outcome' | 'status' | 'time'>) => ({
  kind,
  source: s.source,
  event: s.event,
  outcome: s.outcome,
  status: s.status ?? 0,
  time: s.time,
});

/** A delivery update with its time parsed: what follows a delivery's state through a group. */
interface ParsedUpdate {
  update: DeliveryUpdate;
  nextAttemptAt: number | null | undefined;
  attemptN: number;
  leaseUntil: number | null | undefined;
}

/**
 * A write with everything that does not depend on the stored rows already
 * encoded (bodies, JSON, the search vector): done when the write is appended,
 * so it overlaps the previous group's round trip instead of delaying the next.
 */
export type PreparedWrite =
  | { type: 'insert'; row: Omit<ExchangeRowOut, 'seq'> }
  | { type: 'update'; id: string; attempt: Omit<AttemptRowOut, 'time' | 'seq'> | null; change: ParsedUpdate };

function parseUpdate(u: DeliveryUpdate, attemptN: number, leaseUntil: number | null | undefined): ParsedUpdate {
  const next = Object.prototype.hasOwnProperty.call(u, 'nextAttemptAt')
    ? u.nextAttemptAt
      ? toMs(u.nextAttemptAt, 'nextAttemptAt')
      : null
    : undefined;
  return { update: u, nextAttemptAt: next, attemptN, leaseUntil };
}

/** Encodes one write; throws (a bad time) before it can join a group. */
export function prepareWrite(w: ExchangeWrite, bodyCap: number, nodeId: string): PreparedWrite {
  if (w.type === 'capture') {
    const c = w.capture;
    const body = encodeBody(c.body, bodyCap);
    const headers = masked(c.headers);
    return {
      type: 'insert',
      row: {
        time: toMs(c.receivedAt, 'receivedAt'),
        id: pgText(c.id),
        kind: kindCode.capture,
        eventType: pgText(c.eventType),
        eventId: pgText(c.eventId),
        sourceId: pgText(c.inboxId),
        target: pgText(c.path),
        method: pgText(c.method),
        outcome: c.outcome,
        status: c.response?.status ?? null,
        durationMs: c.durationMs,
        attempts: 0,
        size: body.size,
        nextAttemptAt: null,
        leaseOwner: null,
        leaseUntil: null,
        verdict: verdictOf(c.verification),
        replayOf: null,
        headers: JSON.stringify(headers),
        body,
        detail: json(captureDetail(c)),
        tsv: searchVector(headers, body),
      },
    };
  }
  if (w.type === 'delivery') {
    const d = w.delivery;
    const body = encodeBody(d.request.body, bodyCap);
    const headers = masked(d.request.headers);
    const until = w.leaseUntil ?? null;
    return {
      type: 'insert',
      row: {
        time: toMs(d.createdAt, 'createdAt'),
        id: pgText(d.id),
        kind: kindCode.delivery,
        eventType: pgText(d.eventType),
        eventId: pgText(d.eventId),
        sourceId: pgText(d.subscriptionId),
        target: pgText(d.targetUrl),
        method: pgText(d.request.method),
        outcome: d.outcome ?? 'pending',
        status: null,
        durationMs: null,
        attempts: 0,
        size: body.size,
        nextAttemptAt: d.nextAttemptAt ? toMs(d.nextAttemptAt, 'nextAttemptAt') : null,
        leaseOwner: until === null ? null : nodeId,
        leaseUntil: until,
        verdict: null,
        replayOf: d.replayOf ? pgText(d.replayOf) : null,
        headers: JSON.stringify(headers),
        body,
        detail: json(deliveryDetail(d)),
        tsv: searchVector(headers, body),
      },
    };
  }
  if (w.type === 'attempt') {
    const a = w.attempt;
    return {
      type: 'update',
      id: a.deliveryId,
      attempt: attemptRow(a, bodyCap),
      change: parseUpdate(
        { lastStatus: a.response?.status ?? null, durationMs: a.timings?.totalMs ?? null, ...w.update },
        a.n,
        w.leaseUntil,
      ),
    };
  }
  return { type: 'update', id: w.id, attempt: null, change: parseUpdate(w.update, 0, w.leaseUntil) };
}

export function planWrites(
  writes: PreparedWrite[],
  loaded: DeliveryState[],
  opts: { nodeId: string; nextSeq: () => number },
): WritePlan {
  const rollup = new RollupDeltas();
  const states = new Map<string, { state: DeliveryState; inserted: ExchangeRowOut | null; from: RollupKey | null }>();
  for (const s of loaded) states.set(s.id, { state: s, inserted: null, from: rollupKey(kindCode.delivery, s) });
  const inserts: ExchangeRowOut[] = [];
  const attempts: AttemptRowOut[] = [];
  const captures: Key[] = [];

  const apply = (s: DeliveryState, c: ParsedUpdate) => {
    const u = keepCancelled(s.outcome, c.update);
    const has = (k: keyof DeliveryUpdate) => Object.prototype.hasOwnProperty.call(u, k);
    if (has('outcome') && u.outcome) s.outcome = u.outcome;
    if (has('lastStatus')) s.status = u.lastStatus ?? null;
    if (u !== c.update && u.nextAttemptAt === null) s.nextAttemptAt = null;
    else if (c.nextAttemptAt !== undefined) s.nextAttemptAt = c.nextAttemptAt;
    if (has('durationMs')) s.durationMs = u.durationMs ?? null;
    s.attempts = Math.max(s.attempts, c.attemptN);
    if (c.leaseUntil !== undefined) {
      s.leaseOwner = c.leaseUntil === null ? null : opts.nodeId;
      s.leaseUntil = c.leaseUntil;
    }
  };

  for (const w of writes) {
    if (w.type === 'insert') {
      const row: ExchangeRowOut = { ...w.row, seq: opts.nextSeq() };
      inserts.push(row);
      if (row.kind === kindCode.capture) {
        captures.push([row.time, row.seq]);
        rollup.add(
          rollupKey(kindCode.capture, {
            source: row.sourceId ?? '',
            event: row.eventType ?? '',
            outcome: row.outcome,
            status: row.status,
            time: row.time,
          }),
          1,
        );
        continue;
      }
      states.set(row.id, {
        inserted: row,
        from: null,
        state: {
          time: row.time,
          seq: row.seq,
          id: row.id,
          source: row.sourceId ?? '',
          event: row.eventType ?? '',
          outcome: row.outcome,
          status: null,
          durationMs: null,
          attempts: 0,
          nextAttemptAt: row.nextAttemptAt,
          leaseOwner: row.leaseOwner,
          leaseUntil: row.leaseUntil,
        },
      });
      continue;
    }
    const entry = states.get(w.id);
    if (!entry) throw new UnknownDeliveryError(w.id);
    if (w.attempt) attempts.push({ ...w.attempt, time: entry.state.time, seq: entry.state.seq });
    apply(entry.state, w.change);
  }

  const updates: DeliveryState[] = [];
  const deliveries: Key[] = [];
  for (const { state: s, inserted, from } of states.values()) {
    deliveries.push([s.time, s.seq]);
    if (inserted) {
      Object.assign(inserted, {
        outcome: s.outcome,
        status: s.status,
        durationMs: s.durationMs,
        attempts: s.attempts,
        nextAttemptAt: s.nextAttemptAt,
        leaseOwner: s.leaseOwner,
        leaseUntil: s.leaseUntil,
      });
      rollup.add(rollupKey(kindCode.delivery, s), 1);
    } else {
      updates.push(s);
      const to = rollupKey(kindCode.delivery, s);
      if (from && (from.outcome !== to.outcome || from.status !== to.status)) rollup.move(from, to);
    }
  }
  return { inserts, attempts, updates, rollup: rollup.drain(), captures, deliveries };
}

/** Header values then the text body (binary bodies are never indexed), as the SQLite store's FTS table holds them. */
function searchVector(headers: HeaderList, body: StoredBody): string {
  return tsvectorLiteral(
    headers.length ? headers.map((h) => h[1]).join(' ') : null,
    typeof body.value === 'string' ? body.value : null,
  );
}

function attemptRow(a: NewAttempt, bodyCap: number): Omit<AttemptRowOut, 'time' | 'seq'> {
  return {
    n: a.n,
    startedAt: toMs(a.startedAt, 'startedAt'),
    reqHeaders: JSON.stringify(masked(a.request.headers)),
    reqBody: encodeBody(a.request.body, bodyCap),
    status: a.response?.status ?? null,
    resHeaders: a.response ? JSON.stringify(masked(a.response.headers)) : null,
    resBody: a.response ? encodeBody(a.response.body, bodyCap) : null,
    timings: a.timings ? JSON.stringify(a.timings) : null,
    totalMs: a.timings?.totalMs ?? null,
    error: pgText(a.error),
  };
}
