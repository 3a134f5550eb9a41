import type { DeliveryUpdate, NewAttempt, NewCapture, NewDelivery } from '../../../../shared/model/exchange';
import { verdictOf } from '../../../../shared/model/exchange';
import { encodeBody } from './body-codec';
import { RollupDeltas, type RollupKey } from './rollup';
import { kindCode, scalar, SEQ_PER_MS, type Db } from './schema';
import { foldFirstAttempts, type DeliveryWithAttempt, type RowWrite } from './first-attempt-fold';
import { SearchIndex } from './search-index';
import { StatementCache } from './statement-cache';
import { ExchangeReads } from './exchange-reads';
import {
  captureDetail,
  deliveryDetail,
  json,
  keepCancelled,
  masked,
  statusClassOf,
  toMs,
  UnknownDeliveryError,
} from './write-values';
import {
  DELIVERY_BODY,
  INSERT_ATTEMPT,
  INSERT_CONTENT,
  INSERT_EXCHANGE,
  LOCATE_DELIVERY,
  MAX_SEQ_IN,
  UPDATE_DELIVERY,
  type NewExchangeRow,
} from './write-statements';
import type { ExchangeWrite } from '../port';

export type { ExchangeWrite };

function sameBody(value: string | Uint8Array, stored: unknown): boolean {
  if (typeof value === 'string' || typeof stored === 'string') return value === stored;
  return stored instanceof Uint8Array && Buffer.compare(Buffer.from(value), stored) === 0;
}

/** Deliveries kept in memory for their attempts: a first attempt comes a few ms after its delivery. */
const RECENT_CAP = 4096;

interface RecentDelivery {
  seq: number;
  key: RollupKey;
  /** The stored body, to tell a resent body without reading it back. */
  body: string | Uint8Array | null;
}

/**
 * The exchange store's rows: synchronous writes meant to run inside the group
 * writer's transaction, and the reads that rebuild full records.
 */
export class ExchangeRows {
  readonly stmts: StatementCache;
  readonly search: SearchIndex;
  /** One exchange read back by id (the full record, a replay's source, sealed credentials). */
  readonly reads: ExchangeReads;
  private lastSeq: number;
  private readonly rollup = new RollupDeltas();
  /**
   * The deliveries this process wrote last, by id, as the row says now: an
   * attempt finds its delivery's key, counts and body here instead of two
   * lookups (about a fifth of an attempt's cost, measured). Only this class
   * changes those columns; a rolled-back group or a delete drops entries.
   */
  private readonly recent = new Map<string, RecentDelivery>();

  constructor(
    readonly db: Db,
    readonly bodyCap: number,
    /** Recorded as the owner of the leases this process's writes take. */
    readonly nodeId = 'local',
    /** Index new rows for search behind the commit (the store) or in it (seeders, tools); see search-index.ts. */
    deferSearch = false,
  ) {
    this.stmts = new StatementCache(db);
    this.lastSeq = Number(scalar(db, 'SELECT coalesce(max(seq), 0) FROM exchange'));
    this.search = new SearchIndex(db, this.stmts, deferSearch);
    this.reads = new ExchangeReads(this.stmts);
    // Rows a killed process left unindexed are indexed before anything else.
    this.search.catchUp(this.lastSeq);
  }

  /** Indexes the rows waiting for search (outside a write transaction): all of them, or the next `maxRows`. */
  indexPending(maxRows = Infinity): number {
    return this.search.catchUp(this.lastSeq, maxRows);
  }

  /** One write; only ever inside writeBatch, whose COMMIT also writes the facet counts it summed. */
  private apply(write: RowWrite): void {
    switch (write.type) {
      case 'delivery':
        return this.insertDelivery(write.delivery, write.leaseUntil);
      case 'deliveryWithAttempt':
        return this.insertDelivery(write.delivery.delivery, write.delivery.leaseUntil, write);
      case 'attempt':
        return this.insertAttempt(write.attempt, write.update, write.leaseUntil);
      case 'deliveryUpdate':
        return this.updateDelivery(write.id, write.update, write.leaseUntil);
      case 'capture':
        return this.insertCapture(write.capture);
    }
  }

  /** Runs `writes` in one transaction: a group commit, or a seeder's batch. */
  writeBatch(writes: Iterable<ExchangeWrite>): void {
    this.db.exec('BEGIN IMMEDIATE');
    this.search.begin();
    try {
      for (const w of Array.isArray(writes) ? foldFirstAttempts(writes) : writes) this.apply(w);
      this.rollup.flush(this.stmts);
      this.search.beforeCommit(this.lastSeq);
      this.db.exec('COMMIT');
    } catch (err) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      this.rollup.clear();
      this.recent.clear();
      this.search.rollback();
      throw err;
    }
  }

  /** Allocates a seq in the record's millisecond; an older record finds a free slot in its own. */
  private allocateSeq(timeMs: number): number {
    const base = timeMs * SEQ_PER_MS;
    if (base > this.lastSeq) return (this.lastSeq = base);
    // The newest key is in this very millisecond: it is also this millisecond's highest.
    if (this.lastSeq < base + SEQ_PER_MS - 1) return ++this.lastSeq;
    const top = this.stmts.get(MAX_SEQ_IN, true).get(base, base + SEQ_PER_MS) as unknown[] | undefined;
    const candidate = top && top[0] !== null ? Number(top[0]) + 1 : base;
    // More than SEQ_PER_MS rows in one ms: the global max keeps keys unique, off by under a millisecond.
    const seq = candidate < base + SEQ_PER_MS ? candidate : this.lastSeq + 1;
    if (seq > this.lastSeq) this.lastSeq = seq;
    return seq;
  }

  private insertExchange(row: NewExchangeRow): number {
    const seq = this.allocateSeq(row.time);
    const headers = masked(row.headers);
    this.stmts
      .get(INSERT_EXCHANGE)
      .run(
        seq,
        row.id,
        row.kind,
        row.time,
        row.eventType,
        row.eventId,
        row.sourceId,
        row.target,
        row.method,
        row.outcome,
        row.status,
        statusClassOf(row.status),
        row.durationMs,
        row.attempts,
        row.size,
        row.nextAttemptAt,
        row.leaseUntil === null ? null : this.nodeId,
        row.leaseUntil,
        row.verdict,
        row.replayOf,
      );
    this.rollup.add(
      {
        kind: row.kind,
        source: row.sourceId ?? '',
        event: row.eventType ?? '',
        outcome: row.outcome,
        status: row.status ?? 0,
        time: row.time,
      },
      1,
    );
    this.stmts
      .get(INSERT_CONTENT)
      .run(seq, JSON.stringify(headers), row.body.value, row.body.truncated ? 1 : 0, json(row.detail));
    // Same values the exchange_search view yields (the index catches up and retention deletes through it);
    // computed here when indexed in the commit because reading them back per row halved insert throughput.
    this.search.add(seq, () => [
      typeof row.body.value === 'string' ? row.body.value : null,
      headers.length ? headers.map((h) => h[1]).join(' ') : null,
    ]);
    return seq;
  }

  /** Drops what a delete of every row up to `seq` made stale. */
  forgetUpTo(seq: number): void {
    for (const [id, r] of this.recent) if (r.seq <= seq) this.recent.delete(id);
  }

  insertDelivery(d: NewDelivery, leaseUntil: number | null = null, first?: DeliveryWithAttempt): void {
    const body = encodeBody(d.request.body, this.bodyCap);
    const time = toMs(d.createdAt, 'createdAt');
    // What updateRow would make of the row after the attempt, written in the insert.
    const u: DeliveryUpdate = first
      ? keepCancelled(d.outcome ?? 'pending', {
          lastStatus: first.attempt.response?.status ?? null,
          durationMs: first.attempt.timings?.totalMs ?? null,
          ...first.update,
        })
      : {};
    const has = (k: keyof DeliveryUpdate) => Object.prototype.hasOwnProperty.call(u, k);
    const outcome = (has('outcome') && u.outcome) || d.outcome || 'pending';
    const nextAttemptAt = has('nextAttemptAt') ? u.nextAttemptAt : d.nextAttemptAt;
    const status = u.lastStatus ?? null;
    if (first && first.leaseUntil !== undefined) leaseUntil = first.leaseUntil;
    const seq = this.insertExchange({
      id: d.id,
      kind: kindCode.delivery,
      time,
      eventType: d.eventType,
      eventId: d.eventId,
      sourceId: d.subscriptionId,
      target: d.targetUrl,
      method: d.request.method,
      outcome,
      status,
      durationMs: u.durationMs ?? null,
      attempts: first ? Math.max(0, first.attempt.n) : 0,
      size: body.size,
      nextAttemptAt: nextAttemptAt ? toMs(nextAttemptAt, 'nextAttemptAt') : null,
      leaseUntil,
      verdict: null,
      replayOf: d.replayOf ?? null,
      headers: d.request.headers,
      body,
      detail: deliveryDetail(d),
    });
    if (this.recent.size >= RECENT_CAP) this.recent.delete(this.recent.keys().next().value!);
    const key = {
      kind: kindCode.delivery,
      source: d.subscriptionId ?? '',
      event: d.eventType ?? '',
      outcome,
      status: status ?? 0,
      time,
    };
    const entry = { seq, key, body: body.value };
    this.recent.set(d.id, entry);
    if (first) this.insertAttemptRow(entry, first.attempt);
  }

  insertCapture(c: NewCapture): void {
    const body = encodeBody(c.body, this.bodyCap);
    this.insertExchange({
      id: c.id,
      kind: kindCode.capture,
      time: toMs(c.receivedAt, 'receivedAt'),
      eventType: c.eventType,
      eventId: c.eventId,
      sourceId: c.inboxId,
      target: c.path,
      method: c.method,
      outcome: c.outcome,
      status: c.response?.status ?? null,
      durationMs: c.durationMs,
      attempts: 0,
      size: body.size,
      nextAttemptAt: null,
      leaseUntil: null,
      verdict: verdictOf(c.verification),
      replayOf: null,
      headers: c.headers,
      body,
      detail: captureDetail(c),
    });
  }

  /** A delivery's key and what it is counted under in the rollup, by id. */
  private locate(id: string): { seq: number; key: RollupKey; body?: string | Uint8Array | null } {
    const known = this.recent.get(id);
    if (known) return known;
    const row = this.stmts.get(LOCATE_DELIVERY, true).get(id) as
      [number, string, string, string, number, number] | undefined;
    if (!row) throw new UnknownDeliveryError(id);
    return {
      seq: Number(row[0]),
      key: {
        kind: kindCode.delivery,
        source: row[1],
        event: row[2],
        outcome: row[3],
        status: Number(row[4]),
        time: Number(row[5]),
      },
    };
  }

  insertAttempt(a: NewAttempt, update: DeliveryUpdate = {}, leaseUntil?: number | null): void {
    const at = this.locate(a.deliveryId);
    this.insertAttemptRow(at, a);
    const merged: DeliveryUpdate = {
      lastStatus: a.response?.status ?? null,
      durationMs: a.timings?.totalMs ?? null,
      ...update,
    };
    this.updateRow(at, merged, a.n, leaseUntil);
  }

  private insertAttemptRow(at: { seq: number; body?: string | Uint8Array | null }, a: NewAttempt): void {
    const seq = at.seq;
    const reqBody = encodeBody(a.request.body, this.bodyCap);
    const resBody = a.response ? encodeBody(a.response.body, this.bodyCap) : null;
    const same =
      reqBody.value !== null &&
      (at.body !== undefined ? sameBody(reqBody.value, at.body) : this.sameAsDeliveryBody(seq, reqBody.value));
    this.stmts
      .get(INSERT_ATTEMPT)
      .run(
        seq,
        a.n,
        toMs(a.startedAt, 'startedAt'),
        JSON.stringify(masked(a.request.headers)),
        same ? null : reqBody.value,
        same ? 1 : 0,
        reqBody.size,
        reqBody.truncated ? 1 : 0,
        a.response?.status ?? null,
        a.response ? JSON.stringify(masked(a.response.headers)) : null,
        resBody?.value ?? null,
        resBody?.size ?? null,
        resBody ? (resBody.truncated ? 1 : 0) : null,
        a.timings ? JSON.stringify(a.timings) : null,
        a.error,
      );
  }

  /** Retries resend the same signed body; storing it once per delivery keeps the log small. */
  private sameAsDeliveryBody(seq: number, value: string | Uint8Array): boolean {
    const row = this.stmts.get(DELIVERY_BODY, true).get(seq) as unknown[] | undefined;
    return sameBody(value, row?.[0]);
  }

  updateDelivery(id: string, update: DeliveryUpdate, leaseUntil?: number | null): void {
    this.updateRow(this.locate(id), update, 0, leaseUntil);
  }

  /**
   * One UPDATE per change; `attempts` only ever grows (an attempt row may be
   * written after a later one). A cancelled delivery stays cancelled unless an
   * attempt already in flight succeeded: a cancel made on another node wins
   * over the retry the attempt's node would schedule.
   */
  private updateRow(
    at: { seq: number; key: RollupKey; body?: unknown },
    given: DeliveryUpdate,
    attempts: number,
    leaseUntil: number | null | undefined,
  ): void {
    const u = keepCancelled(at.key.outcome, given);
    const has = (k: keyof DeliveryUpdate) => Object.prototype.hasOwnProperty.call(u, k);
    this.stmts
      .get(UPDATE_DELIVERY)
      .run(
        has('outcome') ? 1 : 0,
        u.outcome ?? null,
        has('lastStatus') ? 1 : 0,
        u.lastStatus ?? null,
        statusClassOf(u.lastStatus),
        has('nextAttemptAt') ? 1 : 0,
        u.nextAttemptAt ? toMs(u.nextAttemptAt, 'nextAttemptAt') : null,
        has('durationMs') ? 1 : 0,
        u.durationMs ?? null,
        at.seq,
        attempts,
        leaseUntil !== undefined ? 1 : 0,
        leaseUntil === null || leaseUntil === undefined ? null : this.nodeId,
        leaseUntil ?? null,
      );
    const to = {
      ...at.key,
      outcome: has('outcome') && u.outcome ? u.outcome : at.key.outcome,
      status: has('lastStatus') ? (u.lastStatus ?? 0) : at.key.status,
    };
    this.rollup.move(at.key, to);
    at.key = to;
  }
}
