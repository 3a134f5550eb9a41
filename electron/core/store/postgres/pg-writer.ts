import type pg from 'pg';
import type { Logger } from '../../log';
import { WriterClosedError } from '../exchange/group-writer';
import type { ExchangeWrite } from '../port';
import { named } from './pg-client';
import { dayOf, ensureDays, partitionDays } from './pg-partitions';
import { COMMIT_CHANNEL } from './pg-schema';
import {
  idsToLoad,
  planWrites,
  prepareWrite,
  type DeliveryState,
  type PreparedWrite,
  type WritePlan,
} from './pg-write-plan';
import * as sql from './pg-write-sql';

interface Pending {
  write: PreparedWrite;
  resolve(): void;
  reject(err: unknown): void;
}

export interface PgWriterOptions {
  /**
   * Opens the writer's own connection (pipeline mode: its statements never wait
   * behind reads). Called again after the connection died, so a database that
   * restarts takes writes again without restarting Hookbench.
   */
  connect(): Promise<pg.Client>;
  nodeId: string;
  bodyCap: number;
  log: Logger;
  now: () => number;
  /** Told which days each committed group wrote rows to (searches list the days holding rows). */
  onDays?: (days: Set<number>) => void;
  maxDelayMs?: number;
  maxBatch?: number;
}

/** Ids of deliveries this node wrote or read lately, with their keys: updates then lock them by key, not by id. */
export class KeyCache {
  private readonly map = new Map<string, [number, number]>();
  constructor(private readonly max = 50_000) {}
  get(id: string): [number, number] | undefined {
    return this.map.get(id);
  }
  set(id: string, key: [number, number]): void {
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value!);
    this.map.set(id, key);
  }
  delete(id: string): void {
    this.map.delete(id);
  }
  clear(): void {
    this.map.clear();
  }
}

const SEQ_BLOCK = 1000;
const isMissingPartition = (err: unknown) =>
  (err as { code?: string }).code === '23514' && /no partition of relation/.test(String((err as Error).message));

/**
 * Group commit on PostgreSQL: writes queue up while the previous group
 * commits, then go together in one transaction — rows many per INSERT
 * (unnest of arrays), the facet counts upserted once, one commit-log row and
 * one NOTIFY for the whole group (a NOTIFY per row serialises commits). Each
 * append resolves once its group committed; a group that fails is retried
 * write by write, so one bad record fails alone. Groups commit in append
 * order on one connection, so a retry's attempt never lands before its first.
 */
export class PgGroupWriter {
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private closed = false;
  private idleWaiters: (() => void)[] = [];
  private knownDays: Set<number> | null = null;
  readonly keys = new KeyCache();
  private readonly maxDelayMs: number;
  private readonly maxBatch: number;
  private client: Promise<pg.Client> | null = null;

  constructor(private readonly o: PgWriterOptions) {
    this.maxDelayMs = o.maxDelayMs ?? 2;
    this.maxBatch = o.maxBatch ?? 1000;
  }

  append(given: ExchangeWrite): Promise<void> {
    if (this.closed) return Promise.reject(new WriterClosedError());
    let write: PreparedWrite;
    try {
      write = prepareWrite(given, this.o.bodyCap, this.o.nodeId);
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ write, resolve, reject });
      if (!this.running && !this.timer) this.timer = setTimeout(() => this.kick(), this.maxDelayMs);
    });
  }

  /** Starts the queued group now instead of at the end of its window. */
  commitNow(): void {
    this.kick();
  }

  private kick(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running ??= this.drainQueue().finally(() => {
      this.running = null;
      if (this.queue.length) this.kick();
      else for (const w of this.idleWaiters.splice(0)) w();
    });
  }

  private async drainQueue(): Promise<void> {
    while (this.queue.length) await this.commitGroup(this.queue.splice(0, this.maxBatch));
  }

  /** Resolves once everything appended so far has committed (or failed). */
  drain(): Promise<void> {
    if (!this.queue.length && !this.running && !this.timer) return Promise.resolve();
    if (this.timer) this.kick();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    await this.drain();
    this.closed = true;
    const c = await this.client?.catch(() => null);
    this.client = null;
    await c?.end().catch(() => undefined);
  }

  /** The writer's connection, opened (again) when there is none. */
  private conn(): Promise<pg.Client> {
    this.client ??= this.o.connect().then(
      (c) => {
        c.on('error', (err) => {
          this.o.log.error('exchange store: the writer connection failed', err.message);
          this.client = null;
          void c.end().catch(() => undefined);
        });
        return c;
      },
      (err: unknown) => {
        this.client = null;
        throw err;
      },
    );
    return this.client;
  }

  private async commitGroup(group: Pending[]): Promise<void> {
    try {
      await this.transaction(group.map((p) => p.write));
    } catch (err) {
      if (group.length === 1) {
        this.o.log.warn('exchange store write failed', (err as Error).message);
        group[0]!.reject(err);
        return;
      }
      // One bad record must not sink its neighbours: retry each alone so only it fails.
      for (const p of group) await this.commitGroup([p]);
      return;
    }
    for (const p of group) p.resolve();
  }

  private async transaction(writes: PreparedWrite[], retried = false): Promise<void> {
    await this.ensureDays(writes);
    const inserts = writes.filter((w) => w.type === 'insert').length;
    await this.reserveSeqs(inserts);
    const seqsBefore = this.seqs.map((r) => [...r] as [number, number]);
    let plan: WritePlan;
    try {
      plan = await this.runTransaction(writes);
    } catch (err) {
      // Another node's retention dropped a day this writer thought existed.
      if (!isMissingPartition(err) || retried) throw err;
      this.knownDays = null;
      this.seqs = seqsBefore;
      return this.transaction(writes, true);
    }
    for (const row of plan.inserts) if (row.kind === 0) this.keys.set(row.id, [row.time, row.seq]);
    if (plan.inserts.length) this.o.onDays?.(new Set(plan.inserts.map((r) => dayOf(r.time))));
  }

  private async runTransaction(writes: PreparedWrite[]): Promise<WritePlan> {
    const c = await this.conn();
    const load = idsToLoad(writes);
    const first: Promise<pg.QueryResult>[] = [c.query('BEGIN')];
    if (load.length) {
      const known = load.map((id) => this.keys.get(id)).filter((k): k is [number, number] => k !== undefined);
      const unknown = load.filter((id) => !this.keys.get(id));
      if (known.length) first.push(c.query(named(sql.LOCK_BY_KEY, [known.map((k) => k[0]), known.map((k) => k[1])])));
      if (unknown.length) first.push(c.query(named(sql.LOCK_BY_ID, [unknown])));
    }
    try {
      // Round trip 1 (only when the group updates stored deliveries): read and lock them.
      const opened = await settleAll(first);
      const loaded = opened.slice(1).flatMap((r) => r.rows as DeliveryState[]);
      const plan = planWrites(writes, loaded, { nodeId: this.o.nodeId, nextSeq: () => this.nextSeq() });
      // Round trip 2: every row, the facet counts, the commit-log row and its NOTIFY, COMMIT — pipelined.
      const statements = sql.groupStatements(plan, this.o.nodeId, this.o.now(), COMMIT_CHANNEL);
      const results = await settleAll([...statements.map((q) => c.query(q)), c.query('COMMIT')]);
      if (results[results.length - 1]!.command !== 'COMMIT') throw new Error('the group commit was rolled back');
      return plan;
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  /** Every day the group inserts into has its partitions before the transaction starts (DDL runs on its own). */
  private async ensureDays(writes: PreparedWrite[]): Promise<void> {
    const c = await this.conn();
    this.knownDays ??= new Set(await partitionDays(c));
    const days = new Set<number>();
    for (const w of writes)
      if (w.type === 'insert' && !this.knownDays.has(dayOf(w.row.time))) days.add(dayOf(w.row.time));
    if (!days.size) return;
    await ensureDays(c, [...days]);
    this.knownDays = new Set(await partitionDays(c));
  }

  /** Sequence values this writer drew and has not used yet, as [next, end) ranges. */
  private seqs: [number, number][] = [];

  private nextSeq(): number {
    const range = this.seqs[0];
    if (!range) throw new Error('the writer ran out of reserved keys');
    const seq = range[0]++;
    if (range[0] >= range[1]) this.seqs.shift();
    return seq;
  }

  /** Draws blocks of SEQ_BLOCK keys from the shared sequence: one round trip per thousand rows, never a collision. */
  private async reserveSeqs(n: number): Promise<void> {
    const have = this.seqs.reduce((sum, [a, b]) => sum + b - a, 0);
    if (have >= n) return;
    const r = await (
      await this.conn()
    ).query<{ v: number }>(
      named("SELECT nextval('exchange_seq') AS v FROM generate_series(1, $1)", [Math.ceil((n - have) / SEQ_BLOCK)]),
    );
    for (const { v } of r.rows) this.seqs.push([v, v + SEQ_BLOCK]);
  }
}

async function settleAll(queries: Promise<pg.QueryResult>[]): Promise<pg.QueryResult[]> {
  const settled = await Promise.allSettled(queries);
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<pg.QueryResult>).value);
}
