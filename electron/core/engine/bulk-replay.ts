import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { bulkReplayInput } from '../../../shared/api/methods/bulk-replay';
import { AppFailure } from '../../../shared/api/result';
import { isFinished, type BulkReplayJob, type BulkReplayState } from '../../../shared/model/bulk-replay';
import type { ExchangeFilter, ExchangePage } from '../../../shared/model/exchange';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import type { ExchangeStore } from '../store/port';
import { Pacer } from './bulk-replay-pacer';
import type { DeliverySystem } from './delivery-system';
import { replay } from './replay';

type BulkReplayInput = z.output<typeof bulkReplayInput>;

/** Rows read per keyset page; small so a cancelled job has not read far ahead. */
const PAGE = 100;
/** Kept in the job for the reason; the count is in `failed`. */
const MAX_ERRORS = 20;
/** Progress events at most this often while running; state changes always go out. */
const PROGRESS_EVERY_MS = 100;

export interface BulkReplayDeps {
  /** Null until the core has started. */
  delivery(): DeliverySystem | null;
  exchanges(): ExchangeStore | null;
  clock: Clock;
  log: Logger;
  onProgress(job: BulkReplayJob): void;
}

interface Run {
  job: BulkReplayJob;
  pacer: Pacer;
  /** The walk loop: resolves once no new replay will start. */
  walk: Promise<void>;
}

function filterOf(input: BulkReplayInput): ExchangeFilter {
  const { dryRun: _d, ratePerSecond: _r, target: _t, ...filter } = input;
  return filter;
}

/**
 * The one bulk replay job of a core. It walks the filtered log newest first
 * with the keyset cursor from a snapshot taken at start (the first page is read
 * before any replay exists, and later pages only go older), so the replays it
 * creates are never replayed again; each row goes through the same replay as a
 * single one (re-signed, fresh timestamp) and counts as succeeded when its first
 * attempt got a 2xx.
 */
export class BulkReplayer {
  private run: Run | null = null;
  /** Set while a start awaits its count, so a second start in that window is a conflict too. */
  private starting = false;
  private lastEmit = 0;

  constructor(private readonly deps: BulkReplayDeps) {}

  private stores(): { system: DeliverySystem; exchanges: ExchangeStore } {
    const system = this.deps.delivery();
    const exchanges = this.deps.exchanges();
    if (!system || !exchanges)
      throw new AppFailure('unavailable', 'The delivery engine is not running (the core is not started).');
    return { system, exchanges };
  }

  /** How many rows match now; waits for queued writes to commit first so a row just logged is counted. */
  private async count(exchanges: ExchangeStore, filter: ExchangeFilter): Promise<number> {
    await exchanges.flush();
    return (await exchanges.facets(filter)).total;
  }

  current(): BulkReplayJob | null {
    return this.run ? { ...this.run.job, errors: [...this.run.job.errors] } : null;
  }

  async start(input: BulkReplayInput): Promise<{ count: number; job: BulkReplayJob | null }> {
    const { system, exchanges } = this.stores();
    const filter = filterOf(input);
    if (input.dryRun) return { count: await this.count(exchanges, filter), job: null };
    if (this.starting || (this.run && !isFinished(this.run.job.state))) {
      const progress = this.run && !this.starting ? ` (${this.run.job.done} of ${this.run.job.total} done)` : '';
      throw new AppFailure('conflict', `A bulk replay is already running${progress}; cancel it or wait for it to end.`);
    }
    this.starting = true;
    let total: number;
    let first: ExchangePage;
    try {
      total = await this.count(exchanges, filter);
      // Read before the first replay can add a row: this page is the top of the snapshot, later pages only go older.
      first = await exchanges.query(filter, { limit: PAGE });
    } finally {
      this.starting = false;
    }
    const job: BulkReplayJob = {
      id: `br_${randomUUID()}`,
      state: 'running',
      filter,
      ratePerSecond: input.ratePerSecond,
      total,
      done: 0,
      succeeded: 0,
      failed: 0,
      startedAt: new Date(this.deps.clock.now()).toISOString(),
      finishedAt: null,
      errors: [],
    };
    const pacer = new Pacer(input.ratePerSecond);
    const run: Run = { job, pacer, walk: Promise.resolve() };
    this.run = run;
    run.walk = this.walk(run, first, { exchanges, system, target: input.target ?? { kind: 'original' as const } });
    this.emit(run, true);
    return { count: total, job: this.current() };
  }

  /** Stops starting replays; those in flight finish and are counted, then the state is final. */
  cancel(): { cancelled: boolean; job: BulkReplayJob | null } {
    const run = this.run;
    if (!run || run.job.state !== 'running') return { cancelled: false, job: this.current() };
    this.abort(run, 'cancelling');
    return { cancelled: true, job: this.current() };
  }

  /** For core.stop(): no replay starts after this resolves; call settled() after the engine stopped. */
  async stop(): Promise<void> {
    const run = this.run;
    if (!run) return;
    if (run.job.state === 'running' || run.job.state === 'cancelling') this.abort(run, 'stopped');
    await run.walk;
  }

  /** Resolves when the job has ended (walk done and every replay it started settled). */
  async settled(): Promise<void> {
    const run = this.run;
    if (!run) return;
    await run.walk;
    await run.pacer.settled();
  }

  private abort(run: Run, state: BulkReplayState): void {
    run.job.state = state;
    run.pacer.abort();
    this.emit(run, true);
  }

  private async walk(
    run: Run,
    first: ExchangePage,
    ctx: { exchanges: ExchangeStore; system: DeliverySystem; target: NonNullable<BulkReplayInput['target']> },
  ): Promise<void> {
    const { pacer, job } = run;
    let page = first;
    try {
      for (;;) {
        for (const row of page.items) {
          if (!(await pacer.next())) break;
          pacer.track(this.replayOne(run, row.id, ctx));
        }
        if (pacer.isAborted || !page.nextCursor) break;
        page = await ctx.exchanges.query(job.filter, { limit: PAGE, cursor: page.nextCursor });
      }
    } catch (err) {
      // The store closed under us or a page failed: end the job instead of leaving it "running".
      this.deps.log.error('bulk replay walk failed', err);
      this.recordError(job, '(walk)', `Reading the log failed: ${(err as Error).message}`, false);
      if (job.state === 'running') job.state = 'stopped';
    }
    void pacer.settled().then(() => this.finish(run));
  }

  private async replayOne(
    run: Run,
    id: string,
    ctx: { exchanges: ExchangeStore; system: DeliverySystem; target: NonNullable<BulkReplayInput['target']> },
  ): Promise<void> {
    const { job } = run;
    try {
      const result = await replay(
        { id, target: ctx.target, wait: true },
        { exchanges: ctx.exchanges, subscriptions: ctx.system.subscriptions, emitter: ctx.system.emitter },
      );
      const first = result.deliveries[0]?.firstAttempt;
      if (first?.ok) job.succeeded++;
      else
        this.recordError(
          job,
          id,
          first ? (first.error ?? `answered ${first.status}`) : 'not attempted (the engine is stopping)',
          true,
        );
    } catch (err) {
      if (!(err instanceof AppFailure)) this.deps.log.error(`bulk replay of ${id} failed`, err);
      this.recordError(job, id, (err as Error).message, true);
    }
    job.done++;
    this.emit(run, false);
  }

  private recordError(job: BulkReplayJob, id: string, message: string, counts: boolean): void {
    if (counts) job.failed++;
    if (job.errors.length < MAX_ERRORS) job.errors.push({ id, message });
  }

  private finish(run: Run): void {
    const { job } = run;
    if (job.state === 'running') {
      job.state = 'completed';
      // Rows purged by retention mid-walk were never reached; done is what the walk found.
      job.total = job.done;
    } else if (job.state === 'cancelling') job.state = 'cancelled';
    job.finishedAt = new Date(this.deps.clock.now()).toISOString();
    this.emit(run, true);
  }

  private emit(run: Run, force: boolean): void {
    const now = performance.now();
    if (!force && now - this.lastEmit < PROGRESS_EVERY_MS) return;
    this.lastEmit = now;
    if (this.run === run) this.deps.onProgress(this.current()!);
  }
}
